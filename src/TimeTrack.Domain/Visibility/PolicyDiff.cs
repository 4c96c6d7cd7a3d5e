using static TimeTrack.Domain.Visibility.PolicyText;

namespace TimeTrack.Domain.Visibility;

/// <summary>One change between two policy versions, in plain language for the people it is about.</summary>
/// <param name="Category">The category the change is about; null for settings and the first version.</param>
public sealed record PolicyChange(string Text, DataCategory? Category = null);

/// <summary>What changed from one published policy version to the next, so people can be told.</summary>
public static class PolicyDiff
{
    /// <summary>
    /// The changes from <paramref name="before"/> to <paramref name="after"/>: categories in the order
    /// of <see cref="DataCategory"/> (tracking, purpose, retention, then each audience's grant), then
    /// the settings, then the exceptions removed and added. Empty when nothing changed. With no
    /// <paramref name="before"/>, the one change is that the policy was first published.
    /// A category that is not tracked after the change shows only that it stopped being tracked
    /// (or nothing, if it was not tracked before either): its purpose, retention and grants apply
    /// to nobody until it is tracked again, and the change that tracks it lists them.
    /// </summary>
    public static IReadOnlyList<PolicyChange> Between(TransparencyPolicy? before, TransparencyPolicy after)
    {
        ArgumentNullException.ThrowIfNull(after);
        if (before is null)
        {
            return [new PolicyChange("First published policy.")];
        }

        var changes = new List<PolicyChange>();
        foreach (var category in Enum.GetValues<DataCategory>())
        {
            CategoryChanges(before, after, category, changes);
        }

        SettingChanges(before.Settings, after.Settings, changes);
        ExceptionChanges(before, after, changes);
        return changes;
    }

    /// <summary>
    /// Whose data <paramref name="after"/> lets others see more of than <paramref name="before"/>, so
    /// that they acknowledge it before tracking more time. It widens for everyone when any audience's
    /// grant gets finer (a category that starts being tracked goes from nothing to its grants), a
    /// category tracked in both keeps detail longer (kept while a member is the longest), the digest
    /// embargo gets shorter, or k gets smaller; and for the members of a team when an exception about
    /// that team is added or made finer (about everyone: for everyone). Nothing else widens: narrowing,
    /// purposes and the tracking settings (timer, working hours, overlaps…) are news, not a reason to
    /// stop anyone tracking. With no <paramref name="before"/> it widens for nobody: people read the
    /// first version on joining.
    /// </summary>
    public static PolicyWidening WideningFor(TransparencyPolicy? before, TransparencyPolicy after)
    {
        ArgumentNullException.ThrowIfNull(after);
        if (before is null)
        {
            return PolicyWidening.Nobody;
        }

        if (WidensForEveryone(before, after))
        {
            return PolicyWidening.ForEveryone;
        }

        var teams = new HashSet<Guid>();
        foreach (var exception in after.Exceptions)
        {
            // An exception about a category that is not tracked shows nothing (see Visibility.Decide).
            if (!after.Tracks(exception.Category) || exception.Granularity <= ExceptionLevelBefore(before, exception))
            {
                continue;
            }

            if (exception.SubjectTeamId is not { } teamId)
            {
                return PolicyWidening.ForEveryone;
            }

            teams.Add(teamId);
        }

        return PolicyWidening.ForTeams(teams);
    }

    private static bool WidensForEveryone(TransparencyPolicy before, TransparencyPolicy after)
    {
        foreach (var now in after.Categories.Where(c => c.Tracked))
        {
            // GrantFor is nothing while a category is not tracked, so starting to track one with a grant counts here.
            if (Enum.GetValues<Audience>().Any(audience => now.GrantFor(audience) > before.GrantFor(now.Category, audience)))
            {
                return true;
            }

            var was = before.For(now.Category);
            if (was.Tracked && KeptLonger(now.RetentionDays, was.RetentionDays))
            {
                return true;
            }
        }

        return after.Settings.DigestEmbargoHours < before.Settings.DigestEmbargoHours
            || after.MinimumGroupSize < before.MinimumGroupSize;
    }

    /// <summary>Null is "while a member", longer than any number of days.</summary>
    private static bool KeptLonger(int? now, int? was) => was is { } wasDays && (now is not { } nowDays || nowDays > wasDays);

    /// <summary>
    /// The finest level the earlier policy's exceptions gave the same viewer of the same category over
    /// everyone the exception is about: an exception about everyone covers the members of every team.
    /// </summary>
    private static Granularity ExceptionLevelBefore(TransparencyPolicy before, PolicyException exception)
    {
        if (!before.Tracks(exception.Category))
        {
            return Granularity.None;
        }

        return before.Exceptions
            .Where(e => e.ViewerUserId == exception.ViewerUserId
                && e.Category == exception.Category
                && (e.SubjectTeamId is null || e.SubjectTeamId == exception.SubjectTeamId))
            .Select(e => e.Granularity)
            .DefaultIfEmpty(Granularity.None)
            .Max();
    }

    private static void CategoryChanges(TransparencyPolicy before, TransparencyPolicy after, DataCategory category, List<PolicyChange> changes)
    {
        var was = before.For(category);
        var now = after.For(category);
        var name = ShortLabel(category);
        void Add(string text) => changes.Add(new PolicyChange(text, category));

        if (!now.Tracked)
        {
            if (was.Tracked)
            {
                Add($"{name}: no longer tracked.");
            }

            return;
        }

        if (!was.Tracked)
        {
            Add($"{name}: now tracked. {Sentence($"Purpose: {Quote(now.Purpose)}")} {Kept(now.RetentionDays)}.");
        }
        else
        {
            if (!string.Equals(was.Purpose, now.Purpose, StringComparison.Ordinal))
            {
                Add(Sentence($"{name}: the purpose is now {Quote(now.Purpose)}"));
            }

            if (was.RetentionDays != now.RetentionDays)
            {
                Add($"{name}: now {InSentence(Kept(now.RetentionDays))} (before: {InSentence(Kept(was.RetentionDays))}).");
            }
        }

        foreach (var audience in Enum.GetValues<Audience>())
        {
            var old = was.GrantFor(audience);
            var granted = now.GrantFor(audience);
            if (old != granted)
            {
                Add($"{name}: {InSentence(Label(audience))} could see {InSentence(Describe(category, old, before.MinimumGroupSize))}; "
                    + $"now: {InSentence(Describe(category, granted, after.MinimumGroupSize))}.");
            }
        }
    }

    private static void SettingChanges(PolicySettings was, PolicySettings now, List<PolicyChange> changes)
    {
        void Add(string text) => changes.Add(new PolicyChange(text));

        if (was.TimerEnabled != now.TimerEnabled)
        {
            Add(now.TimerEnabled ? "The timer is now on." : "The timer is now off.");
        }

        if (was.ManualEntriesEnabled != now.ManualEntriesEnabled)
        {
            Add(now.ManualEntriesEnabled ? "You can now add entries by hand." : "You can no longer add entries by hand.");
        }

        if (was.ManualEditsNeedReason != now.ManualEditsNeedReason)
        {
            Add(now.ManualEditsNeedReason
                ? "Changing an entry by hand now needs a reason."
                : "Changing an entry by hand no longer needs a reason.");
        }

        if (was.Overlaps != now.Overlaps)
        {
            Add($"Overlapping entries are now {InSentence(DescribeOverlaps(now.Overlaps))} (before: {InSentence(DescribeOverlaps(was.Overlaps))}).");
        }

        if (was.WorkingDays != now.WorkingDays)
        {
            Add($"Working days are now {DescribeWorkingDays(now.WorkingDays)} (before: {DescribeWorkingDays(was.WorkingDays)}).");
        }

        if (was.WorkdayStart != now.WorkdayStart)
        {
            Add($"The workday now starts at {DescribeTime(now.WorkdayStart)} (before: {DescribeTime(was.WorkdayStart)}).");
        }

        if (was.WorkdayEnd != now.WorkdayEnd)
        {
            Add($"The workday now ends at {DescribeTime(now.WorkdayEnd)} (before: {DescribeTime(was.WorkdayEnd)}).");
        }

        if (was.MaximumDaysInPast != now.MaximumDaysInPast)
        {
            Add($"You can now add or change entries up to {Days(now.MaximumDaysInPast)} back (before: {Days(was.MaximumDaysInPast)}).");
        }

        if (was.MaximumDaysInFuture != now.MaximumDaysInFuture)
        {
            Add($"You can now add entries {Ahead(now.MaximumDaysInFuture)} (before: {Ahead(was.MaximumDaysInFuture)}).");
        }

        if (was.DigestEmbargoHours != now.DigestEmbargoHours)
        {
            Add($"Your weekly digest is now {Embargo(now.DigestEmbargoHours)} (before: {Embargo(was.DigestEmbargoHours)}).");
        }

        if (was.MinimumGroupSize != now.MinimumGroupSize)
        {
            Add($"Group totals are now shown only for groups of at least {People(now.MinimumGroupSize)} (before: {People(was.MinimumGroupSize)}).");
        }
    }

    private static void ExceptionChanges(TransparencyPolicy before, TransparencyPolicy after, List<PolicyChange> changes)
    {
        // Exceptions are compared by value, as a multiset: reordering them is no change, and an
        // edited exception reads as the old one removed and the new one added.
        var added = after.Exceptions.ToList();
        var removed = new List<PolicyException>();
        foreach (var exception in before.Exceptions)
        {
            if (!added.Remove(exception))
            {
                removed.Add(exception);
            }
        }

        foreach (var exception in removed)
        {
            changes.Add(new PolicyChange(
                $"Exception removed: {Who(exception)} may no longer see {Quote(ShortLabel(exception.Category))} for {Whose(exception)} "
                    + $"(level: {InSentence(Describe(exception.Category, exception.Granularity, before.MinimumGroupSize))}; reason: {Quote(exception.Reason)}).",
                exception.Category));
        }

        foreach (var exception in added)
        {
            changes.Add(new PolicyChange(
                $"New exception: {Who(exception)} may see {Quote(ShortLabel(exception.Category))} for {Whose(exception)} "
                    + Sentence($"(level: {InSentence(Describe(exception.Category, exception.Granularity, after.MinimumGroupSize))}). Reason: {Quote(exception.Reason)}"),
                exception.Category));
        }
    }

    private static string Kept(int? retentionDays) =>
        retentionDays is null ? DescribeRetention(null) : "Kept for " + DescribeRetention(retentionDays);

    private static string Quote(string text) => "\u201c" + text.Trim() + "\u201d";

    /// <summary>The text as a sentence: a full stop at the end unless it already ends like one, inside its quotes or not.</summary>
    private static string Sentence(string text)
    {
        var end = text.TrimEnd('\u201d');
        return end.Length > 0 && end[^1] is '.' or '!' or '?' ? text : text + ".";
    }

    private static string Days(int days) => Count(days, "day", "days");

    private static string Ahead(int days) => days == 0 ? "up to today" : $"up to {Days(days)} ahead";

    private static string Embargo(int hours) =>
        hours == 0 ? "shared with those allowed to see it as soon as it is ready" : "yours alone for " + Count(hours, "hour", "hours");

    private static string Who(PolicyException exception) =>
        string.IsNullOrWhiteSpace(exception.ViewerName) ? "A person" : exception.ViewerName;

    private static string Whose(PolicyException exception) => exception.SubjectTeamId is null
        ? "everyone in the organization"
        : "members of " + (string.IsNullOrWhiteSpace(exception.SubjectGroupName) ? "one team" : exception.SubjectGroupName);
}
