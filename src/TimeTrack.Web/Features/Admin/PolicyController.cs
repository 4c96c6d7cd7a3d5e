using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using NodaTime;
using TimeTrack.Domain.Transparency;
using TimeTrack.Domain.Visibility;
using TimeTrack.Web.Authorization;
using TimeTrack.Web.Data;
using TimeTrack.Web.Disclosure;
using TimeTrack.Web.Features.Shared;
using TimeTrack.Web.Features.Time;
using TimeTrack.Web.Infrastructure.Input;
using TimeTrack.Web.Localization;
using TimeTrack.Web.Tenancy;
using TimeTrack.Web.Transparency;

namespace TimeTrack.Web.Features.Admin;

/// <summary>
/// The transparency policy's draft: edited by admins, compared in plain language with the latest
/// published version, and published with a reason and the day it takes effect. Every change to what
/// is tracked, who sees it and how time is tracked goes through here, so every member is told.
/// </summary>
[ShowsNoOneElsesData("The policy draft and the members and teams it may name: no figures.")]
[Authorize(Policy = Policies.Admin)]
public sealed partial class PolicyController(
    TimeTrackDbContext db,
    PolicyStore store,
    PolicyPublisher publisher,
    TenantContext tenant,
    IClock clock,
    IStringLocalizer<SharedResource> text) : OrgController
{
    private const string ViewPath = "~/Features/Admin/Policy.cshtml";

    public const string ExceptionsNeedAttention =
        "Nothing was published: some named exceptions need attention (marked under Named exceptions). Remove them from the draft, save it and publish again.";

    private Guid UserId => tenant.UserId ?? throw new InvalidOperationException("The admin policy lets only signed-in people through.");

    [HttpGet("admin/policy")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        return View(ViewPath, await BuildAsync(PolicyForm.From(await StartingPointAsync(cancellationToken)), null, cancellationToken));
    }

    [HttpPost("admin/policy")]
    public async Task<IActionResult> Save([Bind(Prefix = "")] PolicyForm form, CancellationToken cancellationToken)
    {
        var directory = await PolicyDirectory.LoadAsync(db, cancellationToken);
        var policy = form.ToPolicy(ModelState, directory.People, directory.Teams);
        if (policy is null)
        {
            TranslateErrors();
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View(ViewPath, await BuildAsync(form, null, cancellationToken));
        }

        var saved = await publisher.SaveDraftAsync(policy, UserId, cancellationToken);
        if (!saved.Succeeded)
        {
            // Only when someone left or a team went between reading the form and saving it: the
            // problems are about the draft's exceptions, not the form's rows, so they go on top.
            foreach (var (_, message) in saved.Problems)
            {
                ModelState.AddModelError("", message);
            }

            TranslateErrors();
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View(ViewPath, await BuildAsync(form, null, cancellationToken));
        }

        TempData["Notice"] = text["Draft saved. Nobody sees it until you publish it; review the changes below."].Value;
        return LocalRedirect($"/{OrgSlug}/admin/policy#review");
    }

    [HttpPost("admin/policy/publish")]
    public async Task<IActionResult> Publish([Bind(Prefix = PublishForm.Prefix)] PublishForm publish, CancellationToken cancellationToken)
    {
        var zone = await ZoneAsync(cancellationToken);
        var now = clock.GetCurrentInstant();
        var today = now.InZone(zone).Date;
        var effectiveFrom = TimeFormat.ParseDate(publish.EffectiveFrom);
        if (effectiveFrom is not { } date)
        {
            ModelState.AddModelError(
                Key(nameof(PublishForm.EffectiveFrom)),
                TimeFormat.DateProblem(publish.EffectiveFrom, text["Enter the day the policy takes effect, like {0}.", TimeFormat.Iso(today)]));
            return await PublishRefusedAsync(publish, cancellationToken);
        }

        // Today means now: the start of today has already passed.
        var effectiveAt = date == today ? now : zone.AtStartOfDay(date).ToInstant();
        var author = await db.Users.AsNoTracking()
            .Where(u => u.Id == UserId)
            .Select(u => u.DisplayName != "" ? u.DisplayName : u.Email ?? "")
            .SingleAsync(cancellationToken);
        var result = await publisher.PublishAsync(UserId, author, publish.Reason, effectiveAt, cancellationToken);
        if (!result.Succeeded || result.Version is not { Number: { } number } version)
        {
            foreach (var (field, message) in result.Problems)
            {
                if (field.StartsWith(nameof(PolicyForm.Exceptions) + "[", StringComparison.Ordinal))
                {
                    // The form shows the draft, whose exceptions are its rows in order: the keys are the same.
                    ModelState.AddModelError(field, message);
                    continue;
                }

                var key = field is nameof(PublishForm.Reason) or nameof(PublishForm.EffectiveFrom) ? Key(field) : PublishForm.Prefix;
                ModelState.AddModelError(key, message);
            }

            if (result.Problems.Any(p => p.Field.StartsWith(nameof(PolicyForm.Exceptions) + "[", StringComparison.Ordinal)))
            {
                ModelState.AddModelError(PublishForm.Prefix, ExceptionsNeedAttention);
            }

            return await PublishRefusedAsync(publish, cancellationToken);
        }

        // Its author has read it: they wrote it.
        await publisher.AcknowledgeAsync(UserId, version.Id, cancellationToken);
        TempData["Notice"] = version.EffectiveAt <= now
            ? text["Version {0} is published and in force. Every member has been told.", number].Value
            : text["Version {0} is published and takes effect on {1}. Every member has been told.", number, TimeFormat.LongDate(date)].Value;
        return LocalRedirect($"/{OrgSlug}/transparency/history#v{number}");
    }

    [HttpPost("admin/policy/discard")]
    [RequireConfirmation("Nothing was discarded: tick “Yes, discard the draft” to confirm; a discarded draft cannot be brought back.")]
    public async Task<IActionResult> Discard(CancellationToken cancellationToken)
    {
        await publisher.DiscardDraftAsync(cancellationToken);
        TempData["Notice"] = text["Draft discarded. The published policy is unchanged."].Value;
        return LocalRedirect($"/{OrgSlug}/admin/policy");
    }

    private static string Key(string field) => $"{PublishForm.Prefix}.{field}";

    private async Task<IActionResult> PublishRefusedAsync(PublishForm publish, CancellationToken cancellationToken)
    {
        TranslateErrors();
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View(ViewPath, await BuildAsync(PolicyForm.From(await StartingPointAsync(cancellationToken)), publish, cancellationToken));
    }

    /// <summary>
    /// Puts every message in the reader's language. The policy's rules (Domain) word their limits and the
    /// kinds of data they name into their English sentences, so a message with no resource of its own is
    /// looked up with each number and each quoted name as a placeholder ("Keep detail for {0} to {1} days…"),
    /// the quoted name itself translated; without a resource, it stays English.
    /// </summary>
    private void TranslateErrors()
    {
        foreach (var entry in ModelState.Values)
        {
            if (entry.Errors.Count == 0 || entry.Errors.All(e => e.ErrorMessage.Length == 0))
            {
                continue;
            }

            var errors = entry.Errors.ToList();
            entry.Errors.Clear();
            foreach (var error in errors)
            {
                if (error.ErrorMessage.Length == 0)
                {
                    entry.Errors.Add(error);
                }
                else
                {
                    entry.Errors.Add(Translate(error.ErrorMessage));
                }
            }
        }
    }

    private string Translate(string english)
    {
        var direct = text[english];
        if (!direct.ResourceNotFound)
        {
            return direct;
        }

        var values = new List<object>();
        var format = Variable().Replace(english, match =>
        {
            var index = values.Count;
            if (match.Groups["name"].Success)
            {
                values.Add(text[match.Groups["name"].Value].Value);
                return "\u201c{" + index + "}\u201d";
            }

            values.Add(match.Value);
            return "{" + index + "}";
        });
        if (values.Count == 0)
        {
            return english;
        }

        var built = text[format, [.. values]];
        return built.ResourceNotFound ? english : built;
    }

    [GeneratedRegex("\u201c(?<name>[^\u201d]*)\u201d|\\d+")]
    private static partial Regex Variable();

    /// <summary>
    /// The draft; without one, the latest published version, since that is what the draft will be
    /// compared with, even while it has yet to take effect.
    /// </summary>
    private async Task<TransparencyPolicy> StartingPointAsync(CancellationToken cancellationToken) =>
        (await store.DraftAsync(cancellationToken))?.Policy
        ?? (await store.LatestPublishedAsync(cancellationToken))?.Policy
        ?? await store.ActiveAsync(cancellationToken);

    private async Task<PolicyEditorModel> BuildAsync(PolicyForm form, PublishForm? publish, CancellationToken cancellationToken)
    {
        var zone = await ZoneAsync(cancellationToken);
        var draft = await store.DraftAsync(cancellationToken);
        var latest = await store.LatestPublishedAsync(cancellationToken);
        var active = await store.ActiveVersionAsync(cancellationToken);
        var upcoming = await store.UpcomingAsync(cancellationToken);

        var people = await db.Memberships.AsNoTracking()
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.Id, u.DisplayName, u.Email })
            .OrderBy(p => p.DisplayName).ThenBy(p => p.Email)
            .Select(p => new PolicyChoice(p.Id, p.DisplayName == "" ? p.Email ?? "" : p.DisplayName + " (" + p.Email + ")"))
            .ToListAsync(cancellationToken);
        var teams = await db.ActiveTeams.AsNoTracking()
            .OrderBy(t => t.Name)
            .Select(t => new PolicyChoice(t.Id, t.Name))
            .ToListAsync(cancellationToken);

        var directory = await PolicyDirectory.LoadAsync(db, cancellationToken);
        form.NameExceptionRows(directory.People, directory.Teams);

        var today = clock.GetCurrentInstant().InZone(zone).Date;
        publish ??= new PublishForm { EffectiveFrom = TimeFormat.Iso(today) };
        return new PolicyEditorModel(
            form,
            publish,
            Summary(active, zone),
            Summary(upcoming, zone),
            draft is null ? null : new DraftSummary(draft.Policy.MinimumGroupSize, PolicyDiff.Between(latest?.Policy, draft.Policy)),
            (latest?.Number ?? 0) + 1,
            people,
            teams,
            TimeFormat.Iso(today));
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

    private static VersionSummary? Summary(PolicyVersion? version, DateTimeZone zone) =>
        version is { Number: { } number, EffectiveAt: { } effectiveAt }
            ? new VersionSummary(number, effectiveAt.InZone(zone).Date, version.AuthorName)
            : null;
}

public sealed record PolicyChoice(Guid Id, string Name);

public sealed record VersionSummary(int Number, LocalDate EffectiveOn, string AuthorName);

/// <summary>The saved draft: its k (for the level labels) and what it changes against the latest published version.</summary>
public sealed record DraftSummary(int MinimumGroupSize, IReadOnlyList<PolicyChange> Changes);

public sealed record PolicyEditorModel(
    PolicyForm Form,
    PublishForm Publish,
    VersionSummary? Active,
    VersionSummary? Upcoming,
    DraftSummary? Draft,
    int NextNumber,
    IReadOnlyList<PolicyChoice> People,
    IReadOnlyList<PolicyChoice> Teams,
    string Today);
