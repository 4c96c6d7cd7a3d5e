using System.Globalization;
using TimeTrack.Domain.Tenancy;

namespace TimeTrack.Domain.Visibility;

/// <summary>
/// One reason a policy cannot be published. <paramref name="Field"/> is a stable key such as
/// "Categories[EntryDetails].Purpose", "Settings.MinimumGroupSize" or "Exceptions[0].Reason", so a
/// form can show the message next to the input it is about.
/// </summary>
public sealed record PolicyProblem(string Field, string Message);

/// <summary>A policy whose exceptions carry the names the organization gives their people and teams, and what did not match.</summary>
public sealed record NamedExceptions(TransparencyPolicy Policy, IReadOnlyList<PolicyProblem> Problems);

/// <summary>The rules a transparency policy must follow before it is published.</summary>
public static class PolicyValidation
{
    public const int MaximumPurposeLength = 500;
    public const int MaximumRetentionDays = 3650;
    public const int SmallestMinimumGroupSize = 2;
    public const int LargestMinimumGroupSize = 50;
    public const int MaximumDigestEmbargoHours = 336;
    public const int LargestMaximumDaysInPast = 3660;

    /// <summary>A year ahead is room for any planned absence.</summary>
    public const int LargestMaximumDaysInFuture = 366;
    public const int AllWorkingDays = 127;

    /// <summary>Why Billing is granted no finer than <see cref="Granularity.Aggregate"/>.</summary>
    public const string BillingIsNeverPerPerson = "Billing figures are per client and project, never per person.";

    private static readonly Granularity[] AllLevels = Enum.GetValues<Granularity>();

    private static readonly Granularity[] BillingLevels = [Granularity.None, Granularity.Aggregate];

    /// <summary>Every problem, categories in the order of <see cref="DataCategory"/>, then settings, then exceptions; empty when the policy is fine.</summary>
    public static IReadOnlyList<PolicyProblem> Validate(TransparencyPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var problems = new List<PolicyProblem>();
        foreach (var category in policy.Categories)
        {
            ValidateCategory(category, problems);
        }

        ValidateSettings(policy.Settings, problems);
        for (var index = 0; index < policy.Exceptions.Count; index++)
        {
            ValidateException(index, policy.Exceptions[index], problems);
        }

        return problems;
    }

    /// <summary>
    /// The levels a grant or exception of <paramref name="category"/> may have: Billing only nothing or
    /// its totals per client and project. (Reflections are refused any level above nothing, with their own reason.)
    /// </summary>
    public static IReadOnlyList<Granularity> LevelsFor(DataCategory category) =>
        category == DataCategory.Billing ? BillingLevels : AllLevels;

    /// <summary>
    /// Checks every exception against the organization as it is now: its viewer must be one of
    /// <paramref name="people"/> (current members, by id, with their display names) and its team, when
    /// it names one, one of <paramref name="teams"/> (by id, with their names). The policy comes back
    /// with each exception named from there, whatever names it carried, so a name someone typed or
    /// posted never reaches a published policy; each exception that names anyone or anything else
    /// gets a problem under <see cref="ExceptionField"/>.
    /// </summary>
    public static NamedExceptions NameExceptions(
        TransparencyPolicy policy,
        IReadOnlyDictionary<Guid, string> people,
        IReadOnlyDictionary<Guid, string> teams)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(people);
        ArgumentNullException.ThrowIfNull(teams);
        var problems = new List<PolicyProblem>();
        var named = new List<PolicyException>();
        for (var index = 0; index < policy.Exceptions.Count; index++)
        {
            var exception = policy.Exceptions[index];
            if (!people.TryGetValue(exception.ViewerUserId, out var viewerName))
            {
                viewerName = "";
                problems.Add(new PolicyProblem(
                    ExceptionField(index, nameof(PolicyException.ViewerUserId)),
                    "This person is not a member of the organization. Remove the exception, or add one for a member."));
            }

            var groupName = "";
            if (exception.SubjectTeamId is { } teamId && !teams.TryGetValue(teamId, out groupName))
            {
                groupName = "";
                problems.Add(new PolicyProblem(
                    ExceptionField(index, nameof(PolicyException.SubjectTeamId)),
                    "This team is not one of the organization's teams. Remove the exception, or add one about an existing team or everyone."));
            }

            named.Add(exception with { ViewerName = viewerName, SubjectGroupName = groupName });
        }

        return new NamedExceptions(policy.WithExceptions(named), problems);
    }

    public static string CategoryField(DataCategory category, string member) => $"Categories[{category}].{member}";

    public static string GrantField(DataCategory category, Audience audience) =>
        CategoryField(category, $"{nameof(CategoryPolicy.Grants)}[{audience}]");

    public static string SettingField(PolicySetting setting) => $"Settings.{setting}";

    public static string ExceptionField(int index, string member) =>
        string.Create(CultureInfo.InvariantCulture, $"Exceptions[{index}].{member}");

    private static void ValidateCategory(CategoryPolicy category, List<PolicyProblem> problems)
    {
        var name = PolicyText.ShortLabel(category.Category);
        void Add(string member, string message) => problems.Add(new PolicyProblem(CategoryField(category.Category, member), message));

        if (!category.Tracked && TransparencyPolicy.AlwaysTracked.Contains(category.Category))
        {
            Add(nameof(CategoryPolicy.Tracked), $"\u201c{name}\u201d is always tracked: without it TimeTrack cannot track time.");
        }

        if (category.Tracked && string.IsNullOrWhiteSpace(category.Purpose))
        {
            Add(nameof(CategoryPolicy.Purpose), $"Say why \u201c{name}\u201d is tracked.");
        }
        else if (category.Purpose is { Length: > MaximumPurposeLength })
        {
            Add(nameof(CategoryPolicy.Purpose), $"Keep the purpose to {MaximumPurposeLength} characters or fewer.");
        }

        if (category.RetentionDays is < 1 or > MaximumRetentionDays)
        {
            Add(
                nameof(CategoryPolicy.RetentionDays),
                $"Keep detail for 1 to {MaximumRetentionDays} days, or for as long as the person is a member.");
        }

        foreach (var (audience, granularity) in category.Grants.OrderBy(g => g.Key))
        {
            if (!Enum.IsDefined(audience))
            {
                Add(nameof(CategoryPolicy.Grants), "Grant visibility only to the listed audiences.");
            }
            else if (!Enum.IsDefined(granularity))
            {
                problems.Add(new PolicyProblem(GrantField(category.Category, audience), "Choose one of the listed levels."));
            }
            else if (category.Category == DataCategory.Reflections && granularity > Granularity.None)
            {
                problems.Add(new PolicyProblem(
                    GrantField(category.Category, audience),
                    "Reflections stay private unless the person chooses to share them; the policy cannot open them to anyone."));
            }
            else if (!LevelsFor(category.Category).Contains(granularity))
            {
                problems.Add(new PolicyProblem(GrantField(category.Category, audience), BillingIsNeverPerPerson));
            }
        }
    }

    private static void ValidateSettings(PolicySettings settings, List<PolicyProblem> problems)
    {
        void Add(PolicySetting setting, string message) => problems.Add(new PolicyProblem(SettingField(setting), message));

        if (!settings.TimerEnabled && !settings.ManualEntriesEnabled)
        {
            Add(PolicySetting.TimerEnabled, "Allow the timer, entries added by hand, or both: people need a way to record time.");
        }

        if (!Enum.IsDefined(settings.Overlaps))
        {
            Add(PolicySetting.Overlaps, "Choose whether overlapping entries are allowed or refused.");
        }

        if (settings.WorkingDays is < 1 or > AllWorkingDays)
        {
            Add(PolicySetting.WorkingDays, "Choose at least one working day, from Monday to Sunday.");
        }

        if (settings.WorkdayStart >= settings.WorkdayEnd)
        {
            Add(PolicySetting.WorkdayEnd, "The workday must end after it starts, on the same day.");
        }

        if (settings.MaximumDaysInPast is < 1 or > LargestMaximumDaysInPast)
        {
            Add(PolicySetting.MaximumDaysInPast, $"Allow adding or changing entries from 1 to {LargestMaximumDaysInPast} days back.");
        }

        if (settings.MaximumDaysInFuture is < 0 or > LargestMaximumDaysInFuture)
        {
            Add(PolicySetting.MaximumDaysInFuture, $"Allow adding entries from 0 (up to today) to {LargestMaximumDaysInFuture} days ahead.");
        }

        if (settings.DigestEmbargoHours is < 0 or > MaximumDigestEmbargoHours)
        {
            Add(PolicySetting.DigestEmbargoHours, $"Keep digests private for 0 to {MaximumDigestEmbargoHours} hours (two weeks).");
        }

        if (settings.MinimumGroupSize is < SmallestMinimumGroupSize or > LargestMinimumGroupSize)
        {
            Add(
                PolicySetting.MinimumGroupSize,
                $"Show group totals only for groups of {SmallestMinimumGroupSize} to {LargestMinimumGroupSize} people: a group of one is one person's data.");
        }
    }

    private static void ValidateException(int index, PolicyException exception, List<PolicyProblem> problems)
    {
        void Add(string member, string message) => problems.Add(new PolicyProblem(ExceptionField(index, member), message));

        if (string.IsNullOrWhiteSpace(exception.Reason))
        {
            Add(nameof(PolicyException.Reason), "Give the reason for this exception; everyone it affects can read it.");
        }

        if (exception.Category == DataCategory.Reflections)
        {
            Add(nameof(PolicyException.Category), "Reflections stay private unless the person chooses to share them; no exception can open them.");
        }
        else if (!Enum.IsDefined(exception.Category))
        {
            Add(nameof(PolicyException.Category), "Choose one of the listed kinds of data.");
        }

        if (exception.Granularity <= Granularity.None || !Enum.IsDefined(exception.Granularity))
        {
            Add(nameof(PolicyException.Granularity), "Choose what the exception lets the person see; an exception that shows nothing is not needed.");
        }
        else if (!LevelsFor(exception.Category).Contains(exception.Granularity))
        {
            Add(nameof(PolicyException.Granularity), BillingIsNeverPerPerson);
        }
    }
}
