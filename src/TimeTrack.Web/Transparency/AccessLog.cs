using Microsoft.EntityFrameworkCore;
using NodaTime;
using TimeTrack.Domain.Transparency;
using TimeTrack.Domain.Visibility;
using TimeTrack.Web.Data;
using TimeTrack.Web.Tenancy;

namespace TimeTrack.Web.Transparency;

/// <summary>
/// Turns reads into access-log rows and commits them before the data leaves: a response's rows are
/// written in one transaction before its first byte is sent (<see cref="AccessLogCommit"/>), so a
/// read that was answered is always in the log, through database outages and crashes alike, and a
/// read whose rows cannot be written is not answered. Reads of one's own data are not logged.
/// Scoped: knows the organization and the person looking, and holds only this request's rows. Only
/// <see cref="Disclosure.Looker"/> records, so that every row names what was actually shown.
/// </summary>
public sealed class AccessRecorder(TenantContext tenant, TenantScopeFactory scopes, IClock clock)
{
    private List<AccessLogEntry> _entries = [];
    private List<DataExport> _exports = [];

    /// <summary>Rows recorded and not yet written.</summary>
    public int Pending => _entries.Count + _exports.Count;

    /// <summary>
    /// Records that the current person read <paramref name="categories"/> of <paramref name="subjectUserId"/>:
    /// one by one when <paramref name="groupSize"/> is null, else as one of that many people in group figures.
    /// </summary>
    public void Record(Guid subjectUserId, IEnumerable<DataCategory> categories, Disclosure.AccessRead read, int? groupSize) =>
        Record(subjectUserId, categories, read, groupSize, exportId: null);

    /// <summary>
    /// Records an export: the export itself with everyone it included, one entry per person shown one by
    /// one and one per person counted only in group figures (other than the exporter). Returns the export's id.
    /// </summary>
    public Guid RecordExport(
        Disclosure.AccessRead read,
        IReadOnlyCollection<(Guid SubjectUserId, IReadOnlyCollection<DataCategory> Categories)> individuals,
        IReadOnlyCollection<Guid> inGroups,
        IReadOnlyCollection<DataCategory> groupCategories)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(individuals);
        ArgumentNullException.ThrowIfNull(inGroups);
        if (tenant.UserId is not { } viewer || tenant.TenantId is not { } tenantId)
        {
            throw new InvalidOperationException("Exports are recorded for a person acting in an organization.");
        }

        var grouped = inGroups.Distinct().Except(individuals.Select(i => i.SubjectUserId)).ToList();
        var export = new DataExport
        {
            TenantId = tenantId,
            Id = Guid.CreateVersion7(),
            ViewerUserId = viewer,
            Description = Truncate(read.Resource),
            IncludedUserIds = [.. individuals.Select(i => i.SubjectUserId).Concat(grouped).Distinct()],
            CreatedAt = clock.GetCurrentInstant(),
        };
        _exports.Add(export);
        foreach (var (subject, categories) in individuals)
        {
            Record(subject, categories, read, groupSize: null, export.Id);
        }

        foreach (var subject in grouped)
        {
            Record(subject, groupCategories, read, groupSize: grouped.Count, export.Id);
        }

        return export.Id;
    }

    private void Record(Guid subjectUserId, IEnumerable<DataCategory> categories, Disclosure.AccessRead read, int? groupSize, Guid? exportId)
    {
        if (tenant.UserId is not { } viewer || tenant.TenantId is not { } tenantId || viewer == subjectUserId)
        {
            return;
        }

        var distinct = categories.Distinct().Order().ToList();
        if (distinct.Count == 0)
        {
            return;
        }

        _entries.Add(new AccessLogEntry
        {
            TenantId = tenantId,
            Id = Guid.CreateVersion7(),
            SubjectUserId = subjectUserId,
            ViewerUserId = viewer,
            Categories = distinct,
            Channel = read.Channel,
            Resource = Truncate(read.Resource),
            ExportId = exportId,
            GroupSize = groupSize,
            PeriodStart = read.Period?.Start,
            PeriodEnd = read.Period?.End,
            OccurredAt = clock.GetCurrentInstant(),
        });
    }

    /// <summary>
    /// Writes the rows recorded so far in one transaction, as the app role with the organization set
    /// (row-level security applies), retrying transient failures with the context's execution strategy.
    /// Throws when the database cannot take them: the caller must then not send the data.
    /// </summary>
    public async Task SaveAsync(CancellationToken cancellationToken = default)
    {
        if (Pending == 0 || tenant.TenantId is not { } tenantId)
        {
            return;
        }

        var (entries, exports) = (_entries, _exports);
        await using var scope = scopes.CreateScope(tenantId);
        var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
        db.DataExports.AddRange(exports);
        db.AccessLog.AddRange(entries);
        await db.SaveChangesAsync(cancellationToken);
        (_entries, _exports) = ([], []);
    }

    /// <summary>Forgets the rows recorded so far: the response that would have shown them failed before it was sent.</summary>
    public void Discard() => (_entries, _exports) = ([], []);

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300];
}
