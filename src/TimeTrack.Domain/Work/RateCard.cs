using NodaTime;

namespace TimeTrack.Domain.Work;

/// <summary>
/// Which rate applies to an hour of a person on a project on a day. The most specific scope that has a
/// rate in force wins: the person on that project, then the project, then the person, then the
/// organization. Within a scope the rate with the latest <see cref="Rate.EffectiveFrom"/> on or before
/// the day applies. The report SQL orders by the same <see cref="Specificity"/>.
/// </summary>
public static class RateCard
{
    /// <summary>Higher is more specific: 3 person on project, 2 project, 1 person, 0 organization.</summary>
    public static int Specificity(Guid? projectId, Guid? userId) =>
        (projectId is null ? 0 : 2) + (userId is null ? 0 : 1);

    public static Rate? Applicable(IEnumerable<Rate> rates, Guid userId, Guid projectId, LocalDate day)
    {
        ArgumentNullException.ThrowIfNull(rates);
        return rates
            .Where(r => (r.ProjectId is null || r.ProjectId == projectId) && (r.UserId is null || r.UserId == userId) && r.EffectiveFrom <= day)
            .OrderByDescending(r => Specificity(r.ProjectId, r.UserId))
            .ThenByDescending(r => r.EffectiveFrom)
            .FirstOrDefault();
    }

    /// <summary>The amount for <paramref name="billable"/> time at <paramref name="hourlyAmount"/>, rounded to cents.</summary>
    public static decimal Amount(Duration billable, decimal hourlyAmount) =>
        decimal.Round((decimal)billable.TotalMilliseconds * hourlyAmount / 3_600_000m, 2, MidpointRounding.AwayFromZero);
}
