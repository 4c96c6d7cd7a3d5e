using NodaTime;

namespace TimeTrack.Domain.Imports;

/// <summary>One record of an export as read: an <see cref="ImportedEntry"/> or a <see cref="RejectedRow"/>.</summary>
/// <param name="Line">The physical line of the file the record starts on (the header is line 1).</param>
public abstract record ImportedRow(int Line);

/// <summary>A record that could not be read, and why, in words for the person importing.</summary>
public sealed record RejectedRow(int Line, string Reason) : ImportedRow(Line)
{
    /// <summary>"line 14: the end 09:00 is before the start 17:00".</summary>
    public string Message => $"line {Line}: {Reason}";

    public override string ToString() => Message;
}

/// <summary>
/// One time entry of an export, in the same shape whichever tracker wrote it. Times are the local
/// wall-clock times the export carries, without a zone: the zone is the person's (or the organization's)
/// and is applied when the entry is saved. Either <see cref="Start"/> and <see cref="End"/> are both set
/// (the export has clock times; <see cref="Date"/> is the start's date) or both are null and the entry is
/// <see cref="Date"/> plus <see cref="Duration"/> (Harvest). Text fields are trimmed; empty is null.
/// </summary>
public sealed record ImportedEntry(int Line) : ImportedRow(Line)
{
    public required TrackerFormat Format { get; init; }

    public string? UserEmail { get; init; }

    public string? UserName { get; init; }

    public string? Client { get; init; }

    public string? Project { get; init; }

    /// <summary>The task (Toggl, Clockify, Harvest) or activity (Kimai, some Clockify exports).</summary>
    public string? Task { get; init; }

    public string? Description { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Null when the export has no billable column or leaves it empty.</summary>
    public bool? Billable { get; init; }

    public required LocalDate Date { get; init; }

    public LocalDateTime? Start { get; init; }

    public LocalDateTime? End { get; init; }

    /// <summary>The duration the export states (elapsed time, as the tracker measured it); null when it has none.</summary>
    public Duration? Duration { get; init; }

    public decimal? Rate { get; init; }

    public decimal? Amount { get; init; }

    /// <summary>ISO 4217 code, from the header ("Amount (EUR)") or the currency column ("Euro - EUR").</summary>
    public string? Currency { get; init; }

    /// <summary>
    /// See <see cref="EntryFingerprint"/>: worked out from the fields when asked for, not stored (reading
    /// a file's names for its mapping needs none, and a copy made with <c>with</c> cannot keep a stale one).
    /// </summary>
    public string Fingerprint => EntryFingerprint.Of(this);
}
