using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using NodaTime;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Tracking;
using TimeTrack.Domain.Visibility;
using TimeTrack.Web.Features.Shared;
using TimeTrack.Web.Features.Work;

namespace TimeTrack.Web.Features.Admin;

/// <summary>
/// The policy editor as the admin's form posts it. Field names follow <see cref="PolicyValidation"/>'s
/// keys ("Categories[EntryDetails].Purpose", "Settings.MinimumGroupSize"), so its problems land next to
/// the inputs they are about. Numbers are posted as text so that a typo gets a sentence, not a binder error.
/// </summary>
public sealed partial class PolicyForm
{
    public const string NewExceptionPrefix = nameof(NewException);

    /// <summary>Shown for an exception row whose person is not (or no longer) a member.</summary>
    public const string NotAMember = "Not a member of this organization";

    /// <summary>Shown for an exception row whose team is not (or no longer) one of the organization's.</summary>
    public const string NotATeam = "Not a team of this organization";

    public Dictionary<DataCategory, CategoryForm> Categories { get; set; } = [];

    public PolicySettingsForm Settings { get; set; } = new();

    public List<ExceptionForm> Exceptions { get; set; } = [];

    public NewExceptionForm NewException { get; set; } = new();

    /// <summary>The rows for <paramref name="category"/>; blank when none were posted (or a hostile post bound nothing there).</summary>
    public CategoryForm For(DataCategory category) =>
        Categories?.TryGetValue(category, out var form) == true && form is not null ? form : new CategoryForm();

    public static PolicyForm From(TransparencyPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var form = new PolicyForm
        {
            Categories = policy.Categories.ToDictionary(c => c.Category, c => new CategoryForm
            {
                Tracked = c.Tracked,
                Purpose = c.Purpose,
                RetentionDays = c.RetentionDays?.ToString(CultureInfo.InvariantCulture),
                Grants = Enum.GetValues<Audience>().ToDictionary(a => a, c.GrantFor),
            }),
            Exceptions = [.. policy.Exceptions.Select(e => new ExceptionForm
            {
                ViewerUserId = e.ViewerUserId,
                ViewerName = e.ViewerName,
                Category = e.Category,
                Granularity = e.Granularity,
                SubjectTeamId = e.SubjectTeamId,
                SubjectGroupName = e.SubjectGroupName,
                Reason = e.Reason,
            })],
        };
        var settings = policy.Settings;
        form.Settings.TimerEnabled = settings.TimerEnabled;
        form.Settings.ManualEntriesEnabled = settings.ManualEntriesEnabled;
        form.Settings.ManualEditsNeedReason = settings.ManualEditsNeedReason;
        form.Settings.Overlaps = settings.Overlaps;
        form.Settings.Fill(new WorkingHours((WorkingDays)settings.WorkingDays, settings.WorkdayStart, settings.WorkdayEnd));
        form.Settings.MaximumDaysInPast = Text(settings.MaximumDaysInPast);
        form.Settings.MaximumDaysInFuture = Text(settings.MaximumDaysInFuture);
        form.Settings.DigestEmbargoHours = Text(settings.DigestEmbargoHours);
        form.Settings.MinimumGroupSize = Text(settings.MinimumGroupSize);
        return form;
    }

    /// <summary>
    /// The policy the form describes; null when it may not be saved, with every reason in
    /// <paramref name="modelState"/> under the form's field names. Every exception must be about one of
    /// <paramref name="people"/> (the organization's members) and, when it names a team, one of
    /// <paramref name="teams"/>; its names come from there, never from what was posted.
    /// </summary>
    public TransparencyPolicy? ToPolicy(ModelStateDictionary modelState, IReadOnlyDictionary<Guid, string> people, IReadOnlyDictionary<Guid, string> teams)
    {
        ArgumentNullException.ThrowIfNull(modelState);
        ArgumentNullException.ThrowIfNull(people);
        ArgumentNullException.ThrowIfNull(teams);

        var categories = Enum.GetValues<DataCategory>().Select(category => ReadCategory(category, modelState)).ToList();
        var settings = ReadSettings(modelState);

        // Which form row each exception of the policy came from, to put its problems next to that row.
        var rows = new List<string>();
        var exceptions = new List<PolicyException>();
        for (var index = 0; index < Exceptions.Count; index++)
        {
            var row = Exceptions[index];
            if (row.Remove)
            {
                continue;
            }

            // Named below from the organization, like the new row.
            exceptions.Add(new PolicyException(row.ViewerUserId, "", row.Category, row.Granularity, row.SubjectTeamId, "", row.Reason?.Trim() ?? ""));
            rows.Add(ExceptionKey(index, ""));
        }

        if (ReadNewException(modelState, people, teams) is { } added)
        {
            exceptions.Add(added);
            rows.Add(NewExceptionPrefix + ".");
        }

        var named = PolicyValidation.NameExceptions(new TransparencyPolicy(categories, exceptions, settings), people, teams);
        var policy = named.Policy;
        foreach (var problem in named.Problems.Concat(PolicyValidation.Validate(policy)))
        {
            var key = FormKey(problem.Field, rows);
            if (!modelState.HasErrors(key))
            {
                modelState.AddModelError(key, problem.Message);
            }
        }

        return modelState.IsValid ? policy : null;
    }

    /// <summary>
    /// Names the exception rows from the organization as it is now (<paramref name="people"/>,
    /// <paramref name="teams"/>), so the page never shows a name that was posted to it.
    /// </summary>
    public void NameExceptionRows(IReadOnlyDictionary<Guid, string> people, IReadOnlyDictionary<Guid, string> teams)
    {
        ArgumentNullException.ThrowIfNull(people);
        ArgumentNullException.ThrowIfNull(teams);
        foreach (var row in Exceptions)
        {
            row.ViewerName = people.GetValueOrDefault(row.ViewerUserId) ?? NotAMember;
            row.SubjectGroupName = row.SubjectTeamId is { } teamId ? teams.GetValueOrDefault(teamId) ?? NotATeam : "";
        }
    }

    public static string ExceptionKey(int index, string member) =>
        string.Create(CultureInfo.InvariantCulture, $"{nameof(Exceptions)}[{index}].{member}");

    public static string SettingKey(string member) => $"{nameof(Settings)}.{member}";

    private CategoryPolicy ReadCategory(DataCategory category, ModelStateDictionary modelState)
    {
        var form = For(category);
        int? retention = null;
        if (!string.IsNullOrWhiteSpace(form.RetentionDays))
        {
            if (int.TryParse(form.RetentionDays.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var days))
            {
                retention = days;
            }
            else
            {
                modelState.AddModelError(
                    PolicyValidation.CategoryField(category, nameof(CategoryPolicy.RetentionDays)),
                    "Enter a whole number of days, or leave it blank to keep detail while the person is a member.");
            }
        }

        var grants = Enum.GetValues<Audience>().ToDictionary(a => a, a => form.Grants?.GetValueOrDefault(a, Granularity.None) ?? Granularity.None);
        return new CategoryPolicy(category, form.Tracked, form.Purpose?.Trim() ?? "", retention, grants);
    }

    private PolicySettings ReadSettings(ModelStateDictionary modelState)
    {
        var fallback = PolicySettings.Default;
        var form = Settings;
        return new PolicySettings(
            form.TimerEnabled,
            form.ManualEntriesEnabled,
            form.ManualEditsNeedReason,
            form.Overlaps,
            (int)form.DayFlags,
            // A missing time already has its message; these stand-ins add no second one.
            form.Start ?? LocalTime.Midnight,
            form.End ?? LocalTime.MaxValue,
            Number(form.MaximumDaysInPast, nameof(PolicySettingsForm.MaximumDaysInPast), "Enter how many days back people may add or change entries.", fallback.MaximumDaysInPast),
            Number(form.DigestEmbargoHours, nameof(PolicySettingsForm.DigestEmbargoHours), "Enter how many hours a digest stays private, 0 for none.", fallback.DigestEmbargoHours),
            // The policy itself refuses a group smaller than one; one is still refused by validation, with its reason.
            Math.Max(1, Number(form.MinimumGroupSize, nameof(PolicySettingsForm.MinimumGroupSize), "Enter the smallest number of people whose group totals are shown.", fallback.MinimumGroupSize)))
        {
            MaximumDaysInFuture = Number(form.MaximumDaysInFuture, nameof(PolicySettingsForm.MaximumDaysInFuture), "Enter how many days ahead people may add entries, 0 for up to today.", fallback.MaximumDaysInFuture),
        };

        int Number(string? text, string field, string missing, int standIn)
        {
            var key = SettingKey(field);
            if (string.IsNullOrWhiteSpace(text))
            {
                modelState.AddModelError(key, missing);
                return standIn;
            }

            if (!int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            {
                modelState.AddModelError(key, "Enter a whole number.");
                return standIn;
            }

            return value;
        }
    }

    private PolicyException? ReadNewException(ModelStateDictionary modelState, IReadOnlyDictionary<Guid, string> people, IReadOnlyDictionary<Guid, string> teams)
    {
        var form = NewException;
        if (form.IsEmpty)
        {
            return null;
        }

        var prefix = NewExceptionPrefix + ".";
        if (form.ViewerUserId is not { } viewer)
        {
            modelState.AddModelError(prefix + nameof(NewExceptionForm.ViewerUserId), "Choose the person the exception is for.");
        }
        else if (!people.ContainsKey(viewer))
        {
            modelState.AddModelError(prefix + nameof(NewExceptionForm.ViewerUserId), "Choose one of the organization's members.");
        }

        if (form.SubjectTeamId is { } team && !teams.ContainsKey(team))
        {
            modelState.AddModelError(prefix + nameof(NewExceptionForm.SubjectTeamId), "Choose one of the organization's teams, or everyone.");
        }

        if (form.Category is null)
        {
            modelState.AddModelError(prefix + nameof(NewExceptionForm.Category), "Choose the kind of data the exception is about.");
        }

        // Built even when incomplete, so that validation reports the rest of the row's problems at once;
        // the stand-ins are never saved, as the form is already invalid. Names come from the organization.
        return new PolicyException(
            form.ViewerUserId ?? Guid.Empty,
            "",
            form.Category ?? DataCategory.EntryDetails,
            form.Granularity ?? Granularity.None,
            form.SubjectTeamId,
            "",
            form.Reason?.Trim() ?? "");
    }

    /// <summary>The form's name for a field <see cref="PolicyValidation"/> names.</summary>
    private static string FormKey(string field, List<string> exceptionRows)
    {
        if (field == PolicyValidation.SettingField(PolicySetting.WorkingDays))
        {
            return SettingKey(nameof(WorkingHoursForm.Days));
        }

        if (field.StartsWith("Categories[", StringComparison.Ordinal) || field.StartsWith("Settings.", StringComparison.Ordinal))
        {
            return field;
        }

        if (ExceptionFieldPattern().Match(field) is { Success: true } match
            && int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            && index < exceptionRows.Count)
        {
            return exceptionRows[index] + match.Groups[2].Value;
        }

        return "";
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^Exceptions\[(\d+)\]\.(\w+)$")]
    private static partial Regex ExceptionFieldPattern();
}

/// <summary>What the policy says about one kind of data, as the editor posts it.</summary>
public sealed class CategoryForm
{
    public bool Tracked { get; set; }

    public string? Purpose { get; set; }

    /// <summary>Blank: kept while the person is a member.</summary>
    public string? RetentionDays { get; set; }

    public Dictionary<Audience, Granularity> Grants { get; set; } = [];
}

/// <summary>The tracking settings of the policy; working days and hours come from the shared working-hours fields.</summary>
public sealed class PolicySettingsForm : WorkingHoursForm
{
    public bool TimerEnabled { get; set; }

    public bool ManualEntriesEnabled { get; set; }

    public bool ManualEditsNeedReason { get; set; }

    [EnumDataType(typeof(OverlapRule), ErrorMessage = "Choose whether entries may overlap.")]
    public OverlapRule Overlaps { get; set; } = OverlapRule.Rejected;

    public string? MaximumDaysInPast { get; set; }

    public string? MaximumDaysInFuture { get; set; }

    public string? DigestEmbargoHours { get; set; }

    public string? MinimumGroupSize { get; set; }
}

/// <summary>
/// An exception already in the draft: posted back as it was shown, unless marked for removal. Its
/// names are for showing only: they are never bound from a post, but set from the organization.
/// </summary>
public sealed class ExceptionForm
{
    public Guid ViewerUserId { get; set; }

    [BindNever]
    public string? ViewerName { get; set; }

    public DataCategory Category { get; set; }

    public Granularity Granularity { get; set; }

    public Guid? SubjectTeamId { get; set; }

    [BindNever]
    public string? SubjectGroupName { get; set; }

    public string? Reason { get; set; }

    public bool Remove { get; set; }
}

/// <summary>The "add an exception" row; left blank, it adds nothing.</summary>
public sealed class NewExceptionForm
{
    public Guid? ViewerUserId { get; set; }

    public DataCategory? Category { get; set; }

    public Granularity? Granularity { get; set; }

    /// <summary>The team whose members the exception is about; null: everyone in the organization.</summary>
    public Guid? SubjectTeamId { get; set; }

    public string? Reason { get; set; }

    public bool IsEmpty =>
        ViewerUserId is null && Category is null && Granularity is null && SubjectTeamId is null && string.IsNullOrWhiteSpace(Reason);
}

/// <summary>The publish step: why, and from which day.</summary>
public sealed class PublishForm
{
    public const string Prefix = "Publish";

    public string? Reason { get; set; }

    /// <summary>yyyy-MM-dd; the policy takes effect at the start of that day in the organization's time zone.</summary>
    public string? EffectiveFrom { get; set; }
}

