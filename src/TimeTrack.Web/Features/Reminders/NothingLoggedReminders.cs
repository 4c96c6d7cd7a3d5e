using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using NodaTime;
using TimeTrack.Domain.Reminders;
using TimeTrack.Domain.Time;
using TimeTrack.Web.Data;
using TimeTrack.Web.Features.Time;
using TimeTrack.Web.Infrastructure.Links;
using TimeTrack.Web.Localization;
using TimeTrack.Web.Tenancy;
using TimeTrack.Web.Tracking;

namespace TimeTrack.Web.Features.Reminders;

/// <summary>
/// The "nothing logged today" reminder of the current organization's people who turned it on: in the
/// last half hour of a working day (in their own zone and hours) with no time on that day and no timer
/// running, one email to them, queued in the outbox. It reads only the person's own entries to tell only
/// them, as the weekly digest does, so nothing is recorded in an access log. Re-entrant: the membership's
/// "reminded on" day is set by a conditional update in the same transaction as the email, so two runs
/// at once, or a retried one, queue one email a day at most.
/// </summary>
public sealed class NothingLoggedReminders(
    TimeTrackDbContext db,
    TenantContext tenant,
    PersonTrackingProvider people,
    IClock clock,
    PublicLinks links,
    IStringLocalizer<SharedResource> text,
    ILogger<NothingLoggedReminders> logger)
{
    /// <summary>Queues the reminders due now; returns how many this call queued.</summary>
    public async Task<int> QueueDueAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        var candidates = await db.Memberships.AsNoTracking()
            .Where(m => m.RemindNothingLogged)
            .Select(m => new { m.UserId, m.NothingLoggedRemindedOn })
            .ToListAsync(cancellationToken);
        var queued = 0;
        foreach (var candidate in candidates)
        {
            var tracking = await people.ForAsync(candidate.UserId, cancellationToken);
            if (ReminderRules.NothingLoggedDayAt(tracking.WorkingHours, tracking.Zone, now) is not { } today
                || candidate.NothingLoggedRemindedOn == today
                || await LoggedAnythingAsync(candidate.UserId, today, tracking.Zone, now, cancellationToken))
            {
                continue;
            }

            if (await QueueAsync(candidate.UserId, today, now, cancellationToken))
            {
                queued++;
            }
        }

        return queued;
    }

    /// <summary>Whether the person has a running timer, or any entry (with clock times or without) counting on <paramref name="day"/>.</summary>
    private async Task<bool> LoggedAnythingAsync(Guid userId, LocalDate day, DateTimeZone zone, Instant now, CancellationToken cancellationToken)
    {
        if (await db.TimeEntries.AnyAsync(e => e.UserId == userId && e.End == null, cancellationToken))
        {
            return true;
        }

        var dates = new DateInterval(day, day);
        var rows = await db.TimeEntries.AsNoTracking()
            .Where(e => e.UserId == userId)
            .CountingOn(dates)
            .Select(e => new { e.Start, e.End, e.Day, e.DayMilliseconds })
            .ToListAsync(cancellationToken);
        return rows.Any(r => DaySplit.PartsOf(r.Start, r.End, r.Day, r.DayMilliseconds, now, zone).On(dates).Any());
    }

    private async Task<bool> QueueAsync(Guid userId, LocalDate today, Instant now, CancellationToken cancellationToken)
    {
        var tenantId = tenant.RequiredTenantId;
        var person = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { u.Email, u.Culture, u.BrowserCulture }).SingleAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(person.Email))
        {
            return false;
        }

        var recipient = person.Email;

        var organization = await db.Organizations.AsNoTracking().Where(o => o.Id == tenantId)
            .Select(o => new { o.Name, o.Slug }).SingleAsync(cancellationToken);
        var (subject, body) = Words(
            Cultures.ForPerson(person.Culture, person.BrowserCulture),
            today,
            organization.Name,
            links.To($"/{organization.Slug}/time"),
            links.To($"/{organization.Slug}/{RemindersController.Path}"));
        var queued = await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // Whichever run sets the day first sends; another run at the same time updates no row.
            var claimed = await db.Database.ExecuteSqlAsync(
                $"""
                UPDATE memberships SET nothing_logged_reminded_on = {today}
                WHERE tenant_id = {tenantId} AND user_id = {userId} AND remind_nothing_logged
                  AND nothing_logged_reminded_on IS DISTINCT FROM {today}
                """,
                ct);
            if (claimed == 0)
            {
                await transaction.RollbackAsync(ct);
                return false;
            }

            // The key is the person-day: should the day ever be claimed again (a clock set back), the
            // email already queued for it stands and the claim is undone.
            var key = $"nothing-logged:{userId:N}:{today:yyyy-MM-dd}";
            // Due inside the working day: the outbox sends it on its next run.
            var inserted = await db.Database.ExecuteSqlAsync(
                $"""
                INSERT INTO outgoing_emails (tenant_id, id, key, user_id, "to", subject, text_body, not_before, created_at, attempts)
                VALUES ({tenantId}, {Guid.CreateVersion7()}, {key}, {userId}, {recipient}, {subject}, {body}, {now}, {now}, 0)
                ON CONFLICT (tenant_id, key) DO NOTHING
                """,
                ct);
            if (inserted == 0)
            {
                await transaction.RollbackAsync(ct);
                return false;
            }

            await transaction.CommitAsync(ct);
            return true;
        }, cancellationToken);

        if (queued)
        {
            logger.LogInformation("Nothing-logged reminder queued for {UserId} on {Day}", userId, today);
        }

        return queued;
    }

    /// <summary>The email's subject and body in the person's language, the day written in it too.</summary>
    private (string Subject, string Body) Words(CultureInfo culture, LocalDate today, string organization, string timeUrl, string settingsUrl)
    {
        using var language = CultureScope.Use(culture);
        var dayLabel = TimeFormat.Day(today);
        var body = new StringBuilder()
            .AppendLine(text["You have not logged any time today ({0}) in {1}, and your working day ends in about half an hour.", dayLabel, organization])
            .AppendLine()
            .AppendLine(text["If you worked today, add your time: {0}", timeUrl])
            .AppendLine()
            .AppendLine(text["You get this email because you turned this reminder on; only you get it. To turn it off, untick it on your reminders page: {0}", settingsUrl]);
        return (text["Nothing logged today ({0}) in {1}", dayLabel, organization], body.ToString());
    }
}
