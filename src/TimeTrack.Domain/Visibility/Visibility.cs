using System.Linq.Expressions;
using TimeTrack.Domain.Tenancy;

namespace TimeTrack.Domain.Visibility;

/// <summary>
/// The one decision point for "may viewer V see category C of person P, and how finely?".
/// Pages, exports, API endpoints and jobs all ask here; list queries use <see cref="VisibleSubjects{T}"/>
/// and <see cref="VisibleEntries{T}"/> so the filtering happens in SQL.
/// </summary>
public static class Visibility
{
    /// <summary>
    /// The granularity at which <paramref name="viewer"/> may see <paramref name="category"/> of
    /// <paramref name="subject"/>. With <paramref name="projectId"/>, the question is about the
    /// subject's time on that project, which project managers of it may be granted; without it,
    /// project managers' grants do not count.
    /// </summary>
    public static Granularity Decide(TransparencyPolicy policy, Viewer viewer, Subject subject, DataCategory category, Guid? projectId = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(viewer);

        // Nothing crosses organizations, whatever the policy says.
        if (viewer.TenantId != subject.TenantId)
        {
            return Granularity.None;
        }

        // A person always sees all of their own data.
        if (viewer.UserId == subject.UserId)
        {
            return Granularity.IndividualDetail;
        }

        if (!policy.Tracks(category))
        {
            return Granularity.None;
        }

        var best = Granularity.None;
        foreach (var audience in AudiencesOf(viewer, subject.UserId, projectId))
        {
            best = Max(best, policy.GrantFor(category, audience));
        }

        foreach (var exception in ExceptionsFor(policy, viewer, category))
        {
            if (exception.SubjectTeamId is not { } teamId || viewer.MembersOf(teamId).Contains(subject.UserId))
            {
                best = Max(best, exception.Granularity);
            }
        }

        return best;
    }

    /// <summary>True when the viewer may see this person's category individually at least at <paramref name="needed"/>.</summary>
    public static bool Allows(TransparencyPolicy policy, Viewer viewer, Subject subject, DataCategory category, Granularity needed, Guid? projectId = null) =>
        Decide(policy, viewer, subject, category, projectId) >= needed;

    /// <summary>
    /// Whether an aggregate over <paramref name="groupSize"/> people may be shown: only when the
    /// group has at least k people (k from the policy).
    /// </summary>
    public static bool AggregateIsShown(TransparencyPolicy policy, int groupSize)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return groupSize >= policy.MinimumGroupSize;
    }

    /// <summary>
    /// A predicate over rows of people's data (the person selected by <paramref name="subjectUserId"/>)
    /// that keeps the rows whose subject the viewer may see at <paramref name="needed"/> or finer.
    /// Project managers' grants do not count here; use <see cref="VisibleEntries{T}"/> for rows tied to a project.
    /// Rows must already be limited to the viewer's organization (the tenant filter does that).
    /// </summary>
    public static Expression<Func<T, bool>> VisibleSubjects<T>(
        TransparencyPolicy policy,
        Viewer viewer,
        DataCategory category,
        Granularity needed,
        Expression<Func<T, Guid>> subjectUserId)
    {
        ArgumentNullException.ThrowIfNull(subjectUserId);
        var (everyone, ids) = PeopleVisible(policy, viewer, category, needed);
        if (everyone)
        {
            return _ => true;
        }

        var parameter = subjectUserId.Parameters[0];
        return Expression.Lambda<Func<T, bool>>(Contains(ids, subjectUserId.Body), parameter);
    }

    /// <summary>
    /// Like <see cref="VisibleSubjects{T}"/> for rows that belong to a project (time entries): also
    /// keeps rows on projects the viewer manages when project managers are granted <paramref name="needed"/>.
    /// </summary>
    public static Expression<Func<T, bool>> VisibleEntries<T>(
        TransparencyPolicy policy,
        Viewer viewer,
        DataCategory category,
        Granularity needed,
        Expression<Func<T, Guid>> subjectUserId,
        Expression<Func<T, Guid>> projectId)
    {
        ArgumentNullException.ThrowIfNull(subjectUserId);
        ArgumentNullException.ThrowIfNull(projectId);
        var (everyone, ids) = PeopleVisible(policy, viewer, category, needed);
        if (everyone)
        {
            return _ => true;
        }

        var parameter = subjectUserId.Parameters[0];
        Expression body = Contains(ids, subjectUserId.Body);
        if (policy.Tracks(category) && policy.GrantFor(category, Audience.ProjectManagers) >= needed && viewer.ManagedProjectIds.Count > 0)
        {
            var project = new ReplaceParameter(projectId.Parameters[0], parameter).Visit(projectId.Body);
            body = Expression.OrElse(body, Contains([.. viewer.ManagedProjectIds], project));
        }

        return Expression.Lambda<Func<T, bool>>(body, parameter);
    }

    /// <summary>
    /// Who the viewer may see at <paramref name="needed"/> or finer, person by person (project
    /// managers' grants aside): everyone in the organization, or a set of people that always includes the viewer.
    /// </summary>
    public static (bool Everyone, IReadOnlySet<Guid> People) PeopleVisible(TransparencyPolicy policy, Viewer viewer, DataCategory category, Granularity needed)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(viewer);
        // "At least nothing" is not a question a list should ask: it would mean everyone.
        if (needed < Granularity.Aggregate)
        {
            throw new ArgumentOutOfRangeException(nameof(needed), needed, "Ask for Aggregate or finer.");
        }

        var allowed = new HashSet<Guid> { viewer.UserId };
        if (!policy.Tracks(category))
        {
            return (false, allowed);
        }

        var everyone = false;
        foreach (var audience in Enum.GetValues<Audience>())
        {
            if (policy.GrantFor(category, audience) < needed)
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
                case Audience.ProjectManagers:
                    // Scoped to projects, not people: see VisibleEntries.
                    break;
            }
        }

        foreach (var exception in ExceptionsFor(policy, viewer, category).Where(e => e.Granularity >= needed))
        {
            if (exception.SubjectTeamId is { } teamId)
            {
                allowed.UnionWith(viewer.MembersOf(teamId));
            }
            else
            {
                everyone = true;
            }
        }

        return (everyone, allowed);
    }

    private static IEnumerable<PolicyException> ExceptionsFor(TransparencyPolicy policy, Viewer viewer, DataCategory category) =>
        policy.Exceptions.Where(e => e.ViewerUserId == viewer.UserId && e.Category == category);

    private static IEnumerable<Audience> AudiencesOf(Viewer viewer, Guid subjectUserId, Guid? projectId)
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

        if (projectId is { } project && viewer.ManagedProjectIds.Contains(project))
        {
            yield return Audience.ProjectManagers;
        }
    }

    private static Granularity Max(Granularity a, Granularity b) => a > b ? a : b;

    private static MethodCallExpression Contains(Guid[] ids, Expression value) => Expression.Call(
        typeof(Enumerable),
        nameof(Enumerable.Contains),
        [typeof(Guid)],
        Expression.Constant(ids),
        value);

    private static MethodCallExpression Contains(IReadOnlySet<Guid> ids, Expression value) => Contains([.. ids], value);

    private sealed class ReplaceParameter(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
