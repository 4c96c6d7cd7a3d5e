using System.Linq.Expressions;
using TimeTrack.Domain.Tenancy;

namespace TimeTrack.Domain.Visibility;

/// <summary>
/// The one decision point for "may viewer V see category C of person P, and how finely?".
/// Pages, exports, API endpoints and jobs all ask here; list queries use <see cref="VisibleSubjects{T}"/>
/// so the filtering happens in SQL.
/// </summary>
public static class Visibility
{
    /// <summary>The granularity at which <paramref name="viewer"/> may see <paramref name="category"/> of <paramref name="subjectUserId"/>.</summary>
    public static Granularity Decide(VisibilityRules rules, Viewer viewer, Guid subjectUserId, DataCategory category)
    {
        // A person always sees all of their own data.
        if (viewer.UserId == subjectUserId)
        {
            return Granularity.IndividualDetail;
        }

        var best = Granularity.None;
        foreach (var audience in AudiencesOf(viewer, subjectUserId))
        {
            var granted = rules.GrantFor(category, audience);
            if (granted > best)
            {
                best = granted;
            }
        }

        return best;
    }

    /// <summary>True when the viewer may see this person's category individually at least at <paramref name="needed"/>.</summary>
    public static bool Allows(VisibilityRules rules, Viewer viewer, Guid subjectUserId, DataCategory category, Granularity needed) =>
        Decide(rules, viewer, subjectUserId, category) >= needed;

    /// <summary>
    /// Whether an aggregate over <paramref name="groupSize"/> people may be shown: only when the
    /// group has at least k people (k from the policy).
    /// </summary>
    public static bool AggregateIsShown(VisibilityRules rules, int groupSize) => groupSize >= rules.MinimumGroupSize;

    /// <summary>
    /// A predicate over rows of one person's data (selected by <paramref name="subjectUserId"/>)
    /// that keeps the rows whose subject the viewer may see at <paramref name="needed"/> or finer.
    /// Translates to SQL: the viewer's relationships become constant sets.
    /// </summary>
    public static Expression<Func<T, bool>> VisibleSubjects<T>(
        VisibilityRules rules,
        Viewer viewer,
        DataCategory category,
        Granularity needed,
        Expression<Func<T, Guid>> subjectUserId)
    {
        var allowed = new HashSet<Guid> { viewer.UserId };
        var everyone = false;
        foreach (var audience in Enum.GetValues<Audience>())
        {
            if (rules.GrantFor(category, audience) < needed)
            {
                continue;
            }

            switch (audience)
            {
                case Audience.TeamManager:
                    allowed.UnionWith(viewer.ManagedUserIds);
                    break;
                case Audience.Teammates:
                    allowed.UnionWith(viewer.TeammateUserIds);
                    break;
                case Audience.OrganizationAdmins:
                    everyone |= viewer.Role.IsAdmin();
                    break;
            }
        }

        if (everyone)
        {
            return _ => true;
        }

        var ids = allowed.ToArray();
        var parameter = subjectUserId.Parameters[0];
        var contains = Expression.Call(
            typeof(Enumerable),
            nameof(Enumerable.Contains),
            [typeof(Guid)],
            Expression.Constant(ids),
            subjectUserId.Body);
        return Expression.Lambda<Func<T, bool>>(contains, parameter);
    }

    private static IEnumerable<Audience> AudiencesOf(Viewer viewer, Guid subjectUserId)
    {
        if (viewer.ManagedUserIds.Contains(subjectUserId))
        {
            yield return Audience.TeamManager;
        }

        if (viewer.TeammateUserIds.Contains(subjectUserId))
        {
            yield return Audience.Teammates;
        }

        if (viewer.Role.IsAdmin())
        {
            yield return Audience.OrganizationAdmins;
        }
    }
}
