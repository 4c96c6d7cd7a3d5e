using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json;
using NodaTime;
using TimeTrack.Domain.Digests;
using TimeTrack.Domain.Visibility;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Features.Time;
using TimeTrack.Web.Transparency;

namespace TimeTrack.Web.Features.Digests;

/// <summary>How the digest pages word numbers, dates and states.</summary>
public static class DigestFormat
{
    /// <summary>"7h 30m"; "0m" for nothing.</summary>
    public static string Minutes(int minutes) => TimeFormat.Length(Duration.FromMinutes(minutes));

    /// <summary>"+1h 30m", "−45m", "±0m": a difference against earlier weeks.</summary>
    public static string Difference(int minutes) => minutes switch
    {
        > 0 => "+" + Minutes(minutes),
        < 0 => "−" + Minutes(-minutes),
        _ => "±0m",
    };

    /// <summary>"Week of 16 Nov 2026".</summary>
    public static string Week(LocalDate weekStart) => "Week of " + PersonWeek.WeekLabel(weekStart);

    /// <summary>A translated text as it is, or the English one all in lower case as the pages write it mid-sentence ("week of 16 nov 2026").</summary>
    public static string InSentence(Microsoft.Extensions.Localization.LocalizedString text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.ResourceNotFound ? text.Value.ToLowerInvariant() : text.Value;
    }

    /// <summary>"Wed 25 Nov 2026, 14:00 (Europe/Berlin)": an instant in the zone of whoever reads it.</summary>
    public static string When(Instant instant, DateTimeZone zone) =>
        instant.InZone(zone).ToString("ddd d MMM yyyy, HH:mm", CultureInfo.CurrentCulture) + " (" + zone.Id + ")";

    /// <summary>"Tuesday 09:00".</summary>
    public static string Local(LocalDateTime time) => time.ToString("dddd HH:mm", CultureInfo.CurrentCulture);

    public static string Status(OutcomeStatus status) => status switch
    {
        OutcomeStatus.Planned => "Planned",
        OutcomeStatus.InProgress => "In progress",
        OutcomeStatus.Done => "Done",
        OutcomeStatus.Blocked => "Blocked",
        _ => status.ToString(),
    };

    public static string Kind(DigestReleaseKind kind) => kind switch
    {
        DigestReleaseKind.ReleasedEarly => "Released early",
        DigestReleaseKind.EmbargoEnded => "Released when the embargo ended",
        _ => "Under self-review",
    };

    /// <summary>The access-log resource of one digest read.</summary>
    public static string Resource(LocalDate weekStart, bool underSelfReview, string prefix = "Digests") =>
        prefix + " › week of " + PersonWeek.WeekLabel(weekStart) + (underSelfReview ? " (under self-review)" : "");
}

/// <summary>The reflection form on one's own digest.</summary>
public sealed class ReflectionForm
{
    [StringLength(4000, ErrorMessage = "Use at most 4,000 characters.")]
    [Display(Name = "Your reflection")]
    public string? Text { get; set; }

    [Display(Name = "Share my reflection with people who can see this digest")]
    public bool Share { get; set; }
}

/// <summary>"I could use support with…" on one's own digest.</summary>
public sealed class SupportForm
{
    [StringLength(2000, ErrorMessage = "Use at most 2,000 characters.")]
    [Display(Name = "I could use support with…")]
    public string? Request { get; set; }
}

/// <summary>A manager's answer to a support request.</summary>
public sealed class SupportResponseForm
{
    [Required(ErrorMessage = "Write a response, or use Acknowledge.")]
    [StringLength(2000, ErrorMessage = "Use at most 2,000 characters.")]
    [Display(Name = "Your response")]
    public string? Response { get; set; }
}

/// <summary>One week of the trend on the digests list.</summary>
public sealed record DigestTrendPoint(LocalDate WeekStart, int TotalMinutes, int FocusMinutes);

/// <summary>One row of a person's digest history.</summary>
public sealed record DigestListItem(LocalDate WeekStart, int TotalMinutes, int FocusMinutes, DigestReleaseKind Kind, bool HasReflection, bool HasSupportRequest);

public sealed record DigestIndexModel(IReadOnlyList<DigestListItem> Digests)
{
    /// <summary>Oldest first, the way a trend reads.</summary>
    public IReadOnlyList<DigestTrendPoint> Trend { get; } =
        [.. Digests.OrderBy(d => d.WeekStart).Select(d => new DigestTrendPoint(d.WeekStart, d.TotalMinutes, d.FocusMinutes))];

    public string TrendLabels => JsonSerializer.Serialize(Trend.Select(p => p.WeekStart.ToString("d MMM", CultureInfo.InvariantCulture)));

    public string TrendTotals => JsonSerializer.Serialize(Trend.Select(p => Math.Round(p.TotalMinutes / 60.0, 2)));

    public string TrendFocus => JsonSerializer.Serialize(Trend.Select(p => Math.Round(p.FocusMinutes / 60.0, 2)));
}

/// <summary>The release state of a digest, worded for whoever reads it.</summary>
public sealed record DigestRelease(DigestReleaseKind Kind, string EmbargoEnds, string? ReleasedOn, Instant VisibleFrom);

/// <summary>A manager's acknowledgement of, and response to, a support request.</summary>
public sealed record SupportAnswer(string? AcknowledgedBy, string? AcknowledgedOn, string? Response, Instant? AcknowledgedAt);

/// <summary>The person's own digest, with the forms they may use on it.</summary>
public sealed record OwnDigestModel(
    LocalDate WeekStart,
    DigestContent Content,
    DigestRelease Release,
    ReflectionForm Reflection,
    SupportForm Support,
    string? SupportRequestedOn,
    bool SupportAcknowledged,
    SupportAnswer? Answer)
{
    public string WeekText => TimeFormat.Iso(WeekStart);
}

/// <summary>
/// Someone else's digest as the policy lets the viewer see it. <see cref="Content"/> is null while the
/// digest is under self-review: then the page says only that, and until when at the latest.
/// </summary>
/// <remarks>
/// A read model: its release state says a digest exists, so it is the digests category like the numbers;
/// the reflection shows only when its author shared it (it is theirs to share, not the policy's).
/// </remarks>
public sealed record OthersDigestModel(
    Guid UserId,
    string PersonName,
    LocalDate WeekStart,
    [property: PersonData(DataCategory.Digests)] DigestRelease? Release,
    [property: PersonData(DataCategory.Digests)] DigestContent? Content,
    [property: PersonData(DataCategory.Reflections)] string? SharedReflection,
    [property: PersonData(DataCategory.Digests)] string? SupportRequest,
    [property: PersonData(DataCategory.Digests)] string? SupportRequestedOn,
    [property: PersonData(DataCategory.Digests)] SupportAnswer? Answer,
    SupportResponseForm ResponseForm)
{
    public string WeekText => TimeFormat.Iso(WeekStart);
}

/// <summary>A digest in the team list: never its numbers.</summary>
public sealed record TeamDigestRow(Guid UserId, string PersonName, LocalDate WeekStart, DigestReleaseKind Kind, string? VisibleFrom);

/// <summary>An open support request in the team list.</summary>
public sealed record TeamSupportRequest(Guid UserId, string PersonName, LocalDate WeekStart, string Request, string RequestedOn, SupportAnswer? Answer);

/// <summary>One person's part of the team list, as a read model: their digests' states and open support requests.</summary>
public sealed record PersonDigests(
    Guid UserId,
    [property: PersonData(DataCategory.Digests)] IReadOnlyList<TeamDigestRow>? Rows,
    [property: PersonData(DataCategory.Digests)] IReadOnlyList<TeamSupportRequest>? Requests);

public sealed record TeamDigestsModel(IReadOnlyList<TeamDigestRow> Digests, IReadOnlyList<TeamSupportRequest> SupportRequests, int Weeks);
