using Microsoft.EntityFrameworkCore;
using NodaTime;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Transparency;
using TimeTrack.Domain.Visibility;
using TimeTrack.Web.Data;
using TimeTrack.Web.Disclosure;

namespace TimeTrack.Web.Features.Admin;

/// <summary>
/// The rates page as one admin may see it: organization and project rates as they are, a person's rate
/// (alone or on a project) only where the policy grants the admin <see cref="DataCategory.Rates"/> of
/// them one by one — each such person finds the look in their access log — else only that one is set.
/// </summary>
public sealed class RatesReader(TimeTrackDbContext db, IClock clock)
{
    /// <summary>Whether the viewer may see (and so change) a rate of <paramref name="subject"/>.</summary>
    public static bool MayView(Looker looker, Guid subject, Guid? projectId)
    {
        ArgumentNullException.ThrowIfNull(looker);
        return looker.Sees(subject, DataCategory.Rates, Granularity.IndividualTotals, projectId);
    }

    /// <summary>The page's model; every person whose rate it shows finds the look in their access log.</summary>
    public async Task<RatesModel> ReadAsync(Looker looker, Organization organization, CurrencyForm currency, RateForm newRate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(looker);
        ArgumentNullException.ThrowIfNull(organization);
        var today = clock.GetCurrentInstant().InZone(DateTimeZoneProviders.Tzdb.GetZoneOrNull(organization.DefaultTimeZoneId) ?? DateTimeZone.Utc).Date;

        var projects = await db.Projects.AsNoTracking()
            .OrderBy(p => p.IsArchived).ThenBy(p => p.Name)
            .Select(p => new RateOption(p.Id, p.IsArchived ? p.Name + " (archived)" : p.Name))
            .ToListAsync(cancellationToken);
        var people = await db.Memberships.AsNoTracking()
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.Id, Name = u.DisplayName == "" ? u.Email : u.DisplayName })
            .ToListAsync(cancellationToken);
        var personOptions = people
            .Select(p => new RateOption(p.Id, p.Name ?? ""))
            .OrderBy(p => p.Label, StringComparer.CurrentCulture)
            .ToList();
        var projectNames = projects.ToDictionary(p => p.Id, p => p.Label);
        var personNames = personOptions.ToDictionary(p => p.Id, p => p.Label);

        var rates = await db.Rates.AsNoTracking().ToListAsync(cancellationToken);
        var inForce = rates
            .Where(r => r.EffectiveFrom <= today)
            .GroupBy(r => (r.ProjectId, r.UserId))
            .Select(g => g.MaxBy(r => r.EffectiveFrom)!.Id)
            .ToHashSet();

        var shown = new HashSet<Guid>();
        var rows = new List<RateRow>();
        var hidden = new List<HiddenRate>();
        foreach (var rate in rates)
        {
            var label = Label(rate.ProjectId, rate.UserId, projectNames, personNames);
            if (rate.UserId is { } subject && !MayView(looker, subject, rate.ProjectId))
            {
                if (!hidden.Any(h => h.ProjectId == rate.ProjectId && h.UserId == subject))
                {
                    hidden.Add(new HiddenRate(RatesModel.ScopeOf(rate.ProjectId, rate.UserId), label, rate.ProjectId, subject));
                }

                continue;
            }

            if (rate.UserId is { } seen && seen != looker.UserId)
            {
                shown.Add(seen);
            }

            var status = rate.EffectiveFrom > today ? RateStatus.Scheduled
                : inForce.Contains(rate.Id) ? RateStatus.InForce
                : RateStatus.Superseded;
            rows.Add(new RateRow(rate.Id, RatesModel.ScopeOf(rate.ProjectId, rate.UserId), label, rate.ProjectId, rate.UserId, rate.EffectiveFrom, rate.HourlyAmount, status));
        }

        var groups = Enum.GetValues<RateScope>()
            .Select(scope => new RateGroup(
                scope,
                [.. rows.Where(r => r.Scope == scope)
                    .OrderBy(r => r.Label, StringComparer.CurrentCulture)
                    .ThenByDescending(r => r.EffectiveFrom)],
                [.. hidden.Where(h => h.Scope == scope).OrderBy(h => h.Label, StringComparer.CurrentCulture)]))
            .ToList();

        var read = new AccessRead(AccessChannel.Page, "Admin › rates");
        foreach (var subject in shown)
        {
            looker.ShownIndividually(subject, [DataCategory.Rates], read);
        }

        return new RatesModel(organization.Currency, today, groups, projects, personOptions, currency, newRate, shown);
    }

    public static string Label(Guid? projectId, Guid? userId, IReadOnlyDictionary<Guid, string> projects, IReadOnlyDictionary<Guid, string> people)
    {
        var project = projectId is { } p ? projects.GetValueOrDefault(p, "A removed project") : null;
        var person = userId is { } u ? people.GetValueOrDefault(u, "A former member") : null;
        return (project, person) switch
        {
            (null, null) => "The organization",
            ({ } onlyProject, null) => onlyProject,
            (null, { } onlyPerson) => onlyPerson,
            ({ } both, { } who) => $"{who} on {both}",
        };
    }
}
