using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Text;
using TimeTrack.Domain.Visibility;
using TimeTrack.Web.Data;
using TimeTrack.Web.Reports;
using TimeTrack.Web.Tenancy;
using TimeTrack.Web.Tracking;
using TimeTrack.Web.Transparency;

namespace TimeTrack.Web.Features.MyData;

/// <summary>
/// Writes the ZIP of everything the organization holds about one person: a README and, for each kind
/// of their data, the same rows as JSON and as CSV. Runs in that person's tenant scope (a job's), and
/// reads only rows that belong to them. Entries and the access log, which grow with a person's
/// history, are streamed from the database into the archive, never held in memory.
/// </summary>
/// <remarks>
/// Pulse survey answers are not here, by design: they are stored without a person (ADR 007), so
/// there is nothing to find them by, and putting a person's answers in a file would make them theirs.
/// </remarks>
public sealed class PersonalDataArchive(
    TimeTrackDbContext db,
    StreamingReads streaming,
    TenantContext tenant,
    PolicyStore policies,
    PersonTrackingProvider tracking,
    IClock clock)
{
    /// <summary>The kinds of data in the archive, each as name.json and name.csv, in the order the README lists them.</summary>
    public static readonly IReadOnlyList<(string Name, string About)> Files =
    [
        ("profile", "Your account and your membership of this organization: name, email, time zone, role, when you joined, your working hours and the reminders you chose."),
        ("teams", "The teams of this organization you are in or manage."),
        ("time-entries", "Every time entry of yours: start and end as UTC instants and as local times in your time zone, duration, client, project, task, outcome, tags, description, billable, and how it was recorded."),
        ("timesheets", "Your weeks submitted for approval, with their status, who decided and their comment."),
        ("timesheet-history", "Every step of those weeks: submitted, approved, returned, unlocked, by whom and when."),
        ("digests", "Your weekly digests, as they were built for you (the full content is in the JSON file and in the content column of the CSV)."),
        ("reflections", "What you wrote on your digests, and whether you shared it."),
        ("support-requests", "The support you asked for on your digests, and the answers."),
        ("access-log", "Who else was shown your data: when, who, through what, which kinds of data and which days."),
        ("policy-acknowledgements", "The versions of the transparency policy you acknowledged, and when."),
        ("access-tokens", "Your API tokens: name, created, expires, last used, revoked. Never the tokens themselves, which are not stored."),
    ];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    // A data file, never put in a page: names and descriptions stay readable ("Team › week", "Bob's").
    private static readonly JsonWriterOptions JsonFile = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly LocalDateTimePattern LocalTime = LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss");

    /// <summary>Writes the archive of <paramref name="userId"/> to <paramref name="destination"/>, which stays open.</summary>
    public async Task WriteAsync(Stream destination, Guid userId, CancellationToken cancellationToken)
    {
        var tenantId = tenant.RequiredTenantId;
        var organization = await db.Organizations.AsNoTracking().Where(o => o.Id == tenantId)
            .Select(o => new { o.Name, o.Slug }).SingleAsync(cancellationToken);
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { u.DisplayName, u.Email, u.TimeZoneId, u.CreatedAt }).SingleAsync(cancellationToken);
        var membership = await db.Memberships.AsNoTracking().SingleAsync(m => m.UserId == userId, cancellationToken);
        var zone = (await tracking.ForAsync(userId, cancellationToken)).Zone;
        var policy = await policies.ActiveVersionAsync(cancellationToken);
        var now = clock.GetCurrentInstant();

        using var zip = new ZipArchive(destination, ZipArchiveMode.Create, leaveOpen: true);
        await WriteTextAsync(zip, "README.txt", Readme(organization.Name, user.DisplayName, user.Email, now, zone, policy?.Number, policy?.EffectiveAt), cancellationToken);

        ProfileRow[] profile =
        [
            new(user.DisplayName, user.Email ?? "", user.TimeZoneId ?? "", zone.Id, Iso(user.CreatedAt), organization.Name, organization.Slug,
                membership.Role.ToString(), Iso(membership.JoinedAt), membership.WorkingDays?.ToString(CultureInfo.InvariantCulture) ?? "",
                membership.WorkdayStart?.ToString("HH:mm", CultureInfo.InvariantCulture) ?? "", membership.WorkdayEnd?.ToString("HH:mm", CultureInfo.InvariantCulture) ?? "",
                membership.RemindNothingLogged, membership.NothingLoggedRemindedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
                membership.IdleReminderMinutes?.ToString(CultureInfo.InvariantCulture) ?? ""),
        ];
        await WriteTableAsync(zip, "profile", profile.ToAsyncEnumerable(), ProfileRow.Headers, r => r.Cells(), cancellationToken);

        var teams = await TeamsAsync(userId, cancellationToken);
        await WriteTableAsync(zip, "teams", teams.ToAsyncEnumerable(), TeamRow.Headers, r => r.Cells(), cancellationToken);

        var names = await WorkNames.LoadAsync(db, cancellationToken);
        await WriteTableAsync(zip, "time-entries", () => EntriesAsync(userId, names, zone, cancellationToken), EntryRow.Headers, r => r.Cells(), cancellationToken);

        var people = await PeopleNamesAsync(userId, cancellationToken);
        var (submissions, history) = await TimesheetsAsync(userId, people, cancellationToken);
        await WriteTableAsync(zip, "timesheets", submissions.ToAsyncEnumerable(), TimesheetRow.Headers, r => r.Cells(), cancellationToken);
        await WriteTableAsync(zip, "timesheet-history", history.ToAsyncEnumerable(), TimesheetStepRow.Headers, r => r.Cells(), cancellationToken);

        await WriteDigestsAsync(zip, userId, people, cancellationToken);

        await WriteTableAsync(zip, "access-log", () => AccessLogAsync(userId, people, zone, cancellationToken), AccessRow.Headers, r => r.Cells(), cancellationToken);

        var acknowledgements = await (
            from a in db.PolicyAcknowledgements.AsNoTracking()
            join v in db.PolicyVersions.AsNoTracking() on a.PolicyVersionId equals v.Id
            where a.UserId == userId
            orderby a.AcknowledgedAt
            select new { v.Number, v.EffectiveAt, a.AcknowledgedAt }).ToListAsync(cancellationToken);
        await WriteTableAsync(
            zip,
            "policy-acknowledgements",
            acknowledgements.Select(a => new AcknowledgementRow(a.Number, Iso(a.EffectiveAt), Iso(a.AcknowledgedAt))).ToAsyncEnumerable(),
            AcknowledgementRow.Headers,
            r => r.Cells(),
            cancellationToken);

        // Projected column by column: the token's hash never leaves the database.
        var tokens = await db.PersonalAccessTokens.AsNoTracking().Where(t => t.UserId == userId).OrderBy(t => t.CreatedAt)
            .Select(t => new { t.Name, t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt }).ToListAsync(cancellationToken);
        await WriteTableAsync(
            zip,
            "access-tokens",
            tokens.Select(t => new TokenRow(t.Name, Iso(t.CreatedAt), Iso(t.ExpiresAt), Iso(t.LastUsedAt), Iso(t.RevokedAt))).ToAsyncEnumerable(),
            TokenRow.Headers,
            r => r.Cells(),
            cancellationToken);
    }

    /// <summary>The file name offered for a download: <c>timetrack-acme-2026-11-25.zip</c>.</summary>
    public static string FileName(string organizationSlug, LocalDate date) =>
        $"timetrack-{organizationSlug}-{LocalDatePattern.Iso.Format(date)}.zip";

    private static string Readme(string organization, string name, string? email, Instant now, DateTimeZone zone, int? policyVersion, Instant? policyEffective)
    {
        var text = new StringBuilder();
        text.AppendLine("Your data in TimeTrack");
        text.AppendLine("======================");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Organization: {organization}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Person: {name} <{email}>");
        text.AppendLine(CultureInfo.InvariantCulture, $"Generated at: {Iso(now)} ({LocalTime.Format(now.InZone(zone).LocalDateTime)} in {zone.Id})");
        text.AppendLine(policyVersion is { } number
            ? string.Create(CultureInfo.InvariantCulture, $"Transparency policy in force: version {number}, effective since {Iso(policyEffective)}")
            : "Transparency policy in force: the defaults (no version has been published)");
        text.AppendLine();
        text.AppendLine("This archive holds everything this organization's TimeTrack keeps about you, as a copy you may");
        text.AppendLine("keep or take elsewhere. Each kind of data is here twice, with the same rows: as JSON (for programs)");
        text.AppendLine("and as CSV (for spreadsheets; cells that would start like a formula begin with an apostrophe).");
        text.AppendLine("Instants are UTC in ISO 8601 (2026-11-25T09:30:00Z); local times are in your time zone.");
        text.AppendLine();
        text.AppendLine("Files");
        text.AppendLine("-----");
        foreach (var (file, about) in Files)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{file}.json, {file}.csv");
            text.AppendLine(CultureInfo.InvariantCulture, $"    {about}");
        }

        text.AppendLine();
        text.AppendLine("What is not here, and why");
        text.AppendLine("-------------------------");
        text.AppendLine("Pulse survey answers. They are stored without your name, without a time and without any link");
        text.AppendLine("between your answers, so that nobody, you included, can tell which answers are yours. Only the");
        text.AppendLine("fact that you took part in a survey is stored with your name, so that you answer once.");
        text.AppendLine("Other people's data: another person's entries, digests or reflections are never in your archive.");
        text.AppendLine("Other organizations: each organization you belong to gives you its own archive.");
        return text.ToString();
    }

    private async Task<List<TeamRow>> TeamsAsync(Guid userId, CancellationToken cancellationToken)
    {
        var memberOf = await db.TeamMembers.AsNoTracking().Where(m => m.UserId == userId).Select(m => m.TeamId).ToListAsync(cancellationToken);
        var manages = await db.TeamManagers.AsNoTracking().Where(m => m.UserId == userId).Select(m => m.TeamId).ToListAsync(cancellationToken);
        var ids = memberOf.Concat(manages).Distinct().ToList();
        var teams = await db.Teams.AsNoTracking().Where(t => ids.Contains(t.Id)).OrderBy(t => t.Name)
            .Select(t => new { t.Id, t.Name, t.ArchivedAt }).ToListAsync(cancellationToken);
        return [.. teams.Select(t => new TeamRow(t.Name, memberOf.Contains(t.Id), manages.Contains(t.Id), Iso(t.ArchivedAt)))];
    }

    private async IAsyncEnumerable<EntryRow> EntriesAsync(Guid userId, WorkNames names, DateTimeZone zone, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // A context without retries, so the query streams (see StreamingReads).
        await using var reads = streaming.Open(tenant);
        var entries = reads.TimeEntries.AsNoTracking()
            .Where(e => e.UserId == userId)
            .OrderBy(e => e.Start).ThenBy(e => e.Id)
            .Select(e => new
            {
                e.Id,
                e.Start,
                e.End,
                e.Day,
                e.ProjectId,
                e.TaskId,
                e.OutcomeId,
                e.Description,
                e.IsBillable,
                e.Source,
                e.IsOutsideHours,
                e.CreatedAt,
                e.UpdatedAt,
                Tags = reads.TimeEntryTags.Where(t => t.TimeEntryId == e.Id)
                    .Join(reads.Tags, t => t.TagId, tag => tag.Id, (t, tag) => tag.Name)
                    .ToList(),
            })
            .AsAsyncEnumerable();
        await foreach (var e in entries.WithCancellation(cancellationToken))
        {
            var clientId = names.ProjectClients.GetValueOrDefault(e.ProjectId);
            yield return new EntryRow(
                e.Id,
                Iso(e.Start),
                Iso(e.End),
                LocalTime.Format(e.Start.InZone(zone).LocalDateTime),
                e.End is { } end ? LocalTime.Format(end.InZone(zone).LocalDateTime) : "",
                zone.Id,
                LocalDatePattern.Iso.Format(e.Day),
                e.End is { } finished ? (long)(finished - e.Start).TotalMinutes : null,
                clientId is { } client ? names.Clients.GetValueOrDefault(client, "") : "",
                names.Projects.GetValueOrDefault(e.ProjectId, ""),
                e.TaskId is { } task ? names.Tasks.GetValueOrDefault(task, "") : "",
                e.OutcomeId is { } outcome ? names.Outcomes.GetValueOrDefault(outcome, "") : "",
                [.. e.Tags.Order(StringComparer.Ordinal)],
                e.Description,
                e.IsBillable,
                e.Source.ToString(),
                e.IsOutsideHours,
                Iso(e.CreatedAt),
                Iso(e.UpdatedAt));
        }
    }

    /// <summary>Names of the people who appear in this person's records (approvers, viewers, responders), by id.</summary>
    private async Task<Dictionary<Guid, string>> PeopleNamesAsync(Guid userId, CancellationToken cancellationToken)
    {
        var submissions = db.WeekSubmissions.Where(s => s.UserId == userId).Select(s => s.Id);
        var found = await db.AccessLog.Where(e => e.SubjectUserId == userId).Select(e => (Guid?)e.ViewerUserId)
            .Union(db.WeekSubmissionEvents.Where(e => submissions.Contains(e.SubmissionId)).Select(e => (Guid?)e.ActorUserId))
            .Union(db.WeekSubmissions.Where(s => s.UserId == userId).Select(s => s.DecidedByUserId))
            .Union(db.Digests.Where(d => d.UserId == userId).Select(d => d.SupportAcknowledgedBy))
            .ToListAsync(cancellationToken);
        var ids = found.OfType<Guid>().ToList();
        return await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id))
            .Select(u => new { u.Id, Name = u.DisplayName == "" ? u.Email : u.DisplayName })
            .ToDictionaryAsync(u => u.Id, u => u.Name ?? "", cancellationToken);
    }

    private static string NameOf(Dictionary<Guid, string> people, Guid? id) =>
        id is { } known ? people.GetValueOrDefault(known, "A former member") : "";

    private async Task<(List<TimesheetRow>, List<TimesheetStepRow>)> TimesheetsAsync(Guid userId, Dictionary<Guid, string> people, CancellationToken cancellationToken)
    {
        var submissions = await db.WeekSubmissions.AsNoTracking().Where(s => s.UserId == userId).OrderBy(s => s.WeekStart)
            .ToListAsync(cancellationToken);
        var ids = submissions.Select(s => s.Id).ToList();
        var weeks = submissions.ToDictionary(s => s.Id, s => s.WeekStart);
        var events = await db.WeekSubmissionEvents.AsNoTracking().Where(e => ids.Contains(e.SubmissionId))
            .OrderBy(e => e.OccurredAt).ThenBy(e => e.Id).ToListAsync(cancellationToken);
        return (
            [.. submissions.Select(s => new TimesheetRow(
                LocalDatePattern.Iso.Format(s.WeekStart), s.Status.ToString(), Iso(s.SubmittedAt), Iso(s.DecidedAt),
                NameOf(people, s.DecidedByUserId), s.Comment ?? "", Iso(s.ApprovedAt)))],
            [.. events.Select(e => new TimesheetStepRow(
                LocalDatePattern.Iso.Format(weeks[e.SubmissionId]), e.Kind.ToString(), NameOf(people, e.ActorUserId), Iso(e.OccurredAt), e.Text ?? ""))]);
    }

    private async Task WriteDigestsAsync(ZipArchive zip, Guid userId, Dictionary<Guid, string> people, CancellationToken cancellationToken)
    {
        // One digest a week: a person's whole history is a few hundred small rows.
        var digests = await db.Digests.AsNoTracking().Where(d => d.UserId == userId).OrderBy(d => d.WeekStart).ToListAsync(cancellationToken);
        await WriteTableAsync(
            zip,
            "digests",
            digests.Select(d =>
            {
                var content = DigestJson.Serialize(d.Content);
                return new DigestRow(
                    LocalDatePattern.Iso.Format(d.WeekStart), Iso(d.CreatedAt), Iso(d.EmbargoEndsAt), Iso(d.ReleasedAt),
                    d.Content.TotalMinutes, d.Content.FocusMinutes, JsonDocument.Parse(content).RootElement);
            }).ToAsyncEnumerable(),
            DigestRow.Headers,
            r => r.Cells(),
            cancellationToken);
        await WriteTableAsync(
            zip,
            "reflections",
            digests.Where(d => !string.IsNullOrEmpty(d.Reflection))
                .Select(d => new ReflectionRow(LocalDatePattern.Iso.Format(d.WeekStart), d.Reflection ?? "", d.ReflectionShared)).ToAsyncEnumerable(),
            ReflectionRow.Headers,
            r => r.Cells(),
            cancellationToken);
        await WriteTableAsync(
            zip,
            "support-requests",
            digests.Where(d => d.SupportRequest is not null)
                .Select(d => new SupportRequestRow(
                    LocalDatePattern.Iso.Format(d.WeekStart), d.SupportRequest ?? "", Iso(d.SupportRequestedAt), Iso(d.SupportAcknowledgedAt),
                    NameOf(people, d.SupportAcknowledgedBy), d.SupportResponse ?? "")).ToAsyncEnumerable(),
            SupportRequestRow.Headers,
            r => r.Cells(),
            cancellationToken);
    }

    private async IAsyncEnumerable<AccessRow> AccessLogAsync(Guid userId, Dictionary<Guid, string> people, DateTimeZone zone, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var reads = streaming.Open(tenant);
        var rows = reads.AccessLog.AsNoTracking().Where(e => e.SubjectUserId == userId)
            .OrderBy(e => e.OccurredAt).ThenBy(e => e.Id).AsAsyncEnumerable();
        await foreach (var e in rows.WithCancellation(cancellationToken))
        {
            yield return new AccessRow(
                Iso(e.OccurredAt),
                LocalTime.Format(e.OccurredAt.InZone(zone).LocalDateTime),
                NameOf(people, e.ViewerUserId),
                e.Channel.ToString(),
                [.. e.Categories.Select(PolicyText.ShortLabel)],
                e.Resource,
                e.GroupSize,
                e.PeriodStart is { } start ? LocalDatePattern.Iso.Format(start) : "",
                e.PeriodEnd is { } end ? LocalDatePattern.Iso.Format(end) : "");
        }
    }

    private static async Task WriteTextAsync(ZipArchive zip, string name, string text, CancellationToken cancellationToken)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        await using var stream = entry.Open();
        await stream.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
    }

    private static Task WriteTableAsync<T>(ZipArchive zip, string name, IAsyncEnumerable<T> rows, string[] headers, Func<T, string[]> cells, CancellationToken cancellationToken) =>
        WriteTableAsync(zip, name, () => rows, headers, cells, cancellationToken);

    /// <summary>Writes <c>name.json</c> (an array of objects) and <c>name.csv</c>, reading <paramref name="rows"/> once for each.</summary>
    private static async Task WriteTableAsync<T>(ZipArchive zip, string name, Func<IAsyncEnumerable<T>> rows, string[] headers, Func<T, string[]> cells, CancellationToken cancellationToken)
    {
        var jsonEntry = zip.CreateEntry(name + ".json", CompressionLevel.Optimal);
        await using (var stream = jsonEntry.Open())
        {
            await using var writer = new Utf8JsonWriter(stream, JsonFile);
            writer.WriteStartArray();
            await foreach (var row in rows().WithCancellation(cancellationToken))
            {
                JsonSerializer.Serialize(writer, row, Json);
                if (writer.BytesPending > 32 * 1024)
                {
                    await writer.FlushAsync(cancellationToken);
                }
            }

            writer.WriteEndArray();
            await writer.FlushAsync(cancellationToken);
        }

        var csvEntry = zip.CreateEntry(name + ".csv", CompressionLevel.Optimal);
        await using (var stream = csvEntry.Open())
        {
            await using var csv = CsvWriter.Create(stream, SafeCsv.Options, leaveOpen: true);
            await csv.WriteRecordAsync(headers, cancellationToken);
            await foreach (var row in rows().WithCancellation(cancellationToken))
            {
                await csv.WriteRecordAsync(cells(row), cancellationToken);
            }

            await csv.FlushAsync(cancellationToken);
        }
    }

    private static string Iso(Instant? instant) => instant is { } value ? InstantPattern.ExtendedIso.Format(value) : "";

    private static string Flag(bool value) => value ? "yes" : "no";

    /// <summary>The organization's names for the ids on entries; its size is the organization's, not the person's history.</summary>
    private sealed record WorkNames(
        Dictionary<Guid, string> Clients,
        Dictionary<Guid, string> Projects,
        Dictionary<Guid, Guid?> ProjectClients,
        Dictionary<Guid, string> Tasks,
        Dictionary<Guid, string> Outcomes)
    {
        public static async Task<WorkNames> LoadAsync(TimeTrackDbContext db, CancellationToken cancellationToken)
        {
            var projects = await db.Projects.AsNoTracking().Select(p => new { p.Id, p.Name, p.ClientId }).ToListAsync(cancellationToken);
            return new WorkNames(
                await db.Clients.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken),
                projects.ToDictionary(p => p.Id, p => p.Name),
                projects.ToDictionary(p => p.Id, p => p.ClientId),
                await db.Tasks.AsNoTracking().ToDictionaryAsync(t => t.Id, t => t.Name, cancellationToken),
                await db.Outcomes.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken));
        }
    }

    public sealed record ProfileRow(
        string Name, string Email, string TimeZoneSetting, string TimeZoneUsed, string AccountCreatedAt, string Organization, string OrganizationSlug,
        string Role, string JoinedAt, string WorkingDays, string WorkdayStart, string WorkdayEnd,
        bool RemindNothingLogged, string NothingLoggedRemindedOn, string IdleReminderMinutes)
    {
        public static readonly string[] Headers = ["Name", "Email", "Time zone setting", "Time zone used", "Account created at", "Organization", "Organization address", "Role", "Joined at", "Working days", "Workday start", "Workday end", "Nothing-logged reminder", "Last nothing-logged reminder on", "Idle timer question after (minutes)"];

        public string[] Cells() => [Name, Email, TimeZoneSetting, TimeZoneUsed, AccountCreatedAt, Organization, OrganizationSlug, Role, JoinedAt, WorkingDays, WorkdayStart, WorkdayEnd, RemindNothingLogged ? "on" : "off", NothingLoggedRemindedOn, IdleReminderMinutes];
    }

    public sealed record TeamRow(string Team, bool Member, bool Manager, string ArchivedAt)
    {
        public static readonly string[] Headers = ["Team", "Member", "Manager", "Archived at"];

        public string[] Cells() => [Team, Flag(Member), Flag(Manager), ArchivedAt];
    }

    public sealed record EntryRow(
        Guid Id, string Start, string End, string StartLocal, string EndLocal, string TimeZone, string Day, long? Minutes,
        string Client, string Project, string Task, string Outcome, IReadOnlyList<string> Tags, string Description,
        bool Billable, string Source, bool OutsideHours, string CreatedAt, string UpdatedAt)
    {
        public static readonly string[] Headers = ["Id", "Start (UTC)", "End (UTC)", "Start (local)", "End (local)", "Time zone", "Day", "Minutes", "Client", "Project", "Task", "Outcome", "Tags", "Description", "Billable", "Source", "Outside working hours", "Created at", "Updated at"];

        public string[] Cells() =>
        [
            Id.ToString(), Start, End, StartLocal, EndLocal, TimeZone, Day, Minutes?.ToString(CultureInfo.InvariantCulture) ?? "",
            Client, Project, Task, Outcome, string.Join("; ", Tags), Description, Flag(Billable), Source, Flag(OutsideHours), CreatedAt, UpdatedAt,
        ];
    }

    public sealed record TimesheetRow(string WeekStart, string Status, string SubmittedAt, string DecidedAt, string DecidedBy, string Comment, string ApprovedAt)
    {
        public static readonly string[] Headers = ["Week starting", "Status", "Submitted at", "Decided at", "Decided by", "Comment", "Approved at"];

        public string[] Cells() => [WeekStart, Status, SubmittedAt, DecidedAt, DecidedBy, Comment, ApprovedAt];
    }

    public sealed record TimesheetStepRow(string WeekStart, string Step, string By, string At, string Text)
    {
        public static readonly string[] Headers = ["Week starting", "Step", "By", "At", "Text"];

        public string[] Cells() => [WeekStart, Step, By, At, Text];
    }

    public sealed record DigestRow(string WeekStart, string CreatedAt, string EmbargoEndsAt, string ReleasedAt, int TotalMinutes, int FocusMinutes, JsonElement Content)
    {
        public static readonly string[] Headers = ["Week starting", "Created at", "Private until", "Released early at", "Total minutes", "Focus minutes", "Content (JSON)"];

        public string[] Cells() =>
        [
            WeekStart, CreatedAt, EmbargoEndsAt, ReleasedAt, TotalMinutes.ToString(CultureInfo.InvariantCulture),
            FocusMinutes.ToString(CultureInfo.InvariantCulture), Content.GetRawText(),
        ];
    }

    public sealed record ReflectionRow(string WeekStart, string Reflection, bool Shared)
    {
        public static readonly string[] Headers = ["Week starting", "Reflection", "Shared"];

        public string[] Cells() => [WeekStart, Reflection, Flag(Shared)];
    }

    public sealed record SupportRequestRow(string WeekStart, string Request, string RequestedAt, string AcknowledgedAt, string AcknowledgedBy, string Response)
    {
        public static readonly string[] Headers = ["Week starting", "Request", "Requested at", "Acknowledged at", "Acknowledged by", "Response"];

        public string[] Cells() => [WeekStart, Request, RequestedAt, AcknowledgedAt, AcknowledgedBy, Response];
    }

    public sealed record AccessRow(
        string At, string AtLocal, string Viewer, string Channel, IReadOnlyList<string> Kinds, string Resource, int? GroupSize, string PeriodStart, string PeriodEnd)
    {
        public static readonly string[] Headers = ["At (UTC)", "At (local)", "Who", "Through", "Kinds of data", "What", "Only in a group of", "Covering from", "Covering to"];

        public string[] Cells() =>
            [At, AtLocal, Viewer, Channel, string.Join("; ", Kinds), Resource, GroupSize?.ToString(CultureInfo.InvariantCulture) ?? "", PeriodStart, PeriodEnd];
    }

    public sealed record AcknowledgementRow(int? PolicyVersion, string VersionEffectiveAt, string AcknowledgedAt)
    {
        public static readonly string[] Headers = ["Policy version", "Version effective at", "Acknowledged at"];

        public string[] Cells() => [PolicyVersion?.ToString(CultureInfo.InvariantCulture) ?? "", VersionEffectiveAt, AcknowledgedAt];
    }

    public sealed record TokenRow(string Name, string CreatedAt, string ExpiresAt, string LastUsedAt, string RevokedAt)
    {
        public static readonly string[] Headers = ["Name", "Created at", "Expires at", "Last used at", "Revoked at"];

        public string[] Cells() => [Name, CreatedAt, ExpiresAt, LastUsedAt, RevokedAt];
    }
}
