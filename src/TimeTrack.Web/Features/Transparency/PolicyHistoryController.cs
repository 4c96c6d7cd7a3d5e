using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using TimeTrack.Domain.Transparency;
using TimeTrack.Domain.Visibility;
using TimeTrack.Web.Data;
using TimeTrack.Web.Disclosure;
using TimeTrack.Web.Features.Shared;
using TimeTrack.Web.Tenancy;
using TimeTrack.Web.Transparency;

namespace TimeTrack.Web.Features.Transparency;

/// <summary>
/// Every published version of the policy, with its changes, author, reason and dates, readable by
/// every member; and the acknowledgement a new version asks for before anyone tracks more time.
/// </summary>
[ShowsNoOneElsesData("The published policy versions, visible to everyone.")]
public sealed class PolicyHistoryController(
    PolicyStore store,
    PolicyPublisher publisher,
    TimeTrackDbContext db,
    TenantContext tenant) : OrgController
{
    private Guid UserId => tenant.UserId ?? throw new InvalidOperationException("The member policy lets only signed-in people through.");

    [HttpGet("transparency/history")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var zone = await ZoneAsync(cancellationToken);
        var active = await store.ActiveVersionAsync(cancellationToken);
        var versions = await store.HistoryAsync(cancellationToken);
        var awaiting = await store.AwaitingAcknowledgementAsync(UserId, cancellationToken);
        return View("~/Features/Transparency/History.cshtml", new PolicyHistoryModel(
            [.. versions.Select(v => Row(v, active, zone))],
            awaiting is null ? null : AcknowledgePolicyModel.For(awaiting, OrgSlug, $"/{OrgSlug}/transparency/history", zone)));
    }

    [HttpGet("transparency/history/{number:int}")]
    public async Task<IActionResult> Show(int number, CancellationToken cancellationToken)
    {
        var version = await db.PolicyVersions.AsNoTracking().SingleOrDefaultAsync(v => v.Number == number, cancellationToken);
        if (version is null)
        {
            return NotFound();
        }

        var zone = await ZoneAsync(cancellationToken);
        var active = await store.ActiveVersionAsync(cancellationToken);
        return View("~/Features/Transparency/PolicyVersion.cshtml", new PolicyVersionModel(Row(version, active, zone), version.Policy));
    }

    [HttpPost("transparency/acknowledge")]
    public async Task<IActionResult> Acknowledge(Guid versionId, string? returnUrl, CancellationToken cancellationToken)
    {
        var onJoining = (await store.AwaitingAcknowledgementAsync(UserId, cancellationToken))?.OnJoining == true;
        if (!await publisher.AcknowledgeAsync(UserId, versionId, cancellationToken))
        {
            return NotFound();
        }

        TempData["Notice"] = onJoining
            ? "Thank you for reading the policy. You can track time now."
            : "Thank you for reading the new policy. You can track time again.";
        return LocalRedirect(returnUrl is not null && Url.IsLocalUrl(returnUrl) ? returnUrl : $"/{OrgSlug}/transparency/history");
    }

    private static PolicyVersionRow Row(PolicyVersion version, PolicyVersion? active, DateTimeZone zone)
    {
        var status = version.Id == active?.Id ? VersionStatus.InForce
            : active is null || version.Number > active.Number ? VersionStatus.Upcoming
            : VersionStatus.Replaced;
        return new PolicyVersionRow(
            version.Number ?? 0,
            version.AuthorName,
            version.Reason,
            version.PublishedAt?.InZone(zone).Date,
            version.EffectiveAt?.InZone(zone).Date,
            status,
            version.Changes,
            Acknowledgement(version));
    }

    /// <summary>Whose acknowledgement the version asked for, with the team names as the version itself gives them.</summary>
    private static string Acknowledgement(PolicyVersion version)
    {
        var widening = version.Widening;
        if (widening.IsNobody)
        {
            return version.Number == 1
                ? "Not needed: everyone reads the policy in force when they join."
                : "Not needed: it does not let anyone see more of anyone's data.";
        }

        if (widening.Everyone)
        {
            return "Needed from everyone who joined before it was published: it lets others see more of their data.";
        }

        var names = widening.TeamIds
            .Select(id => version.Policy.Exceptions.FirstOrDefault(e => e.SubjectTeamId == id)?.SubjectGroupName)
            .Select(name => string.IsNullOrWhiteSpace(name) ? "a team" : name)
            .Distinct()
            .Order(StringComparer.CurrentCulture);
        return $"Needed from the members of {string.Join(", ", names)} who joined before it was published: it lets others see more of their data.";
    }

    private async Task<DateTimeZone> ZoneAsync(CancellationToken cancellationToken)
    {
        var tenantId = tenant.RequiredTenantId;
        var zoneId = await db.Organizations.AsNoTracking()
            .Where(o => o.Id == tenantId)
            .Select(o => o.DefaultTimeZoneId)
            .SingleAsync(cancellationToken);
        return DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneId) ?? DateTimeZone.Utc;
    }
}

public enum VersionStatus
{
    InForce,
    Upcoming,
    Replaced,
}

/// <summary>One published version; dates are days in the organization's time zone, where effective dates are set.</summary>
public sealed record PolicyVersionRow(
    int Number,
    string AuthorName,
    string Reason,
    LocalDate? PublishedOn,
    LocalDate? EffectiveOn,
    VersionStatus Status,
    IReadOnlyList<string> Changes,
    string Acknowledgement);

public sealed record PolicyHistoryModel(IReadOnlyList<PolicyVersionRow> Versions, AcknowledgePolicyModel? Acknowledge);

public sealed record PolicyVersionModel(PolicyVersionRow Version, TransparencyPolicy Policy);

/// <summary>The callout that asks a person to read a new version before tracking more time.</summary>
/// <param name="ReturnUrl">Where to go back to once acknowledged; a local path.</param>
/// <param name="OnJoining">The person joined by invitation and reads the policy for the first time.</param>
public sealed record AcknowledgePolicyModel(Guid VersionId, int Number, LocalDate? EffectiveOn, string Slug, string ReturnUrl, bool OnJoining = false)
{
    /// <summary>Where pages outside this feature put the callout's model for the partial.</summary>
    public const string ViewDataKey = "AcknowledgePolicy";

    public const string PartialPath = "~/Features/Transparency/_AcknowledgePolicy.cshtml";

    public static AcknowledgePolicyModel For(PolicyToRead toRead, string slug, string returnUrl, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(toRead);
        var version = toRead.Version;
        return new AcknowledgePolicyModel(version.Id, version.Number ?? 0, version.EffectiveAt?.InZone(zone).Date, slug, returnUrl, toRead.OnJoining);
    }
}
