using System.Data.Common;
using System.Net;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using TimeTrack.Web.Data;
using TimeTrack.Web.Digests;
using TimeTrack.Web.Infrastructure.Email;
using TimeTrack.Web.Tenancy;
using TimeTrack.Web.Tracking;

namespace TimeTrack.Web.Jobs;

/// <summary>
/// Sends the email outbox: rows written in the same transaction as whatever caused them, sent only
/// inside the recipient's working hours.
/// </summary>
/// <remarks>
/// Delivery is at most once. A row is claimed (committed) before the SMTP conversation starts, and two
/// workers never claim the same row (<c>FOR UPDATE SKIP LOCKED</c>). A failure the sender sees
/// unclaims the row for a later attempt with backoff. A claim with no <c>sent_at</c> that is older
/// than <see cref="AbandonedAfter"/> means the worker died mid-send, or after the server accepted the
/// message but before <c>sent_at</c> was written: there is no telling which, so it is never retried
/// automatically — a lost email is better than a second one, and the in-app notice is there either way.
/// </remarks>
public sealed class OutgoingEmailJob(TimeTrackDbContext db, IBackgroundJobClient jobs, TenantScopeFactory scopes, IClock clock, ILogger<OutgoingEmailJob> logger)
{
    public const string RecurringId = "outgoing-email";

    /// <summary>Rows claimed per run and organization; the rest wait for the next run.</summary>
    public const int BatchSize = 50;

    /// <summary>Attempts after which a failing message is given up (left claimed, with its last error).</summary>
    public const int MaxAttempts = 10;

    public static readonly Duration AbandonedAfter = Duration.FromMinutes(15);

    /// <summary>Recorded on a claim found abandoned, once, so it is reported once.</summary>
    public const string AbandonedNote = "The sender stopped after claiming it, before recording it as sent; not retried, so it cannot go out twice.";

    private static readonly Duration LongestBackoff = Duration.FromHours(6);

    public Task FanOutAsync(CancellationToken cancellationToken) =>
        TenantFanOut.EnqueueForEachOrganizationAsync<OutgoingEmailJob>(db, jobs, (job, tenantId) => job.SendForTenantAsync(tenantId, CancellationToken.None), cancellationToken);

    /// <summary>Sends this organization's due messages; returns how many went out.</summary>
    public async Task<int> SendForTenantAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateScope(tenantId);
        var tenantDb = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
        var people = scope.ServiceProvider.GetRequiredService<PersonTrackingProvider>();
        var sender = scope.ServiceProvider.GetRequiredService<IEmailSender>();
        var now = clock.GetCurrentInstant();

        var abandoned = await tenantDb.OutgoingEmails
            .Where(e => e.SentAt == null && e.ClaimedAt != null && e.ClaimedAt < now - AbandonedAfter
                && e.Attempts < MaxAttempts && e.LastError != AbandonedNote)
            .ExecuteUpdateAsync(set => set.SetProperty(e => e.LastError, AbandonedNote), cancellationToken);
        if (abandoned > 0)
        {
            logger.LogWarning("{Count} outgoing emails of {TenantId} were claimed but never confirmed sent; they are not retried", abandoned, tenantId);
        }

        var claimed = await ClaimAsync(tenantDb, tenantId, now, cancellationToken);
        if (claimed.Count == 0)
        {
            return 0;
        }

        var messages = await tenantDb.OutgoingEmails.Where(e => claimed.Contains(e.Id)).ToListAsync(cancellationToken);
        var sent = 0;
        foreach (var message in messages)
        {
            var tracking = await people.ForAsync(message.UserId, cancellationToken);
            var sendAt = WorkingWindows.NextSendTime(tracking, now);
            if (sendAt != now)
            {
                // Hours changed since it was queued (or a retry fell outside them): wait for the next window.
                message.NotBefore = sendAt ?? now + Duration.FromDays(WorkingWindows.LookAheadDays);
                message.ClaimedAt = null;
                await tenantDb.SaveChangesAsync(cancellationToken);
                continue;
            }

            try
            {
                await sender.SendAsync(message.To, message.Subject, message.TextBody, HtmlBody(message.TextBody), cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                message.Attempts++;
                message.LastError = Describe(e);
                if (message.Attempts < MaxAttempts)
                {
                    message.ClaimedAt = null;
                    message.NotBefore = now + Backoff(message.Attempts);
                }

                await tenantDb.SaveChangesAsync(cancellationToken);
                logger.LogWarning("Outgoing email {EmailId} of {TenantId} failed (attempt {Attempts}): {ErrorType}", message.Id, tenantId, message.Attempts, e.GetType().Name);
                continue;
            }

            message.SentAt = clock.GetCurrentInstant();
            message.Attempts++;
            await tenantDb.SaveChangesAsync(cancellationToken);
            sent++;
        }

        return sent;
    }

    /// <summary>Marks up to <see cref="BatchSize"/> due rows as claimed, committed at once, and returns their ids.</summary>
    private static async Task<List<Guid>> ClaimAsync(TimeTrackDbContext tenantDb, Guid tenantId, Instant now, CancellationToken cancellationToken)
    {
        // Opened through EF so the connection interceptor sets the tenant: row-level security applies.
        await tenantDb.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = tenantDb.Database.GetDbConnection().CreateCommand();
            command.CommandText =
                """
                UPDATE outgoing_emails SET claimed_at = @now
                WHERE tenant_id = @tenant AND id IN (
                    SELECT id FROM outgoing_emails
                    WHERE tenant_id = @tenant AND sent_at IS NULL AND claimed_at IS NULL AND not_before <= @now
                    ORDER BY not_before
                    LIMIT @limit
                    FOR UPDATE SKIP LOCKED)
                RETURNING id
                """;
            AddParameter(command, "now", now.ToDateTimeUtc());
            AddParameter(command, "tenant", tenantId);
            AddParameter(command, "limit", BatchSize);
            var ids = new List<Guid>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                ids.Add(reader.GetGuid(0));
            }

            return ids;
        }
        finally
        {
            await tenantDb.Database.CloseConnectionAsync();
        }
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static Duration Backoff(int attempts) =>
        Duration.Min(Duration.FromMinutes(Math.Pow(2, attempts)), LongestBackoff);

    /// <summary>The kind of failure and the server's words, short; never any part of the message.</summary>
    private static string Describe(Exception e)
    {
        var text = $"{e.GetType().Name}: {e.Message}";
        return text.Length <= 300 ? text : text[..300];
    }

    private static string HtmlBody(string text) =>
        "<p>" + string.Join("<br>", text.TrimEnd().Split('\n').Select(line => WebUtility.HtmlEncode(line.TrimEnd('\r')))) + "</p>";
}
