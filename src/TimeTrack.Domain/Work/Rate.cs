using NodaTime;
using TimeTrack.Domain.Tenancy;

namespace TimeTrack.Domain.Work;

/// <summary>
/// An hourly billable rate in the organization's currency, in force from <see cref="EffectiveFrom"/>
/// until a later rate of the same scope. The scope is the organization (no project, no person), a
/// project, a person, or a person on a project; see <see cref="RateCard"/> for which one applies.
/// </summary>
public sealed class Rate : ITenantOwned
{
    public Guid TenantId { get; set; }

    public Guid Id { get; set; }

    public Guid? ProjectId { get; set; }

    public Guid? UserId { get; set; }

    public LocalDate EffectiveFrom { get; set; }

    public decimal HourlyAmount { get; set; }

    public Guid SetByUserId { get; set; }

    public Instant SetAt { get; set; }
}
