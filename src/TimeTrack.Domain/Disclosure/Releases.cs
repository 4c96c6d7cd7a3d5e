using NodaTime;
using TimeTrack.Domain.Tenancy;

namespace TimeTrack.Domain.Disclosure;

/// <summary>
/// One calendar month of an organization, frozen for group figures: from the time it is released,
/// every figure over groups of people (and billing) about that month is answered from what was
/// frozen, never from the live entries, so that asking before and after a late change cannot tell
/// anyone's part. A month is released once (<see cref="ReleasedTime"/> and <see cref="ReleasedMembership"/>
/// are written with it, in one transaction) and never changed.
/// </summary>
public sealed class MonthRelease : ITenantOwned
{
    public Guid TenantId { get; set; }

    /// <summary>The first day of the calendar month.</summary>
    public LocalDate Month { get; set; }

    public Instant ReleasedAt { get; set; }

    /// <summary>When a month may be released: a full day after it ended in the organization's zone (people's own days end later in zones west of it), plus the digest embargo, so people review their weeks first.</summary>
    public static Instant ReleasableAt(LocalDate month, DateTimeZone organizationZone, int embargoHours)
    {
        ArgumentNullException.ThrowIfNull(organizationZone);
        var first = new LocalDate(month.Year, month.Month, 1);
        return first.PlusMonths(1).PlusDays(1).AtStartOfDayInZone(organizationZone).ToInstant() + Duration.FromHours(Math.Max(0, embargoHours));
    }

    /// <summary>The calendar month (its first day) that <paramref name="day"/> is in.</summary>
    public static LocalDate MonthOf(LocalDate day) => new(day.Year, day.Month, 1);
}

/// <summary>
/// A person's time in a released month on one project (and outcome), in one part: not billable, or
/// billable at one hourly rate (or at none). The client is the project's client when the month was released.
/// </summary>
public sealed class ReleasedTime : ITenantOwned
{
    public Guid TenantId { get; set; }

    public LocalDate Month { get; set; }

    public Guid Id { get; set; }

    public Guid UserId { get; set; }

    public Guid ProjectId { get; set; }

    public Guid? OutcomeId { get; set; }

    public Guid? ClientId { get; set; }

    public bool Billable { get; set; }

    /// <summary>The hourly rate that priced this billable part; null when not billable or no rate applied.</summary>
    public decimal? HourlyRate { get; set; }

    public long DurationMs { get; set; }
}

/// <summary>
/// Who a group was when its month was released: the organization (<see cref="GroupId"/> is the
/// organization's id) or a team. Group figures of a month are about these people.
/// </summary>
public sealed class ReleasedMembership : ITenantOwned
{
    public Guid TenantId { get; set; }

    public LocalDate Month { get; set; }

    public Guid GroupId { get; set; }

    public Guid UserId { get; set; }
}
