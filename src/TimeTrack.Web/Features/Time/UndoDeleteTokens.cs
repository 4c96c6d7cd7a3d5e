using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using NodaTime;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Tracking;

namespace TimeTrack.Web.Features.Time;

/// <summary>What a deleted entry was: enough to put it back as it was.</summary>
public sealed record DeletedEntry(Guid EntryId, EntryDetails Details, Instant Start, Instant? End, EntrySource Source, bool DurationOnly = false);

/// <summary>How reading an undo token went; <see cref="Entry"/> only when it may be used.</summary>
public sealed record UndoReading(DeletedEntry? Entry, string? Refusal);

/// <summary>
/// The undo of a delete, as a short-lived token the page posts back. The deleted entry's details travel in
/// it, encrypted and signed with Data Protection under a purpose bound to the organization and the person,
/// so a token opens for no one else; the deadline is inside the payload and read from the app's clock (not
/// Data Protection's time-limited wrapper) so an expired token gets its own message.
/// </summary>
public sealed class UndoDeleteTokens(IDataProtectionProvider protection, IClock clock)
{
    public static readonly Duration Lifetime = Duration.FromMinutes(10);

    public const string NotYours = "This undo link is not valid for you, so nothing was restored.";

    public const string Expired = "Undo is possible for 10 minutes after deleting; this entry can no longer be restored. Add it again instead.";

    public string Issue(Guid tenantId, Guid userId, TimeEntry entry) =>
        Issue(tenantId, userId, entry, clock.GetCurrentInstant() + Lifetime);

    /// <summary>A token that may be used until <paramref name="until"/>.</summary>
    public string Issue(Guid tenantId, Guid userId, TimeEntry entry, Instant until)
    {
        var payload = new Payload(
            tenantId,
            userId,
            entry.Id,
            entry.ProjectId,
            entry.TaskId,
            entry.OutcomeId,
            [.. entry.Tags.Select(t => t.TagId)],
            entry.IsBillable,
            entry.Description,
            entry.Start.ToUnixTimeTicks(),
            entry.End?.ToUnixTimeTicks(),
            entry.Source,
            until.ToUnixTimeTicks(),
            entry.IsDurationOnly);
        return Protector(tenantId, userId).Protect(JsonSerializer.Serialize(payload));
    }

    public UndoReading Read(string? token, Guid tenantId, Guid userId)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            return new UndoReading(null, NotYours);
        }

        Payload? payload;
        try
        {
            payload = JsonSerializer.Deserialize<Payload>(Protector(tenantId, userId).Unprotect(token));
        }
        catch (Exception e) when (e is CryptographicException or JsonException or FormatException)
        {
            // Altered, cut short, or protected for another person or organization.
            return new UndoReading(null, NotYours);
        }

        if (payload is null || payload.TenantId != tenantId || payload.UserId != userId)
        {
            return new UndoReading(null, NotYours);
        }

        if (clock.GetCurrentInstant() > Instant.FromUnixTimeTicks(payload.UndoUntil))
        {
            return new UndoReading(null, Expired);
        }

        var details = new EntryDetails(payload.ProjectId, payload.TaskId, payload.OutcomeId, payload.TagIds, payload.IsBillable, payload.Description);
        return new UndoReading(
            new DeletedEntry(
                payload.EntryId,
                details,
                Instant.FromUnixTimeTicks(payload.Start),
                payload.End is { } end ? Instant.FromUnixTimeTicks(end) : null,
                payload.Source,
                payload.DurationOnly),
            null);
    }

    private IDataProtector Protector(Guid tenantId, Guid userId) =>
        protection.CreateProtector("TimeTrack.Time.UndoDelete.v1", tenantId.ToString("N"), userId.ToString("N"));

    private sealed record Payload(
        Guid TenantId,
        Guid UserId,
        Guid EntryId,
        Guid ProjectId,
        Guid? TaskId,
        Guid? OutcomeId,
        IReadOnlyList<Guid> TagIds,
        bool IsBillable,
        string Description,
        long Start,
        long? End,
        EntrySource Source,
        long UndoUntil,
        bool DurationOnly = false);
}
