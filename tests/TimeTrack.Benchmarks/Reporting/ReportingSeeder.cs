using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Identity;
using NodaTime;
using Npgsql;
using NpgsqlTypes;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Time;
using TimeTrack.Domain.Visibility;
using TimeTrack.Web.Data;
using TimeTrack.Web.Data.Seed;

namespace TimeTrack.Benchmarks.Reporting;

/// <summary>What a finished seeding produced, and how long it took.</summary>
public sealed record SeedSummary(int Organizations, int People, long Entries, long LargestEntries, int LargestPeople, LocalDate From, LocalDate To, TimeSpan Elapsed)
{
    public string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Organizations} organizations, {People:N0} people, {Entries:N0} entries ({LargestEntries:N0} and {LargestPeople:N0} people in the largest), days {From:yyyy-MM-dd}..{To:yyyy-MM-dd}, seeded in {Elapsed.TotalSeconds:F0} s");
}

/// <summary>
/// Fills the benchmark database with binary COPY as the superuser, with triggers (and so foreign-key
/// checks and the rollup trigger) off for the session: 200 organizations at scale 1, the largest with
/// 1,000 people in teams of 8–12 with a manager each and over a million finished entries, the rest
/// small to medium. Entries cover the last six months or so, mostly on working days in working hours,
/// some in the evening (outside hours), most billable, with outcomes and tasks on some; a person's day
/// goes to one to three pieces of work, so rollup rows are fewer than entries as in real use. Each entry's
/// <c>day</c> and <c>day_milliseconds</c> are its split at the person's local midnights, made by
/// <c>DaySplit</c> as <c>EntryDayInterceptor</c> would make it. The secondary indexes of time_entries are dropped for the load and rebuilt afterwards, then
/// the rollups are rebuilt per organization and everything is analyzed. Deterministic for a scale.
/// </summary>
public sealed class ReportingSeeder(ReportingDatabase database, double scale, TextWriter log)
{
    public const string LargestSlug = "bench-large";
    public const string AdminEmail = "admin@bench-large.test";
    public const string ManagerEmail = "manager@bench-large.test";

    private const int FullOrganizations = 200;
    private const int FullLargestPeople = 1000;
    private const long FullLargestEntries = 1_050_000;
    private const long FullOtherEntries = 500_000;

    private static readonly string[] Zones =
    [
        "Europe/Berlin", "Europe/London", "America/New_York", "America/Los_Angeles", "Asia/Tokyo",
        "Australia/Sydney", "Europe/Paris", "America/Sao_Paulo", "Asia/Kolkata", "Europe/Madrid",
    ];

    private static readonly string[] FirstNames =
    [
        "Ada", "Ben", "Chloé", "Dmitri", "Elif", "Farah", "Goran", "Hana", "Ivan", "Jonas", "Kemal", "Lena",
        "Mateo", "Nia", "Oskar", "Priya", "Quentin", "Rosa", "Sven", "Tomás", "Uma", "Vera", "Wei", "Yusuf", "Zoë",
    ];

    private static readonly string[] LastNames =
    [
        "Andersson", "Becker", "Costa", "Dubois", "Eriksen", "Fischer", "García", "Horvat", "Ivanova", "Jensen",
        "Kowalski", "Lindqvist", "Moreau", "Nakamura", "Okafor", "Petrov", "Rossi", "Schmidt", "Tanaka", "Weber",
    ];

    private static readonly string[] Descriptions =
    [
        "Planning with the client", "Code review", "Implementing the import", "Fixing the report totals",
        "Design workshop", "Writing documentation", "Customer call", "Testing the release candidate",
        "Pairing on the API", "Sprint planning", "Research: caching options", "Support tickets",
        "Preparing the demo", "Data migration dry run", "Accessibility fixes", "Refining the backlog",
    ];

    private readonly Random _random = new(20261126);

    public async Task<SeedSummary> SeedAsync(IClock clock, CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        var today = clock.GetCurrentInstant().InUtc().Date;
        var from = new LocalDate(today.Year, today.Month, 1).PlusMonths(-6);
        var to = today.PlusDays(-1);
        var createdAt = from.PlusDays(-60).AtStartOfDayInZone(DateTimeZone.Utc).ToInstant();
        var organizations = Plan(from, createdAt);

        var builder = new NpgsqlDataSourceBuilder(database.SuperuserConnectionString);
        builder.UseNodaTime();
        await using var dataSource = builder.Build();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // Replica mode fires no ordinary triggers: no foreign-key checks and no rollup trigger while loading.
        await ExecuteAsync(connection, "SET session_replication_role = replica; SET maintenance_work_mem = '256MB'", cancellationToken);

        log.WriteLine($"Seeding {organizations.Count} organizations, {organizations.Sum(o => o.People.Count):N0} people, about {organizations.Sum(o => o.EntryTarget):N0} entries ({from:yyyy-MM-dd}..{to:yyyy-MM-dd})");
        await CopyStructureAsync(connection, organizations, from, createdAt, cancellationToken);

        var indexes = await DropEntryIndexesAsync(connection, cancellationToken);
        var (entries, largestEntries) = await CopyEntriesAsync(connection, organizations, from, to, cancellationToken);
        log.WriteLine($"  {entries:N0} entries copied after {stopwatch.Elapsed.TotalSeconds:F0} s; rebuilding {indexes.Count} indexes");
        foreach (var statement in indexes)
        {
            await ExecuteAsync(connection, statement, cancellationToken);
        }

        log.WriteLine($"  indexes rebuilt after {stopwatch.Elapsed.TotalSeconds:F0} s; rebuilding rollups");
        await ExecuteAsync(connection, "SET session_replication_role = origin", cancellationToken);
        foreach (var organization in organizations)
        {
            // RLS is forced on the rollups; a superuser passes anyway, the tenant is set as the app would.
            await using var rebuild = new NpgsqlCommand("SELECT set_config('app.tenant_id', @tenant, false); SELECT rebuild_time_rollups(@id)", connection);
            rebuild.Parameters.AddWithValue("tenant", organization.Id.ToString());
            rebuild.Parameters.AddWithValue("id", organization.Id);
            await rebuild.ExecuteNonQueryAsync(cancellationToken);
        }

        await ExecuteAsync(connection, "SELECT set_config('app.tenant_id', '', false)", cancellationToken);
        log.WriteLine($"  rollups rebuilt after {stopwatch.Elapsed.TotalSeconds:F0} s; analyzing");
        await ExecuteAsync(connection, "VACUUM (ANALYZE)", cancellationToken);
        stopwatch.Stop();

        var largest = organizations[0];
        return new SeedSummary(organizations.Count, organizations.Sum(o => o.People.Count), entries, largestEntries, largest.People.Count, from, to, stopwatch.Elapsed);
    }

    /// <summary>The organizations, people, teams, projects and their outcomes and tasks; entries come later, streamed.</summary>
    private List<PlannedOrganization> Plan(LocalDate from, Instant createdAt)
    {
        var count = Math.Max(4, (int)Math.Round(FullOrganizations * scale));
        var largestPeople = Math.Max(24, (int)Math.Round(FullLargestPeople * scale));
        var otherPeople = Enumerable.Range(0, count - 1).Select(_ => _random.Next(3, 61)).ToList();
        var otherEntries = (long)Math.Round(FullOtherEntries * scale);
        var otherTotal = Math.Max(1, otherPeople.Sum());

        var organizations = new List<PlannedOrganization>
        {
            PlanOrganization(0, LargestSlug, "Bench Large", "Europe/Berlin", largestPeople, (long)Math.Round(FullLargestEntries * scale), from, createdAt),
        };
        for (var i = 1; i < count; i++)
        {
            var slug = string.Create(CultureInfo.InvariantCulture, $"bench-{i:D3}");
            organizations.Add(PlanOrganization(
                i,
                slug,
                string.Create(CultureInfo.InvariantCulture, $"Bench Organization {i:D3}"),
                Zones[i % Zones.Length],
                otherPeople[i - 1],
                otherEntries * otherPeople[i - 1] / otherTotal,
                from,
                createdAt));
        }

        return organizations;
    }

    private PlannedOrganization PlanOrganization(int index, string slug, string name, string zoneId, int peopleCount, long entryTarget, LocalDate from, Instant createdAt)
    {
        var organization = new PlannedOrganization(Guid.CreateVersion7(), slug, name, zoneId, entryTarget);
        var largest = index == 0;
        for (var p = 0; p < peopleCount; p++)
        {
            var email = largest && p == 1 ? AdminEmail : string.Create(CultureInfo.InvariantCulture, $"p{p:D4}@{slug}.test");
            // A tenth of people work from another zone than their organization's.
            var personalZone = _random.NextDouble() < 0.1 ? Zones[_random.Next(Zones.Length)] : null;
            organization.People.Add(new PlannedPerson(
                Guid.CreateVersion7(),
                email,
                $"{FirstNames[_random.Next(FirstNames.Length)]} {LastNames[_random.Next(LastNames.Length)]} {p}",
                personalZone,
                TimeZones.Resolve(personalZone, zoneId),
                p switch { 0 => OrgRole.Owner, 1 => OrgRole.Admin, _ => OrgRole.Employee },
                Viewer: largest && p == 1));
        }

        var clientCount = largest ? 20 : Math.Max(1, peopleCount / 12);
        for (var c = 0; c < clientCount; c++)
        {
            organization.Clients.Add((Guid.CreateVersion7(), string.Create(CultureInfo.InvariantCulture, $"Client {c + 1:D2}")));
        }

        var projectCount = largest ? 60 : Math.Clamp(peopleCount / 4, 2, 12);
        for (var j = 0; j < projectCount; j++)
        {
            var project = new PlannedProject(
                Guid.CreateVersion7(),
                string.Create(CultureInfo.InvariantCulture, $"Project {j + 1:D2}"),
                string.Create(CultureInfo.InvariantCulture, $"#{_random.Next(0x1000000):x6}"),
                Billable: _random.NextDouble() < 0.75,
                ClientId: _random.NextDouble() < 0.85 ? organization.Clients[j % clientCount].Id : null);
            for (var o = 0; o < 5; o++)
            {
                project.Outcomes.Add(Guid.CreateVersion7());
            }

            foreach (var _ in new[] { "Design", "Build", "Review" })
            {
                project.Tasks.Add(Guid.CreateVersion7());
            }

            organization.Projects.Add(project);
        }

        // Teams of 8–12 from the third person on, each with a manager of its own who is not one of its members.
        var next = 2;
        var teamIndex = 0;
        while (peopleCount - next >= 3)
        {
            var size = Math.Min(_random.Next(8, 13), peopleCount - next - 1);
            var manager = organization.People[next];
            organization.People[next] = manager with
            {
                Role = OrgRole.Manager,
                Email = largest && teamIndex == 0 ? ManagerEmail : manager.Email,
                Viewer = largest && teamIndex == 0,
            };
            var members = organization.People.GetRange(next + 1, size);
            var projectsPerTeam = largest ? 4 : Math.Min(3, projectCount);
            var teamProjects = Enumerable.Range(0, projectsPerTeam).Select(k => organization.Projects[((teamIndex * projectsPerTeam) + k) % projectCount]).ToList();
            organization.Teams.Add(new PlannedTeam(
                Guid.CreateVersion7(),
                string.Create(CultureInfo.InvariantCulture, $"Team {teamIndex + 1:D3}"),
                organization.People[next].Id,
                [.. members.Select(m => m.Id)],
                teamProjects));
            foreach (var person in members.Append(organization.People[next]))
            {
                organization.Assign(person.Id, teamProjects);
            }

            foreach (var project in teamProjects.Where(p => p.ManagerId is null))
            {
                project.ManagerId = organization.People[next].Id;
            }

            next += size + 1;
            teamIndex++;
        }

        foreach (var person in organization.People.Where(p => !organization.ProjectsOf.ContainsKey(p.Id)))
        {
            organization.Assign(person.Id, organization.Projects.Take(3));
        }

        organization.CreatedAt = createdAt;
        organization.RatesFrom = from.PlusDays(-30);
        return organization;
    }

    private async Task CopyStructureAsync(NpgsqlConnection connection, List<PlannedOrganization> organizations, LocalDate from, Instant createdAt, CancellationToken cancellationToken)
    {
        var hasher = new PasswordHasher<ApplicationUser>();
        var viewerHash = hasher.HashPassword(new ApplicationUser(), DemoSeeder.Password);

        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY organizations (id, slug, name, default_time_zone_id, week_start, created_at, tracking_maximum_days_in_past, tracking_overlaps, tracking_workday_start, tracking_workday_end, tracking_working_days, currency) FROM STDIN (FORMAT BINARY)",
            cancellationToken))
        {
            foreach (var o in organizations)
            {
                await writer.StartRowAsync(cancellationToken);
                await writer.WriteAsync(o.Id, NpgsqlDbType.Uuid, cancellationToken);
                await writer.WriteAsync(o.Slug, NpgsqlDbType.Varchar, cancellationToken);
                await writer.WriteAsync(o.Name, NpgsqlDbType.Varchar, cancellationToken);
                await writer.WriteAsync(o.ZoneId, NpgsqlDbType.Varchar, cancellationToken);
                await writer.WriteAsync((int)IsoDayOfWeek.Monday, NpgsqlDbType.Integer, cancellationToken);
                await writer.WriteAsync(o.CreatedAt, NpgsqlDbType.TimestampTz, cancellationToken);
                await writer.WriteAsync(366, NpgsqlDbType.Integer, cancellationToken);
                await writer.WriteAsync(nameof(OverlapRule.Rejected), NpgsqlDbType.Varchar, cancellationToken);
                await writer.WriteAsync(new LocalTime(8, 0), NpgsqlDbType.Time, cancellationToken);
                await writer.WriteAsync(new LocalTime(18, 0), NpgsqlDbType.Time, cancellationToken);
                await writer.WriteAsync(31, NpgsqlDbType.Integer, cancellationToken);
                await writer.WriteAsync("EUR", NpgsqlDbType.Varchar, cancellationToken);
            }

            await writer.CompleteAsync(cancellationToken);
        }

        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY users (id, display_name, time_zone_id, created_at, user_name, normalized_user_name, email, normalized_email, email_confirmed, password_hash, security_stamp, concurrency_stamp, phone_number_confirmed, two_factor_enabled, lockout_enabled, access_failed_count) FROM STDIN (FORMAT BINARY)",
            cancellationToken))
        {
            foreach (var person in organizations.SelectMany(o => o.People))
            {
                await writer.StartRowAsync(cancellationToken);
                await writer.WriteAsync(person.Id, NpgsqlDbType.Uuid, cancellationToken);
                await writer.WriteAsync(person.Name, NpgsqlDbType.Varchar, cancellationToken);
                await WriteNullableAsync(writer, person.ZoneId, NpgsqlDbType.Varchar, cancellationToken);
                await writer.WriteAsync(createdAt, NpgsqlDbType.TimestampTz, cancellationToken);
                await writer.WriteAsync(person.Email, NpgsqlDbType.Varchar, cancellationToken);
                await writer.WriteAsync(person.Email.ToUpperInvariant(), NpgsqlDbType.Varchar, cancellationToken);
                await writer.WriteAsync(person.Email, NpgsqlDbType.Varchar, cancellationToken);
                await writer.WriteAsync(person.Email.ToUpperInvariant(), NpgsqlDbType.Varchar, cancellationToken);
                await writer.WriteAsync(true, NpgsqlDbType.Boolean, cancellationToken);
                // Only the viewers the benchmark signs in as get a real hash; nobody can sign in as the others.
                await writer.WriteAsync(person.Viewer ? viewerHash : "-", NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(Guid.NewGuid().ToString("N").ToUpperInvariant(), NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(Guid.NewGuid().ToString(), NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(false, NpgsqlDbType.Boolean, cancellationToken);
                await writer.WriteAsync(false, NpgsqlDbType.Boolean, cancellationToken);
                await writer.WriteAsync(true, NpgsqlDbType.Boolean, cancellationToken);
                await writer.WriteAsync(0, NpgsqlDbType.Integer, cancellationToken);
            }

            await writer.CompleteAsync(cancellationToken);
        }

        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY memberships (tenant_id, id, user_id, role, joined_at) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var o in organizations)
            {
                foreach (var person in o.People)
                {
                    await writer.StartRowAsync(cancellationToken);
                    await writer.WriteAsync(o.Id, NpgsqlDbType.Uuid, cancellationToken);
                    await writer.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid, cancellationToken);
                    await writer.WriteAsync(person.Id, NpgsqlDbType.Uuid, cancellationToken);
                    await writer.WriteAsync(person.Role.ToString(), NpgsqlDbType.Varchar, cancellationToken);
                    await writer.WriteAsync(createdAt, NpgsqlDbType.TimestampTz, cancellationToken);
                }
            }

            await writer.CompleteAsync(cancellationToken);
        }

        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY clients (tenant_id, id, name, is_archived) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var o in organizations)
            {
                foreach (var (id, name) in o.Clients)
                {
                    await writer.StartRowAsync(cancellationToken);
                    await writer.WriteAsync(o.Id, NpgsqlDbType.Uuid, cancellationToken);
                    await writer.WriteAsync(id, NpgsqlDbType.Uuid, cancellationToken);
                    await writer.WriteAsync(name, NpgsqlDbType.Varchar, cancellationToken);
                    await writer.WriteAsync(false, NpgsqlDbType.Boolean, cancellationToken);
                }
            }

            await writer.CompleteAsync(cancellationToken);
        }

        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY projects (tenant_id, id, name, color, is_billable_by_default, is_archived, client_id) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var o in organizations)
            {
                foreach (var project in o.Projects)
                {
                    await writer.StartRowAsync(cancellationToken);
                    await writer.WriteAsync(o.Id, NpgsqlDbType.Uuid, cancellationToken);
                    await writer.WriteAsync(project.Id, NpgsqlDbType.Uuid, cancellationToken);
                    await writer.WriteAsync(project.Name, NpgsqlDbType.Varchar, cancellationToken);
                    await writer.WriteAsync(project.Color, NpgsqlDbType.Varchar, cancellationToken);
                    await writer.WriteAsync(project.Billable, NpgsqlDbType.Boolean, cancellationToken);
                    await writer.WriteAsync(false, NpgsqlDbType.Boolean, cancellationToken);
                    await WriteNullableAsync(writer, project.ClientId, NpgsqlDbType.Uuid, cancellationToken);
                }
            }

            await writer.CompleteAsync(cancellationToken);
        }

        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY project_members (tenant_id, project_id, user_id, is_project_manager) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var o in organizations)
            {
                foreach (var (userId, projects) in o.ProjectsOf)
                {
                    foreach (var project in projects)
                    {
                        await writer.StartRowAsync(cancellationToken);
                        await writer.WriteAsync(o.Id, NpgsqlDbType.Uuid, cancellationToken);
                        await writer.WriteAsync(project.Id, NpgsqlDbType.Uuid, cancellationToken);
                        await writer.WriteAsync(userId, NpgsqlDbType.Uuid, cancellationToken);
                        await writer.WriteAsync(project.ManagerId == userId, NpgsqlDbType.Boolean, cancellationToken);
                    }
                }
            }

            await writer.CompleteAsync(cancellationToken);
        }

        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY tasks (tenant_id, id, project_id, name, is_archived) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            string[] names = ["Design", "Build", "Review"];
            foreach (var o in organizations)
            {
                foreach (var project in o.Projects)
                {
                    for (var t = 0; t < project.Tasks.Count; t++)
                    {
                        await writer.StartRowAsync(cancellationToken);
                        await writer.WriteAsync(o.Id, NpgsqlDbType.Uuid, cancellationToken);
                        await writer.WriteAsync(project.Tasks[t], NpgsqlDbType.Uuid, cancellationToken);
                        await writer.WriteAsync(project.Id, NpgsqlDbType.Uuid, cancellationToken);
                        await writer.WriteAsync(names[t], NpgsqlDbType.Varchar, cancellationToken);
                        await writer.WriteAsync(false, NpgsqlDbType.Boolean, cancellationToken);
                    }
                }
            }

            await writer.CompleteAsync(cancellationToken);
        }

        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY outcomes (tenant_id, id, project_id, name, status, due_date, owner_user_id, completed_at, planned_hours) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            string[] statuses = ["Done", "Done", "InProgress", "Planned", "Blocked"];
            foreach (var o in organizations)
            {
                foreach (var project in o.Projects)
                {
                    for (var i = 0; i < project.Outcomes.Count; i++)
                    {
                        var status = statuses[i];
                        await writer.StartRowAsync(cancellationToken);
                        await writer.WriteAsync(o.Id, NpgsqlDbType.Uuid, cancellationToken);
                        await writer.WriteAsync(project.Outcomes[i], NpgsqlDbType.Uuid, cancellationToken);
                        await writer.WriteAsync(project.Id, NpgsqlDbType.Uuid, cancellationToken);
                        await writer.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"{project.Name}: milestone {i + 1}"), NpgsqlDbType.Varchar, cancellationToken);
                        await writer.WriteAsync(status, NpgsqlDbType.Varchar, cancellationToken);
                        await writer.WriteAsync(from.PlusDays(30 * (i + 1)), NpgsqlDbType.Date, cancellationToken);
                        await WriteNullableAsync(writer, project.ManagerId, NpgsqlDbType.Uuid, cancellationToken);
                        if (status == "Done")
                        {
                            await writer.WriteAsync(from.PlusDays((40 * i) + 20).AtStartOfDayInZone(DateTimeZone.Utc).ToInstant(), NpgsqlDbType.TimestampTz, cancellationToken);
                        }
                        else
                        {
                            await writer.WriteNullAsync(cancellationToken);
                        }

                        await WriteNullableAsync(writer, _random.NextDouble() < 0.4 ? (decimal?)(20 * _random.Next(1, 21)) : null, NpgsqlDbType.Numeric, cancellationToken);
                    }
                }
            }

            await writer.CompleteAsync(cancellationToken);
        }

        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY teams (tenant_id, id, name) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var o in organizations)
            {
                foreach (var team in o.Teams)
                {
                    await writer.StartRowAsync(cancellationToken);
                    await writer.WriteAsync(o.Id, NpgsqlDbType.Uuid, cancellationToken);
                    await writer.WriteAsync(team.Id, NpgsqlDbType.Uuid, cancellationToken);
                    await writer.WriteAsync(team.Name, NpgsqlDbType.Varchar, cancellationToken);
                }
            }

            await writer.CompleteAsync(cancellationToken);
        }

        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY team_managers (tenant_id, team_id, user_id) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var o in organizations)
            {
                foreach (var team in o.Teams)
                {
                    await writer.StartRowAsync(cancellationToken);
                    await writer.WriteAsync(o.Id, NpgsqlDbType.Uuid, cancellationToken);
                    await writer.WriteAsync(team.Id, NpgsqlDbType.Uuid, cancellationToken);
                    await writer.WriteAsync(team.ManagerId, NpgsqlDbType.Uuid, cancellationToken);
                }
            }

            await writer.CompleteAsync(cancellationToken);
        }

        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY team_members (tenant_id, team_id, user_id) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var o in organizations)
            {
                foreach (var team in o.Teams)
                {
                    foreach (var member in team.Members)
                    {
                        await writer.StartRowAsync(cancellationToken);
                        await writer.WriteAsync(o.Id, NpgsqlDbType.Uuid, cancellationToken);
                        await writer.WriteAsync(team.Id, NpgsqlDbType.Uuid, cancellationToken);
                        await writer.WriteAsync(member, NpgsqlDbType.Uuid, cancellationToken);
                    }
                }
            }

            await writer.CompleteAsync(cancellationToken);
        }

        // Rates in every scope, effective-dated, so billable amounts have something to look up.
        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY rates (tenant_id, id, project_id, user_id, effective_from, hourly_amount, set_by_user_id, set_at) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var o in organizations)
            {
                var owner = o.People[0].Id;
                var rates = new List<(Guid? Project, Guid? User, LocalDate From, decimal Amount)>
                {
                    (null, null, o.RatesFrom, 80m),
                    (null, null, from.PlusMonths(3), 85m),
                };
                rates.AddRange(o.Projects.Where((_, i) => i % 3 == 0).Select(p => ((Guid?)p.Id, (Guid?)null, o.RatesFrom, 95m)));
                rates.AddRange(o.People.Where((_, i) => i % 20 == 5).Select(p => ((Guid?)null, (Guid?)p.Id, o.RatesFrom, 110m)));
                foreach (var (project, user, effective, amount) in rates)
                {
                    await writer.StartRowAsync(cancellationToken);
                    await writer.WriteAsync(o.Id, NpgsqlDbType.Uuid, cancellationToken);
                    await writer.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid, cancellationToken);
                    await WriteNullableAsync(writer, project, NpgsqlDbType.Uuid, cancellationToken);
                    await WriteNullableAsync(writer, user, NpgsqlDbType.Uuid, cancellationToken);
                    await writer.WriteAsync(effective, NpgsqlDbType.Date, cancellationToken);
                    await writer.WriteAsync(amount, NpgsqlDbType.Numeric, cancellationToken);
                    await writer.WriteAsync(owner, NpgsqlDbType.Uuid, cancellationToken);
                    await writer.WriteAsync(createdAt, NpgsqlDbType.TimestampTz, cancellationToken);
                }
            }

            await writer.CompleteAsync(cancellationToken);
        }

        // Version 1 of the policy in force everywhere. In the largest organization admins may see
        // project totals one by one and entry details, so its detail export names people and carries
        // descriptions; elsewhere the defaults.
        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY policy_versions (tenant_id, id, number, document, author_name, reason, changes, created_at, published_at, effective_at, activated_at) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var o in organizations)
            {
                var policy = o.Slug == LargestSlug ? BenchmarkPolicy() : TransparencyPolicy.Default;
                await writer.StartRowAsync(cancellationToken);
                await writer.WriteAsync(o.Id, NpgsqlDbType.Uuid, cancellationToken);
                await writer.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid, cancellationToken);
                await writer.WriteAsync(1, NpgsqlDbType.Integer, cancellationToken);
                await writer.WriteAsync(PolicyJson.Serialize(policy), NpgsqlDbType.Jsonb, cancellationToken);
                await writer.WriteAsync("TimeTrack defaults", NpgsqlDbType.Varchar, cancellationToken);
                await writer.WriteAsync("Seeded for the reporting benchmark.", NpgsqlDbType.Varchar, cancellationToken);
                await writer.WriteAsync(PolicyDiff.Between(null, policy).Select(c => c.Text).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(createdAt, NpgsqlDbType.TimestampTz, cancellationToken);
                await writer.WriteAsync(createdAt, NpgsqlDbType.TimestampTz, cancellationToken);
                await writer.WriteAsync(createdAt, NpgsqlDbType.TimestampTz, cancellationToken);
                await writer.WriteAsync(createdAt, NpgsqlDbType.TimestampTz, cancellationToken);
            }

            await writer.CompleteAsync(cancellationToken);
        }
    }

    /// <summary>The defaults, with admins granted individual project totals and entry details.</summary>
    public static TransparencyPolicy BenchmarkPolicy()
    {
        var policy = TransparencyPolicy.Default;
        foreach (var (category, granularity) in new[] { (DataCategory.ProjectTotals, Granularity.IndividualTotals), (DataCategory.Totals, Granularity.IndividualTotals), (DataCategory.EntryDetails, Granularity.IndividualDetail) })
        {
            var rule = policy.For(category);
            var grants = rule.Grants.ToDictionary(g => g.Key, g => g.Value);
            grants[Audience.OrganizationAdmins] = granularity;
            policy = policy.With(rule with { Grants = grants });
        }

        return policy;
    }

    /// <summary>The CREATE statements of every index of time_entries but its primary key, after dropping them.</summary>
    private static async Task<List<string>> DropEntryIndexesAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var recreate = new List<string>();
        var drop = new List<string>();
        await using (var command = new NpgsqlCommand(
            """
            SELECT c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c
            WHERE c.conrelid = 'time_entries'::regclass AND c.contype IN ('x', 'u');
            """,
            connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                drop.Add($"ALTER TABLE time_entries DROP CONSTRAINT {reader.GetString(0)}");
                recreate.Add($"ALTER TABLE time_entries ADD CONSTRAINT {reader.GetString(0)} {reader.GetString(1)}");
            }
        }

        await using (var command = new NpgsqlCommand(
            """
            SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
            WHERE x.indrelid = 'time_entries'::regclass AND NOT x.indisprimary
              AND NOT EXISTS (SELECT FROM pg_constraint c WHERE c.conindid = x.indexrelid);
            """,
            connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                drop.Add($"DROP INDEX {reader.GetString(0)}");
                recreate.Add(reader.GetString(1));
            }
        }

        foreach (var statement in drop)
        {
            await ExecuteAsync(connection, statement, cancellationToken);
        }

        return recreate;
    }

    private async Task<(long Entries, long Largest)> CopyEntriesAsync(NpgsqlConnection connection, List<PlannedOrganization> organizations, LocalDate from, LocalDate to, CancellationToken cancellationToken)
    {
        var workdays = 0;
        for (var day = from; day <= to; day = day.PlusDays(1))
        {
            workdays += day.DayOfWeek < IsoDayOfWeek.Saturday ? 1 : 0;
        }

        long total = 0;
        long largest = 0;
        await using var writer = await connection.BeginBinaryImportAsync(
            "COPY time_entries (tenant_id, id, user_id, project_id, task_id, outcome_id, description, is_billable, start_at, end_at, source, is_outside_hours, no_overlap, created_at, updated_at, day, day_milliseconds) FROM STDIN (FORMAT BINARY)",
            cancellationToken);
        foreach (var organization in organizations)
        {
            long written = 0;
            for (var p = 0; p < organization.People.Count; p++)
            {
                var person = organization.People[p];
                var quota = (organization.EntryTarget / organization.People.Count) + (p < organization.EntryTarget % organization.People.Count ? 1 : 0);
                var perWorkday = (double)quota / Math.Max(1, workdays);
                var projects = organization.ProjectsOf[person.Id];
                long mine = 0;
                for (var day = from; day <= to && mine < quota; day = day.PlusDays(1))
                {
                    var weekend = day.DayOfWeek >= IsoDayOfWeek.Saturday;
                    var count = weekend
                        ? (_random.NextDouble() < 0.02 ? 1 : 0)
                        : (int)perWorkday + (_random.NextDouble() < perWorkday - Math.Floor(perWorkday) ? 1 : 0);
                    var evening = !weekend && count > 0 && _random.NextDouble() < 0.04;
                    var cursor = day.At(new LocalTime(weekend ? 10 : 8, 0)).PlusMinutes(_random.Next(0, 61));
                    var average = Math.Min(75, 540 / Math.Max(1, count));

                    // A day's entries go to one to three pieces of work (project, outcome, task), as people
                    // switch between a few things rather than log every entry to something new.
                    var threads = new (PlannedProject Project, Guid? Task, Guid? Outcome)[_random.Next(1, 4)];
                    for (var t = 0; t < threads.Length; t++)
                    {
                        var chosen = projects[_random.NextDouble() < 0.5 ? 0 : _random.Next(projects.Count)];
                        threads[t] = (
                            chosen,
                            _random.NextDouble() < 0.5 ? chosen.Tasks[_random.Next(chosen.Tasks.Count)] : null,
                            _random.NextDouble() < 0.6 ? chosen.Outcomes[_random.Next(chosen.Outcomes.Count)] : null);
                    }

                    for (var i = 0; i < count + (evening ? 1 : 0) && mine < quota; i++)
                    {
                        if (i == count)
                        {
                            var later = day.At(new LocalTime(19, 0)).PlusMinutes(_random.Next(0, 90));
                            cursor = cursor > later ? cursor : later;
                        }

                        var minutes = _random.Next(Math.Min(15, average), (2 * average) - Math.Min(15, average) + 1);
                        var start = cursor.InZoneLeniently(person.Zone).ToInstant();
                        var end = start + Duration.FromMinutes(minutes) + Duration.FromSeconds(_random.Next(0, 60));
                        var localEnd = end.InZone(person.Zone).LocalDateTime;
                        var outside = weekend || cursor.TimeOfDay < new LocalTime(8, 0) || localEnd.Date != day || localEnd.TimeOfDay > new LocalTime(18, 0);
                        var (project, task, outcome) = threads[_random.Next(threads.Length)];
                        await writer.StartRowAsync(cancellationToken);
                        await writer.WriteAsync(organization.Id, NpgsqlDbType.Uuid, cancellationToken);
                        await writer.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid, cancellationToken);
                        await writer.WriteAsync(person.Id, NpgsqlDbType.Uuid, cancellationToken);
                        await writer.WriteAsync(project.Id, NpgsqlDbType.Uuid, cancellationToken);
                        await WriteNullableAsync(writer, task, NpgsqlDbType.Uuid, cancellationToken);
                        await WriteNullableAsync(writer, outcome, NpgsqlDbType.Uuid, cancellationToken);
                        await writer.WriteAsync(Descriptions[_random.Next(Descriptions.Length)], NpgsqlDbType.Varchar, cancellationToken);
                        await writer.WriteAsync(project.Billable && _random.NextDouble() < 0.92, NpgsqlDbType.Boolean, cancellationToken);
                        await writer.WriteAsync(start, NpgsqlDbType.TimestampTz, cancellationToken);
                        await writer.WriteAsync(end, NpgsqlDbType.TimestampTz, cancellationToken);
                        await writer.WriteAsync(_random.NextDouble() < 0.7 ? "Timer" : "Manual", NpgsqlDbType.Varchar, cancellationToken);
                        await writer.WriteAsync(outside, NpgsqlDbType.Boolean, cancellationToken);
                        await writer.WriteAsync(true, NpgsqlDbType.Boolean, cancellationToken);
                        await writer.WriteAsync(end, NpgsqlDbType.TimestampTz, cancellationToken);
                        await writer.WriteAsync(end, NpgsqlDbType.TimestampTz, cancellationToken);
                        // The split at the person's own midnights, exactly as the app's EntryDayInterceptor makes it.
                        var split = DaySplit.Of(new Interval(start, end), person.Zone);
                        await writer.WriteAsync(split.FirstDay, NpgsqlDbType.Date, cancellationToken);
                        await writer.WriteAsync(split.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Bigint, cancellationToken);
                        cursor = end.InZone(person.Zone).LocalDateTime.PlusMinutes(_random.Next(0, 11));
                        mine++;
                    }
                }

                written += mine;
            }

            total += written;
            if (organization.Slug == LargestSlug)
            {
                largest = written;
            }

            if (organization.Slug == LargestSlug || organization == organizations[^1])
            {
                log.WriteLine($"  {total:N0} entries written");
            }
        }

        await writer.CompleteAsync(cancellationToken);
        return (total, largest);
    }

    private static async Task WriteNullableAsync<T>(NpgsqlBinaryImporter writer, T? value, NpgsqlDbType type, CancellationToken cancellationToken)
        where T : struct
    {
        if (value is { } v)
        {
            await writer.WriteAsync(v, type, cancellationToken);
        }
        else
        {
            await writer.WriteNullAsync(cancellationToken);
        }
    }

    private static async Task WriteNullableAsync(NpgsqlBinaryImporter writer, string? value, NpgsqlDbType type, CancellationToken cancellationToken)
    {
        if (value is null)
        {
            await writer.WriteNullAsync(cancellationToken);
        }
        else
        {
            await writer.WriteAsync(value, type, cancellationToken);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed record PlannedPerson(Guid Id, string Email, string Name, string? ZoneId, DateTimeZone Zone, OrgRole Role, bool Viewer);

    private sealed record PlannedTeam(Guid Id, string Name, Guid ManagerId, List<Guid> Members, List<PlannedProject> Projects);

    private sealed record PlannedProject(Guid Id, string Name, string Color, bool Billable, Guid? ClientId)
    {
        public List<Guid> Outcomes { get; } = [];

        public List<Guid> Tasks { get; } = [];

        /// <summary>The project's manager: the manager of the first team working on it.</summary>
        public Guid? ManagerId { get; set; }
    }

    private sealed class PlannedOrganization(Guid id, string slug, string name, string zoneId, long entryTarget)
    {
        public Guid Id { get; } = id;

        public string Slug { get; } = slug;

        public string Name { get; } = name;

        public string ZoneId { get; } = zoneId;

        public long EntryTarget { get; } = entryTarget;

        public Instant CreatedAt { get; set; }

        public LocalDate RatesFrom { get; set; }

        public List<PlannedPerson> People { get; } = [];

        public List<(Guid Id, string Name)> Clients { get; } = [];

        public List<PlannedProject> Projects { get; } = [];

        public List<PlannedTeam> Teams { get; } = [];

        /// <summary>The projects each person may log to (project memberships), the first one their main project.</summary>
        public Dictionary<Guid, List<PlannedProject>> ProjectsOf { get; } = [];

        public void Assign(Guid userId, IEnumerable<PlannedProject> projects)
        {
            if (!ProjectsOf.TryGetValue(userId, out var list))
            {
                ProjectsOf[userId] = list = [];
            }

            list.AddRange(projects.Where(p => !list.Contains(p)));
        }
    }
}
