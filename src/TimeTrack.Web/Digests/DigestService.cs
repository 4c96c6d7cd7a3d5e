using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using NodaTime;
using NodaTime.Text;
using TimeTrack.Domain.Digests;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Time;
using TimeTrack.Domain.Visibility;
using TimeTrack.Web.Data;
using TimeTrack.Web.Features.Time;
using TimeTrack.Web.Infrastructure.Links;
using TimeTrack.Web.Localization;
using TimeTrack.Web.Tenancy;
using TimeTrack.Web.Tracking;
using TimeTrack.Web.Transparency;

namespace TimeTrack.Web.Digests;

/// <summary>
/// Builds and stores the digest of one person-week in the current organization, with the notice and
/// the email that tell the person about it. Idempotent: the unique (tenant, person, week) key decides
/// which of any number of concurrent or repeated builds creates the digest, and only that one writes
/// the notice and queues the email — in the same transaction, so a build that dies half-way leaves
/// either everything or nothing.
/// </summary>
public sealed class DigestService(
    TimeTrackDbContext db,
    TenantContext tenant,
    PolicyStore policies,
    PersonTrackingProvider people,
    IClock clock,
    PublicLinks links,
    IStringLocalizer<SharedResource> text,
    ILogger<DigestService> logger,
    IDigestFaults? faults = null)
{

    private static readonly LocalDatePattern LinkDate = LocalDatePattern.Iso;

    /// <summary>
    /// Builds the digest of the week starting <paramref name="weekStart"/> (a first day of the person's
    /// week) unless it exists, the week has not ended yet, or the policy in force does not track digests.
    /// Returns whether this call created it.
    /// </summary>
    public async Task<bool> BuildAsync(Guid userId, LocalDate weekStart, CancellationToken cancellationToken)
    {
        var tenantId = tenant.RequiredTenantId;
        var policy = await policies.ActiveAsync(cancellationToken);
        if (!policy.Tracks(DataCategory.Digests))
        {
            return false;
        }

        var tracking = await people.ForAsync(userId, cancellationToken);
        var week = tracking.WeekOf(weekStart);
        var now = clock.GetCurrentInstant();
        if (week.Start != weekStart || week.EndInstant > now)
        {
            logger.LogWarning("Digest for {UserId} not built: {WeekStart} is not the start of a week that has ended", userId, weekStart);
            return false;
        }

        if (await db.Digests.AsNoTracking().AnyAsync(d => d.UserId == userId && d.WeekStart == week.Start, cancellationToken))
        {
            return false;
        }

        var content = DigestBuilder.Build(await InputAsync(userId, week, tracking, policy, cancellationToken));
        var recipient = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { u.Email, u.Culture, u.BrowserCulture }).SingleAsync(cancellationToken);
        var slug = await db.Organizations.AsNoTracking().Where(o => o.Id == tenantId).Select(o => o.Slug).SingleAsync(cancellationToken);
        var digest = new Digest
        {
            TenantId = tenantId,
            Id = Guid.CreateVersion7(),
            UserId = userId,
            WeekStart = week.Start,
            WeekEndedAt = week.EndInstant,
            Content = content,
            CreatedAt = now,
            EmbargoEndsAt = now + Duration.FromHours(policy.Settings.DigestEmbargoHours),
        };

        if (faults is not null)
        {
            await faults.BeforeInsertAsync(userId, week.Start, cancellationToken);
        }

        var json = DigestJson.Serialize(content);
        var link = $"/{slug}/digests/{LinkDate.Format(week.Start)}";
        var words = Words(Cultures.ForPerson(recipient.Culture, recipient.BrowserCulture), week.Start, digest.EmbargoEndsAt, tracking.Zone, links.To(link));
        var created = await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            // A retried attempt starts from a clean slate: whatever the failed one added is not in the database.
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // The unique person-week index decides: a concurrent build waits for this one's commit and
            // then inserts nothing; an expected race, so not a failed command in the logs.
            var inserted = await db.Database.ExecuteSqlAsync(
                $"""
                INSERT INTO digests (tenant_id, id, user_id, week_start, week_ended_at, content, created_at, embargo_ends_at, reflection_shared)
                VALUES ({tenantId}, {digest.Id}, {userId}, {digest.WeekStart}, {digest.WeekEndedAt}, {json}::jsonb, {digest.CreatedAt}, {digest.EmbargoEndsAt}, false)
                ON CONFLICT (tenant_id, user_id, week_start) DO NOTHING
                """,
                ct);
            if (inserted == 0)
            {
                // Another build of the same person-week won; it wrote the notice and the email.
                await transaction.RollbackAsync(ct);
                return false;
            }

            if (faults is not null)
            {
                await faults.AfterInsertAsync(digest, ct);
            }

            db.Notices.Add(new Notice
            {
                Id = Guid.CreateVersion7(),
                UserId = userId,
                CreatedAt = now,
                Text = words.Notice,
                Link = link,
            });

            // No working window in the next fortnight means nowhere to deliver it politely; the notice stays.
            if (!string.IsNullOrWhiteSpace(recipient.Email) && WorkingWindows.NextSendTime(tracking, now) is { } notBefore)
            {
                db.OutgoingEmails.Add(new OutgoingEmail
                {
                    Id = Guid.CreateVersion7(),
                    Key = $"digest:{digest.Id}",
                    UserId = userId,
                    To = recipient.Email,
                    Subject = words.Subject,
                    TextBody = words.Body,
                    NotBefore = notBefore,
                    CreatedAt = now,
                });
            }

            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return true;
        }, cancellationToken);

        if (created)
        {
            logger.LogInformation("Digest {DigestId} built for {UserId}, week of {WeekStart}", digest.Id, userId, week.Start);
            if (faults is not null)
            {
                await faults.AfterCommitAsync(digest, cancellationToken);
            }
        }

        return created;
    }

    private async Task<DigestInput> InputAsync(Guid userId, Week week, PersonTracking tracking, TransparencyPolicy policy, CancellationToken cancellationToken)
    {
        // The earlier weeks only feed the comparison, a workload signal: untracked, they are not read.
        var first = policy.Tracks(DataCategory.WorkloadSignals) ? week.Start.PlusDays(-7 * DigestBuilder.ComparedWeeks) : week.Start;
        var to = week.EndInstant;

        // The entries' kept day parts (ADR 014) on the weeks' days, on the (tenant_id, user_id, day) index;
        // running timers are left out: the week has ended and their length is not known yet.
        var rows = await db.TimeEntries.AsNoTracking()
            .Where(e => e.UserId == userId && e.End != null)
            .CountingOn(new DateInterval(first, week.End.PlusDays(-1)))
            .Join(db.Projects, e => e.ProjectId, p => p.Id, (e, p) => new
            {
                e.Start,
                e.End,
                e.Day,
                e.DayMilliseconds,
                e.ProjectId,
                ProjectName = p.Name,
                e.OutcomeId,
                OutcomeName = db.Outcomes.Where(o => o.Id == e.OutcomeId).Select(o => o.Name).FirstOrDefault(),
                e.IsDurationOnly,
            })
            .ToListAsync(cancellationToken);
        var parts = rows
            .SelectMany(r => DaySplit.PartsOf(r.Start, r.End, r.Day, r.DayMilliseconds, to, week.Zone)
                .Select(part => new DigestEntry(part.Interval, r.ProjectId, r.ProjectName, r.OutcomeId, r.OutcomeName, part.Date, r.IsDurationOnly)))
            .ToList();
        var inWeek = parts.Where(e => week.Dates.Contains(e.Day.GetValueOrDefault())).ToList();
        var before = parts.Where(e => e.Day < week.Start).ToList();

        var worked = inWeek.Where(e => e.OutcomeId is not null).Select(e => e.OutcomeId.GetValueOrDefault()).Distinct().ToList();
        var weekStart = week.StartInstant;
        var outcomes = await db.Outcomes.AsNoTracking()
            .Where(o => worked.Contains(o.Id)
                || (o.OwnerUserId == userId && o.CompletedAt != null && o.CompletedAt >= weekStart && o.CompletedAt < to))
            .Join(db.Projects, o => o.ProjectId, p => p.Id, (o, p) => new DigestOutcome(o.Id, o.Name, p.Name, o.Status, o.CompletedAt))
            .ToListAsync(cancellationToken);

        var tracked = Enum.GetValues<DataCategory>().Where(policy.Tracks).ToHashSet();
        return new DigestInput(week, tracking.WorkingHours, inWeek, before, outcomes, tracked);
    }

    /// <summary>The notice, and the email's subject and body, in the person's language (their dates too).</summary>
    private (string Notice, string Subject, string Body) Words(CultureInfo culture, LocalDate weekStart, Instant embargoEnds, DateTimeZone zone, string url)
    {
        using var language = CultureScope.Use(culture);
        var weekLabel = TimeFormat.WeekLabel(weekStart);
        var end = embargoEnds.InZone(zone).LocalDateTime;
        var embargoEnd = TimeFormat.IsEnglish
            ? end.ToString("ddd d MMM yyyy, HH:mm", CultureInfo.InvariantCulture)
            : $"{TimeFormat.LongDate(end.Date)}, {TimeFormat.Clock(end)}";
        var body = new StringBuilder()
            .AppendLine(text["Your digest for the week of {0} is ready.", weekLabel])
            .AppendLine()
            .AppendLine(text["Only you can see it until you release it or until {0}. You can add a private reflection, say where you could use support, or release it early.", embargoEnd])
            .AppendLine()
            .AppendLine(text["Open it: {0}", url]);
        return (
            text["Your digest for the week of {0} is ready — only you can see it until you release it or until {1}.", weekLabel, embargoEnd],
            text["Your TimeTrack digest for the week of {0}", weekLabel],
            body.ToString());
    }
}

/// <summary>
/// Points where a test can make a digest build fail or wait, to show that retries and races still
/// create one digest, one notice and one email. Not registered in the app.
/// </summary>
public interface IDigestFaults
{
    /// <summary>After the digest is computed, before its transaction begins.</summary>
    Task BeforeInsertAsync(Guid userId, LocalDate weekStart, CancellationToken cancellationToken);

    /// <summary>Inside the transaction, right after the digest row is inserted.</summary>
    Task AfterInsertAsync(Digest digest, CancellationToken cancellationToken);

    /// <summary>After the transaction committed.</summary>
    Task AfterCommitAsync(Digest digest, CancellationToken cancellationToken);
}
