using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;
using NodaTime.Text;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Visibility;

namespace TimeTrack.Web.Data;

/// <summary>
/// How a <see cref="TransparencyPolicy"/> is stored: a jsonb document per version. The document is
/// a plain shape of its own so that the domain types stay free of serialization concerns, and so
/// that old versions stay readable when the domain grows.
/// </summary>
public static class PolicyJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Serialize(TransparencyPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var s = policy.Settings;
        var document = new Document(
            [.. policy.Categories.Select(c => new CategoryDocument(
                c.Category, c.Tracked, c.Purpose, c.RetentionDays,
                c.Grants.Where(g => g.Value != Granularity.None).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Value)))],
            [.. policy.Exceptions.Select(e => new ExceptionDocument(
                e.ViewerUserId, e.ViewerName, e.Category, e.Granularity, e.SubjectTeamId, e.SubjectGroupName, e.Reason))],
            new SettingsDocument(
                s.TimerEnabled, s.ManualEntriesEnabled, s.ManualEditsNeedReason, s.Overlaps, s.WorkingDays,
                LocalTimePattern.ExtendedIso.Format(s.WorkdayStart), LocalTimePattern.ExtendedIso.Format(s.WorkdayEnd),
                s.MaximumDaysInPast, s.DigestEmbargoHours, s.MinimumGroupSize, s.MaximumDaysInFuture));
        return JsonSerializer.Serialize(document, Options);
    }

    public static TransparencyPolicy Deserialize(string json)
    {
        var document = JsonSerializer.Deserialize<Document>(json, Options)
            ?? throw new JsonException("A policy document is empty.");
        var defaults = TransparencyPolicy.Default;
        var categories = Enum.GetValues<DataCategory>().Select(category =>
            document.Categories.FirstOrDefault(c => c.Category == category) is { } c
                ? new CategoryPolicy(c.Category, c.Tracked, c.Purpose, c.RetentionDays, c.Grants ?? [])
                : defaults.For(category) with { Tracked = false, Grants = new Dictionary<Audience, Granularity>() });
        var d = PolicySettings.Default;
        var s = document.Settings;
        var settings = s is null ? d : new PolicySettings(
            s.TimerEnabled ?? d.TimerEnabled,
            s.ManualEntriesEnabled ?? d.ManualEntriesEnabled,
            s.ManualEditsNeedReason ?? d.ManualEditsNeedReason,
            s.Overlaps ?? d.Overlaps,
            s.WorkingDays ?? d.WorkingDays,
            ParseTime(s.WorkdayStart) ?? d.WorkdayStart,
            ParseTime(s.WorkdayEnd) ?? d.WorkdayEnd,
            s.MaximumDaysInPast ?? d.MaximumDaysInPast,
            s.DigestEmbargoHours ?? d.DigestEmbargoHours,
            s.MinimumGroupSize ?? d.MinimumGroupSize)
        {
            MaximumDaysInFuture = s.MaximumDaysInFuture ?? d.MaximumDaysInFuture,
        };
        var exceptions = (document.Exceptions ?? []).Select(e => new PolicyException(
            e.ViewerUserId, e.ViewerName, e.Category, e.Granularity, e.SubjectTeamId, e.SubjectGroupName, e.Reason));
        return new TransparencyPolicy(categories, exceptions, settings);
    }

    /// <summary>Whom a version widens for, as stored with the version: <c>{"everyone":false,"teamIds":[…]}</c>.</summary>
    public static string SerializeWidening(PolicyWidening widening)
    {
        ArgumentNullException.ThrowIfNull(widening);
        return JsonSerializer.Serialize(new WideningDocument(widening.Everyone, [.. widening.TeamIds]), Options);
    }

    public static PolicyWidening DeserializeWidening(string json)
    {
        var document = JsonSerializer.Deserialize<WideningDocument>(json, Options)
            ?? throw new JsonException("A widening document is empty.");
        return document.Everyone ? PolicyWidening.ForEveryone : PolicyWidening.ForTeams(document.TeamIds ?? []);
    }

    private static LocalTime? ParseTime(string? text) =>
        text is not null && LocalTimePattern.ExtendedIso.Parse(text) is { Success: true } result ? result.Value : null;

    private sealed record Document(
        IReadOnlyList<CategoryDocument> Categories,
        IReadOnlyList<ExceptionDocument>? Exceptions,
        SettingsDocument? Settings);

    private sealed record CategoryDocument(
        DataCategory Category,
        bool Tracked,
        string Purpose,
        int? RetentionDays,
        Dictionary<Audience, Granularity>? Grants);

    private sealed record ExceptionDocument(
        Guid ViewerUserId,
        string ViewerName,
        DataCategory Category,
        Granularity Granularity,
        Guid? SubjectTeamId,
        string SubjectGroupName,
        string Reason);

    private sealed record WideningDocument(bool Everyone, IReadOnlyList<Guid>? TeamIds);

    private sealed record SettingsDocument(
        bool? TimerEnabled,
        bool? ManualEntriesEnabled,
        bool? ManualEditsNeedReason,
        OverlapRule? Overlaps,
        int? WorkingDays,
        string? WorkdayStart,
        string? WorkdayEnd,
        int? MaximumDaysInPast,
        int? DigestEmbargoHours,
        int? MinimumGroupSize,
        int? MaximumDaysInFuture = null);
}
