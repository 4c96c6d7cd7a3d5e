using Microsoft.EntityFrameworkCore;
using NodaTime;
using TimeTrack.Domain.Digests;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Transparency;
using TimeTrack.Domain.Visibility;
using TimeTrack.Web.Data;
using TimeTrack.Web.Disclosure;
using TimeTrack.Web.Tracking;
using TimeTrack.Web.Transparency;

namespace TimeTrack.Web.Features.Digests;

/// <summary>
/// Other people's digests as the policy lets a viewer see them — for the team pages and the API.
/// Until a digest is released others learn only that it is under self-review and until when; once
/// released, its numbers, with the parts that are other kinds of data (the focus block's exact time,
/// outside-hours time) only where the policy grants those too, and the reflection only when its author
/// shared it. Everything leaves through <see cref="Looker.Disclose{T}"/>, which records the read.
/// </summary>
public sealed class DigestReader(TimeTrackDbContext db, PersonWeekReader people, PersonTrackingProvider tracking, IClock clock)
{
    /// <summary>How many weeks back the team list goes; older digests stay on each digest's own address.</summary>
    public const int ListedWeeks = 12;

    private static readonly HashSet<DataCategory> SharedReflection = [DataCategory.Reflections];

    /// <summary>
    /// Someone else's digest of one week, or null when the policy does not show the viewer this person's
    /// digests, the person is the viewer, or there is no such digest — indistinguishable on purpose.
    /// </summary>
    public async Task<OthersDigestModel?> OneAsync(
        Looker looker,
        Guid subject,
        LocalDate weekStart,
        AccessChannel channel,
        SupportResponseForm? form,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(looker);
        if (await FindAsync(looker, subject, weekStart, tracked: false, cancellationToken) is not { } digest)
        {
            return null;
        }

        var zone = (await tracking.ForAsync(looker.UserId, cancellationToken)).Zone;
        var now = clock.GetCurrentInstant();
        var name = (await people.PeopleAsync([subject], cancellationToken)).SingleOrDefault()?.DisplayName ?? "";
        var release = DigestPages.Release(digest, now, zone);
        var underReview = release.Kind == DigestReleaseKind.UnderSelfReview;
        var built = new OthersDigestModel(
            subject,
            name,
            digest.WeekStart,
            release,
            underReview ? null : digest.Content,
            !underReview && digest.ReflectionShared ? digest.Reflection : null,
            underReview ? null : digest.SupportRequest,
            !underReview && digest.SupportRequestedAt is { } at ? DigestFormat.When(at, zone) : null,
            underReview ? null : await DigestPages.AnswerAsync(db, digest, zone, cancellationToken),
            form ?? new SupportResponseForm { Response = digest.SupportResponse });
        var prefix = channel == AccessChannel.Api ? "API: Digests" : "Digests";
        var read = new AccessRead(channel, DigestFormat.Resource(digest.WeekStart, underReview, prefix), new DateInterval(digest.WeekStart, digest.WeekStart.PlusDays(6)));
        var shown = looker.Disclose(subject, built, read, digest.ReflectionShared ? SharedReflection : null);

        // Highlights the viewer may not see (they can name the focus block's time) are written anew from the numbers shown.
        return shown.Content is { Highlights: null } content
            ? shown with { Content = content with { Highlights = DigestText.Highlights(content) } }
            : shown;
    }

    /// <summary>
    /// The team list: the last <see cref="ListedWeeks"/> weeks of digests of everyone whose digests the
    /// viewer may see (their states, never numbers), and open support requests of released digests.
    /// One access-log row per person listed.
    /// </summary>
    public async Task<TeamDigestsModel> TeamAsync(Looker looker, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(looker);
        var visible = await db.Memberships.AsNoTracking()
            .Where(looker.SubjectsSeen<Membership>(DataCategory.Digests, Granularity.IndividualTotals, m => m.UserId))
            .Where(m => m.UserId != looker.UserId)
            .Select(m => m.UserId)
            .ToListAsync(cancellationToken);
        var zone = (await tracking.ForAsync(looker.UserId, cancellationToken)).Zone;
        var now = clock.GetCurrentInstant();
        var since = now.InZone(zone).Date.PlusWeeks(-ListedWeeks);
        var digests = await db.Digests.AsNoTracking()
            .Where(d => visible.Contains(d.UserId))
            .Where(d => d.WeekStart >= since || (d.SupportRequest != null && d.SupportAcknowledgedAt == null))
            .ToListAsync(cancellationToken);
        var names = (await people.PeopleAsync(visible, cancellationToken)).ToDictionary(p => p.UserId, p => p.DisplayName);

        var rows = new List<TeamDigestRow>();
        var requests = new List<TeamSupportRequest>();
        foreach (var person in digests.Where(d => names.ContainsKey(d.UserId)).GroupBy(d => d.UserId).OrderBy(g => names[g.Key], StringComparer.CurrentCulture).ThenBy(g => g.Key))
        {
            var own = person.OrderByDescending(d => d.WeekStart).ToList();
            var personRequests = new List<TeamSupportRequest>();
            foreach (var digest in own.Where(d => d.SupportRequest is not null && d.ReleaseAt(now) != DigestReleaseKind.UnderSelfReview))
            {
                personRequests.Add(new TeamSupportRequest(
                    digest.UserId,
                    names[digest.UserId],
                    digest.WeekStart,
                    digest.SupportRequest ?? "",
                    digest.SupportRequestedAt is { } at ? DigestFormat.When(at, zone) : "",
                    await DigestPages.AnswerAsync(db, digest, zone, cancellationToken)));
            }

            var built = new PersonDigests(
                person.Key,
                [.. own.Where(d => d.WeekStart >= since).Select(d => new TeamDigestRow(
                    d.UserId,
                    names[d.UserId],
                    d.WeekStart,
                    d.ReleaseAt(now),
                    d.ReleaseAt(now) == DigestReleaseKind.UnderSelfReview ? DigestFormat.When(d.EmbargoEndsAt, zone) : null))],
                personRequests);
            var latest = own.Max(d => d.WeekStart);
            var read = new AccessRead(
                AccessChannel.Page,
                $"Team digests › list of {own.Count} digest{(own.Count == 1 ? "" : "s")}, latest week of {PersonWeek.WeekLabel(latest)}",
                new DateInterval(own.Min(d => d.WeekStart), latest.PlusDays(6)));
            var shown = looker.Disclose(person.Key, built, read);
            rows.AddRange(shown.Rows ?? []);
            requests.AddRange(shown.Requests ?? []);
        }

        return new TeamDigestsModel(rows, requests, ListedWeeks);
    }

    /// <summary>
    /// The digest, when the policy lets the viewer see this person's digests and the person is someone
    /// else; otherwise null, as if there were none. Tracked for answering a support request.
    /// </summary>
    public async Task<Digest?> FindAsync(Looker looker, Guid subject, LocalDate weekStart, bool tracked, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(looker);
        if (subject == looker.UserId || !looker.Sees(subject, DataCategory.Digests, Granularity.IndividualTotals))
        {
            return null;
        }

        var query = tracked ? db.Digests : db.Digests.AsNoTracking();
        return await query.SingleOrDefaultAsync(d => d.UserId == subject && d.WeekStart == weekStart, cancellationToken);
    }
}
