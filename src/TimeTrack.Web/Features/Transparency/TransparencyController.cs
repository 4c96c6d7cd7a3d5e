using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using NodaTime;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Transparency;
using TimeTrack.Domain.Visibility;
using TimeTrack.Web.Data;
using TimeTrack.Web.Disclosure;
using TimeTrack.Web.Features.Shared;
using TimeTrack.Web.Localization;
using TimeTrack.Web.Tenancy;
using TimeTrack.Web.Tracking;
using TimeTrack.Web.Transparency;

namespace TimeTrack.Web.Features.Transparency;

/// <summary>
/// The person's own view of the policy in force — what is tracked, who can see each kind of their
/// data and how finely, why, and for how long — and the log of who looked at their data.
/// </summary>
[ShowsNoOneElsesData("The policy and the person's own access log.")]
public sealed class TransparencyController(
    PolicyStore policies,
    TimeTrackDbContext db,
    TenantContext tenant,
    PersonTrackingProvider tracking,
    IStringLocalizer<SharedResource> text) : OrgController
{
    private const int PageSize = 50;

    [HttpGet("transparency")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var userId = tenant.UserId ?? throw new InvalidOperationException("A signed-in member is required.");
        var active = await policies.ActiveVersionAsync(cancellationToken);
        var policy = active?.Policy ?? TransparencyPolicy.Default;
        var people = await PeopleAroundAsync(userId, cancellationToken);
        var zone = (await tracking.ForAsync(userId, cancellationToken)).Zone;
        return View(new TransparencyModel(
            zone,
            policy,
            active,
            await policies.UpcomingAsync(cancellationToken),
            await policies.AwaitingAcknowledgementAsync(userId, cancellationToken),
            people));
    }

    [HttpGet("transparency/access-log")]
    public async Task<IActionResult> AccessLog(string? before, CancellationToken cancellationToken)
    {
        var userId = tenant.UserId ?? throw new InvalidOperationException("A signed-in member is required.");
        var zone = (await tracking.ForAsync(userId, cancellationToken)).Zone;
        var query = db.AccessLog.AsNoTracking().Where(e => e.SubjectUserId == userId);
        if (AccessLogCursor.TryParse(before, out var cursor))
        {
            query = query.Where(e => e.OccurredAt < cursor.OccurredAt || (e.OccurredAt == cursor.OccurredAt && e.Id.CompareTo(cursor.Id) < 0));
        }

        var rows = await query
            .OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id)
            .Take(PageSize + 1)
            .ToListAsync(cancellationToken);
        var page = rows.Take(PageSize).ToList();

        var viewerIds = page.Select(e => e.ViewerUserId).Distinct().ToList();
        var names = await db.Users.AsNoTracking()
            .Where(u => viewerIds.Contains(u.Id))
            .Select(u => new { u.Id, u.DisplayName, u.Email })
            .ToDictionaryAsync(u => u.Id, u => string.IsNullOrWhiteSpace(u.DisplayName) ? u.Email ?? text["Someone"] : u.DisplayName, cancellationToken);
        var exportIds = page.Where(e => e.ExportId != null).Select(e => e.ExportId!.Value).Distinct().ToList();
        var exportSizes = await db.DataExports.AsNoTracking()
            .Where(x => exportIds.Contains(x.Id))
            .Select(x => new { x.Id, Count = x.IncludedUserIds.Count })
            .ToDictionaryAsync(x => x.Id, x => x.Count, cancellationToken);

        var model = new AccessLogModel(
            [.. page.Select(e => new AccessLogRow(
                e.OccurredAt.InZone(zone).LocalDateTime,
                names.GetValueOrDefault(e.ViewerUserId, text["A former member"]),
                [.. e.Categories.Select(PolicyText.ShortLabel)],
                e.Channel,
                e.Resource,
                e.ExportId is { } exportId ? exportSizes.GetValueOrDefault(exportId) : null,
                e.GroupSize,
                e.PeriodStart is { } start && e.PeriodEnd is { } end ? new DateInterval(start, end) : null))],
            rows.Count > PageSize ? AccessLogCursor.Format(page[^1].OccurredAt, page[^1].Id) : null,
            before is not null);
        return View(model);
    }

    /// <summary>The actual people in each audience for this person, so "your team's manager" has a name.</summary>
    private async Task<IReadOnlyDictionary<Audience, IReadOnlyList<string>>> PeopleAroundAsync(Guid userId, CancellationToken cancellationToken)
    {
        var myTeams = db.ActiveTeamMembers.Where(m => m.UserId == userId).Select(m => m.TeamId);
        var managerIds = await db.TeamManagers.AsNoTracking()
            .Where(m => myTeams.Contains(m.TeamId) && m.UserId != userId)
            .Select(m => m.UserId)
            .Distinct()
            .ToListAsync(cancellationToken);
        var myProjects = db.ProjectMembers.Where(p => p.UserId == userId).Select(p => p.ProjectId);
        var projectManagerIds = await db.ProjectMembers.AsNoTracking()
            .Where(p => myProjects.Contains(p.ProjectId) && p.IsProjectManager && p.UserId != userId)
            .Select(p => p.UserId)
            .Distinct()
            .ToListAsync(cancellationToken);
        var adminIds = await db.Memberships.AsNoTracking()
            .Where(m => (m.Role == OrgRole.Admin || m.Role == OrgRole.Owner) && m.UserId != userId)
            .Select(m => m.UserId)
            .ToListAsync(cancellationToken);
        var teammateIds = await db.TeamMembers.AsNoTracking()
            .Where(m => myTeams.Contains(m.TeamId) && m.UserId != userId)
            .Select(m => m.UserId)
            .Distinct()
            .ToListAsync(cancellationToken);

        var all = managerIds.Concat(projectManagerIds).Concat(adminIds).Concat(teammateIds).Distinct().ToList();
        var names = await db.Users.AsNoTracking()
            .Where(u => all.Contains(u.Id))
            .Select(u => new { u.Id, Name = u.DisplayName == "" ? u.Email : u.DisplayName })
            .ToDictionaryAsync(u => u.Id, u => u.Name ?? "", cancellationToken);
        IReadOnlyList<string> Names(IEnumerable<Guid> ids) => [.. ids.Select(id => names.GetValueOrDefault(id, "")).Where(n => n != "").Order(StringComparer.CurrentCulture)];
        return new Dictionary<Audience, IReadOnlyList<string>>
        {
            [Audience.TeamManager] = Names(managerIds),
            [Audience.ProjectManagers] = Names(projectManagerIds),
            [Audience.OrganizationAdmins] = Names(adminIds),
            [Audience.Teammates] = Names(teammateIds),
        };
    }
}

public sealed record TransparencyModel(
    DateTimeZone Zone,
    TransparencyPolicy Policy,
    PolicyVersion? Active,
    PolicyVersion? Upcoming,
    PolicyToRead? AwaitingAcknowledgement,
    IReadOnlyDictionary<Audience, IReadOnlyList<string>> PeopleInAudience)
{
    /// <summary>The audiences granted anything of <paramref name="category"/>, with what they see.</summary>
    public IReadOnlyList<(Audience Audience, Granularity Granularity)> Grants(DataCategory category) =>
        [.. Enum.GetValues<Audience>().Select(a => (a, Policy.GrantFor(category, a))).Where(g => g.Item2 > Granularity.None)];

    /// <summary>
    /// Whether anyone besides the person sees billing totals (by a rule or an exception): those have no
    /// minimum group size, which the page then says.
    /// </summary>
    public bool ShowsBilling =>
        Policy.Tracks(DataCategory.Billing)
        && (Grants(DataCategory.Billing).Count > 0 || Policy.Exceptions.Any(e => e.Category == DataCategory.Billing && e.Granularity > Granularity.None));

    /// <summary>A version's date as the person reads it: the day in their own time zone.</summary>
    public string Day(Instant? instant) =>
        instant is { } value ? value.InZone(Zone).Date.ToString("d MMM yyyy", System.Globalization.CultureInfo.CurrentCulture) : "";
}

/// <summary>
/// One read of the person's data. <see cref="GroupSize"/> is set when they were only counted in group
/// figures over that many people; <see cref="Period"/> is the part of their data the read covered.
/// </summary>
public sealed record AccessLogRow(
    LocalDateTime At,
    string Viewer,
    IReadOnlyList<string> Categories,
    AccessChannel Channel,
    string Resource,
    int? ExportSize,
    int? GroupSize,
    DateInterval? Period)
{
    /// <summary>"16 Nov 2026", or "16 Nov – 22 Nov 2026": the days of the person's data the read covered.</summary>
    public string? PeriodText => Period is null ? null
        : Period.Start == Period.End ? Day(Period.Start)
        : $"{Day(Period.Start)} – {Day(Period.End)}";

    private static string Day(LocalDate date) => date.ToString("d MMM yyyy", System.Globalization.CultureInfo.CurrentCulture);
}

public sealed record AccessLogModel(IReadOnlyList<AccessLogRow> Rows, string? NextCursor, bool IsLaterPage);

/// <summary>An opaque position in the access log: the time and id of the last row shown.</summary>
public readonly record struct AccessLogCursor(Instant OccurredAt, Guid Id)
{
    public static string Format(Instant occurredAt, Guid id) =>
        FormattableString.Invariant($"{occurredAt.ToUnixTimeTicks()}-{id:N}");

    public static bool TryParse(string? text, out AccessLogCursor cursor)
    {
        cursor = default;
        var dash = text?.IndexOf('-', StringComparison.Ordinal) ?? -1;
        if (text is null || dash <= 0
            || !long.TryParse(text.AsSpan(0, dash), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ticks)
            || !Guid.TryParseExact(text.AsSpan(dash + 1), "N", out var id))
        {
            return false;
        }

        cursor = new AccessLogCursor(Instant.FromUnixTimeTicks(ticks), id);
        return true;
    }
}
