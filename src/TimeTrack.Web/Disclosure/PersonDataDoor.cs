using System.Linq.Expressions;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Transparency;
using TimeTrack.Domain.Visibility;
using TimeTrack.Web.Authorization;
using TimeTrack.Web.Tenancy;
using TimeTrack.Web.Transparency;

namespace TimeTrack.Web.Disclosure;

/// <summary>
/// The one door through which a value about a person leaves the server. Request- or job-scoped: it
/// loads the person looking and the policy in force once, and hands out a <see cref="Looker"/> that
/// every reader of person data (pages, exports, the API, jobs) decides and records with. Controllers
/// and views never ask <see cref="Visibility"/> or write the access log themselves; an architecture
/// test keeps it so.
/// </summary>
public sealed class PersonDataDoor(ViewerDirectory viewers, PolicyStore policies, AccessRecorder recorder, TenantContext tenant)
{
    private Looker? _current;

    /// <summary>The person acting in this request, with the policy in force; null when nobody is signed in to this organization.</summary>
    public async Task<Looker?> LookerAsync(CancellationToken cancellationToken = default)
    {
        if (_current is not null)
        {
            return _current;
        }

        if (await viewers.CurrentAsync(cancellationToken) is not { } viewer)
        {
            return null;
        }

        var version = await policies.ActiveVersionAsync(cancellationToken);
        _current = new Looker(viewer, version?.Policy ?? TransparencyPolicy.Default, version?.Number, recorder);
        return _current;
    }

    /// <summary>
    /// Forgets the person looking and their relationships: after this request changed a team, what it
    /// hands out next is decided on the teams as they are now.
    /// </summary>
    public void Forget()
    {
        _current = null;
        viewers.Forget();
    }

    /// <summary>
    /// Commits the access-log rows of what was handed out so far. MVC results do this by themselves;
    /// a response that writes its body itself (a streamed export) calls it before the first byte, so
    /// that a failure is still an error page rather than an aborted download.
    /// </summary>
    public Task CommitAsync(CancellationToken cancellationToken = default) => recorder.SaveAsync(cancellationToken);

    /// <summary>
    /// Another member as a viewer, for showing a person what that member would see of them. It records
    /// nothing: the person looking at it is the person it is about. Null when <paramref name="userId"/>
    /// is not a member; a hypothetical admin with no relationships when <paramref name="userId"/> is null.
    /// </summary>
    public async Task<Looker?> AsSeenByAsync(Guid? userId, CancellationToken cancellationToken = default)
    {
        var version = await policies.ActiveVersionAsync(cancellationToken);
        var policy = version?.Policy ?? TransparencyPolicy.Default;
        Viewer? viewer = userId is { } id
            ? await viewers.ForMemberAsync(id, cancellationToken)
            : Viewer.Alone(tenant.RequiredTenantId, Guid.Empty, OrgRole.Admin);
        return viewer is null ? null : new Looker(viewer, policy, version?.Number, recorder: null);
    }
}

/// <summary>
/// One viewer under one policy: what they may see of whom (the only caller of <see cref="Visibility"/>
/// in the web layer), the SQL predicates list queries filter with, and the access log, written as
/// models are handed out. Obtained from <see cref="PersonDataDoor"/>.
/// </summary>
public sealed class Looker
{
    private readonly AccessRecorder? _recorder;

    internal Looker(Viewer viewer, TransparencyPolicy policy, int? policyVersion, AccessRecorder? recorder)
    {
        Viewer = viewer;
        Policy = policy;
        PolicyVersion = policyVersion;
        _recorder = recorder;
    }

    public Viewer Viewer { get; }

    public TransparencyPolicy Policy { get; }

    /// <summary>The number of the published version in force; null while the defaults apply.</summary>
    public int? PolicyVersion { get; }

    public Guid UserId => Viewer.UserId;

    public Guid TenantId => Viewer.TenantId;

    public int MinimumGroupSize => Policy.MinimumGroupSize;

    /// <summary>How finely the viewer may see <paramref name="category"/> of <paramref name="subject"/> (about time on <paramref name="projectId"/>, when given).</summary>
    public Granularity Sees(Guid subject, DataCategory category, Guid? projectId = null) =>
        Visibility.Decide(Policy, Viewer, new Subject(Viewer.TenantId, subject), category, projectId);

    /// <summary>True when the viewer may see <paramref name="category"/> of <paramref name="subject"/> at least at <paramref name="needed"/>.</summary>
    public bool Sees(Guid subject, DataCategory category, Granularity needed, Guid? projectId = null) =>
        Sees(subject, category, projectId) >= needed;

    /// <summary>Who the viewer may see at <paramref name="needed"/> or finer (project managers' grants aside): everyone, or these people (always including the viewer).</summary>
    public (bool Everyone, IReadOnlySet<Guid> People) PeopleSeen(DataCategory category, Granularity needed) =>
        Visibility.PeopleVisible(Policy, Viewer, category, needed);

    /// <summary>True when some audience the viewer belongs to, or an exception for them, grants <paramref name="category"/> of someone else at <paramref name="needed"/>.</summary>
    public bool SeesAnyoneElse(DataCategory category, Granularity needed)
    {
        var (everyone, people) = PeopleSeen(category, needed);
        return everyone || people.Count > 1 || (Viewer.ManagedProjectIds.Count > 0 && Policy.Tracks(category) && Policy.GrantFor(category, Audience.ProjectManagers) >= needed);
    }

    /// <summary>True when the viewer may count <paramref name="category"/> of everyone in the organization at least in aggregate.</summary>
    public bool CountsEveryone(DataCategory category) => PeopleSeen(category, Granularity.Aggregate).Everyone;

    /// <summary>The projects on which project managers' grants make the viewer see <paramref name="category"/> of everyone at <paramref name="needed"/>.</summary>
    public IReadOnlySet<Guid> ProjectsSeen(DataCategory category, Granularity needed) =>
        Policy.Tracks(category) && Policy.GrantFor(category, Audience.ProjectManagers) >= needed ? Viewer.ManagedProjectIds : new HashSet<Guid>();

    /// <summary>A SQL predicate keeping rows whose person the viewer may see at <paramref name="needed"/> (project managers' grants do not count).</summary>
    public Expression<Func<T, bool>> SubjectsSeen<T>(DataCategory category, Granularity needed, Expression<Func<T, Guid>> subject) =>
        Visibility.VisibleSubjects(Policy, Viewer, category, needed, subject);

    /// <summary>A SQL predicate keeping rows on a project that the viewer may see at <paramref name="needed"/>, project managers' grants included.</summary>
    public Expression<Func<T, bool>> RowsSeen<T>(DataCategory category, Granularity needed, Expression<Func<T, Guid>> subject, Expression<Func<T, Guid>> project) =>
        Visibility.VisibleEntries(Policy, Viewer, category, needed, subject, project);

    /// <summary>
    /// Hands out <paramref name="model"/>, a read model about <paramref name="subject"/>, with everything
    /// the policy withholds from this viewer cleared (<see cref="Redaction"/>), and records the read in
    /// the subject's access log with the categories actually shown. Reads of one's own data are not logged.
    /// <paramref name="sharedBySubject"/> are categories the subject chose to share with whoever may see
    /// the thing they belong to (a reflection shared on a digest); they are shown whatever the policy grants.
    /// </summary>
    public T Disclose<T>(Guid subject, T model, AccessRead read, IReadOnlySet<DataCategory>? sharedBySubject = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(read);
        var (redacted, shown) = Redact(subject, model, sharedBySubject);
        if (shown.Count > 0)
        {
            _recorder?.Record(subject, shown, read, groupSize: null);
        }

        return redacted;
    }

    /// <summary>
    /// <paramref name="model"/> with what the policy withholds cleared, and the categories left, without
    /// recording anything: for exports, which record everyone they include at once (<see cref="Exported"/>).
    /// </summary>
    public (T Model, IReadOnlySet<DataCategory> Shown) Redact<T>(Guid subject, T model, IReadOnlySet<DataCategory>? sharedBySubject = null)
        where T : class =>
        Redaction.Redact(model, (category, needed, project) => sharedBySubject?.Contains(category) == true || Sees(subject, category, needed, project));

    /// <summary>Records that figures of <paramref name="subject"/> (already decided individually) were shown: their categories, one row.</summary>
    public void ShownIndividually(Guid subject, IReadOnlyCollection<DataCategory> categories, AccessRead read)
    {
        ArgumentNullException.ThrowIfNull(read);
        _recorder?.Record(subject, categories, read, groupSize: null);
    }

    /// <summary>
    /// Records that <paramref name="people"/> contributed to group figures the viewer was shown: a row
    /// each, "included in a group of N", N being everyone the figures add up.
    /// </summary>
    public void ShownInGroup(IReadOnlyCollection<Guid> people, IReadOnlyCollection<DataCategory> categories, AccessRead read)
    {
        ArgumentNullException.ThrowIfNull(people);
        ArgumentNullException.ThrowIfNull(read);
        foreach (var person in people.Distinct())
        {
            _recorder?.Record(person, categories, read, groupSize: people.Distinct().Count());
        }
    }

    /// <summary>
    /// Records an export: the export with everyone it included, a row for each person shown one by one
    /// (with what of theirs) and a row for each person counted only in group figures.
    /// </summary>
    public void Exported(
        AccessRead read,
        IReadOnlyCollection<(Guid SubjectUserId, IReadOnlyCollection<DataCategory> Categories)> individuals,
        IReadOnlyCollection<Guid>? inGroups = null,
        IReadOnlyCollection<DataCategory>? groupCategories = null)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(individuals);
        _recorder?.RecordExport(read, individuals, inGroups ?? [], groupCategories ?? []);
    }
}
