using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Npgsql;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Time;
using TimeTrack.Domain.Tracking;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Data;
using TimeTrack.Web.Tests.Isolation;
using TimeTrack.Web.Tracking;

namespace TimeTrack.Web.Tests.Tracking;

/// <summary>A fresh person acting in one organization, a member of the projects listed.</summary>
public sealed record TestPerson(Guid TenantId, Guid UserId, DateTimeZone Zone, IReadOnlyList<Guid> ProjectIds)
{
    public Guid Project => ProjectIds[0];

    /// <summary>Wall-clock times on <paramref name="date"/> in the person's zone (an end at or before the start is the next day).</summary>
    public Interval Local(LocalDate date, int startHour, int endHour) =>
        EntryRules.FromLocal(date, new LocalTime(startHour, 0), new LocalTime(endHour, 0), Zone);

    /// <summary>The Monday-based week containing <paramref name="instant"/> in the person's zone.</summary>
    public Week WeekContaining(Instant instant) => Weeks.Containing(instant, Zone, IsoDayOfWeek.Monday);
}

/// <summary>A time entry as PostgreSQL holds it, read as the superuser (below RLS and the EF filters).</summary>
public sealed record StoredEntry(Guid Id, Guid TenantId, Guid ProjectId, Instant Start, Instant? End, string Description, bool NoOverlap, bool IsOutsideHours, uint Version)
{
    public Interval Interval => new(Start, End ?? throw new InvalidOperationException("The entry is running."));
}

/// <summary>Makes people and data for tracking tests and runs <see cref="TimeEntryService"/> as they would.</summary>
public static class Tracker
{
    public const string BerlinZoneId = "Europe/Berlin";

    /// <summary>
    /// A new account with an Employee membership of <paramref name="tenantId"/> and membership of every
    /// project there that is not archived. No password: nobody signs in, and hashing one is slow.
    /// </summary>
    public static async Task<TestPerson> CreatePersonAsync(this TrackingFactory factory, Guid tenantId, string timeZoneId = BerlinZoneId)
    {
        var userId = Guid.CreateVersion7();
        var email = $"tracker-{userId:N}@example.test";
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var created = await users.CreateAsync(new ApplicationUser
            {
                Id = userId,
                UserName = email,
                Email = email,
                EmailConfirmed = true,
                DisplayName = "Tracker",
                TimeZoneId = timeZoneId,
                CreatedAt = TrackingFactory.Now,
            });
            Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        }

        return await factory.JoinAsync(userId, tenantId, DateTimeZoneProviders.Tzdb[timeZoneId]);
    }

    /// <summary>Makes an existing person an Employee of <paramref name="tenantId"/> and a member of its projects.</summary>
    public static async Task<TestPerson> JoinAsync(this TrackingFactory factory, Guid userId, Guid tenantId, DateTimeZone zone)
    {
        await using var scope = factory.Scopes.CreateScope(tenantId, userId);
        var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
        db.Memberships.Add(new Membership { Id = Guid.CreateVersion7(), UserId = userId, Role = OrgRole.Employee, JoinedAt = TrackingFactory.Now });
        await db.SaveChangesAsync();

        var projectIds = await db.Projects.Where(p => !p.IsArchived).OrderBy(p => p.Name).Select(p => p.Id).ToListAsync();
        Assert.NotEmpty(projectIds);
        db.ProjectMembers.AddRange(projectIds.Select(id => new ProjectMember { ProjectId = id, UserId = userId }));
        await db.SaveChangesAsync();
        return new TestPerson(tenantId, userId, zone, projectIds);
    }

    /// <summary>Runs <paramref name="command"/> on a <see cref="TimeEntryService"/> of a new scope acting as <paramref name="person"/>.</summary>
    public static async Task<T> TrackAsync<T>(this TrackingFactory factory, TestPerson person, Func<TimeEntryService, Task<T>> command)
    {
        await using var scope = factory.Scopes.CreateScope(person.TenantId, person.UserId);
        return await command(scope.ServiceProvider.GetRequiredService<TimeEntryService>());
    }

    public static Task<TrackingResult<TimeEntry>> CreateAsync(this TrackingFactory factory, TestPerson person, Interval interval, Guid? projectId = null, string? description = null) =>
        factory.TrackAsync(person, s => s.CreateAsync(
            person.UserId, new EntryDetails(projectId ?? person.Project, Description: description), interval.Start, interval.End, EntrySource.Manual));

    /// <summary>Creates an entry that the test needs as a starting point; fails the test if it cannot.</summary>
    public static async Task<TimeEntry> CreateEntryAsync(this TrackingFactory factory, TestPerson person, Interval interval, Guid? projectId = null, string? description = null)
    {
        var result = await factory.CreateAsync(person, interval, projectId, description);
        Assert.True(result.Succeeded, string.Join("; ", result.Problems.Select(p => $"{p.Field}: {p.Message}")));
        return result.Value ?? throw new InvalidOperationException("A successful result carries its entry.");
    }

    /// <summary>Every entry of the person in every organization, in start order.</summary>
    public static async Task<IReadOnlyList<StoredEntry>> StoredEntriesAsync(this TrackingFactory factory, Guid userId)
    {
        await using var superuser = await factory.Database.OpenAsSuperuserAsync();
        return await superuser.QueryAsync(
            """
            SELECT id, tenant_id, project_id, start_at, end_at, description, no_overlap, is_outside_hours, xmin::text::bigint
            FROM time_entries WHERE user_id = @user ORDER BY start_at, id
            """,
            Read,
            ("user", userId));
    }

    public static async Task<StoredEntry> StoredEntryAsync(this TrackingFactory factory, Guid entryId)
    {
        await using var superuser = await factory.Database.OpenAsSuperuserAsync();
        var rows = await superuser.QueryAsync(
            "SELECT id, tenant_id, project_id, start_at, end_at, description, no_overlap, is_outside_hours, xmin::text::bigint FROM time_entries WHERE id = @id",
            Read,
            ("id", entryId));
        return Assert.Single(rows);
    }

    /// <summary>Approves and locks <paramref name="week"/> of the person, as timesheet approval does.</summary>
    public static async Task LockWeekAsync(this TrackingFactory factory, TestPerson person, Week week)
    {
        await using var scope = factory.Scopes.CreateScope(person.TenantId, person.UserId);
        var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
        db.LockedPeriods.Add(new LockedPeriod
        {
            Id = Guid.CreateVersion7(),
            UserId = person.UserId,
            WeekStart = week.Start,
            Start = week.StartInstant,
            End = week.EndInstant,
            LockedByUserId = person.UserId,
            LockedAt = TrackingFactory.Now,
        });
        await db.SaveChangesAsync();
    }

    /// <summary>
    /// Inserts a time entry below the application (no rule checked), as the connection given;
    /// <paramref name="end"/> null makes a running timer.
    /// </summary>
    public static Task<int> InsertEntryAsync(this NpgsqlConnection connection, TestPerson person, Instant start, Instant? end, bool noOverlap) =>
        connection.ExecuteAsync(InsertSql, EntryParameters(person, start, end, noOverlap));

    public const string InsertSql =
        """
        INSERT INTO time_entries (tenant_id, id, user_id, project_id, description, is_billable, start_at, end_at, day, day_milliseconds, source, is_outside_hours, no_overlap, created_at, updated_at)
        VALUES (@tenant, @id, @user, @project, '', false, @start, @end, (@start AT TIME ZONE 'UTC')::date,
                CASE WHEN @end::timestamptz IS NULL THEN NULL ELSE ARRAY[(extract(epoch FROM @end::timestamptz - @start) * 1000)::bigint] END,
                'Manual', false, @noOverlap, @start, @start)
        """;

    public static (string Name, object Value)[] EntryParameters(TestPerson person, Instant start, Instant? end, bool noOverlap) =>
    [
        ("tenant", person.TenantId),
        ("id", Guid.CreateVersion7()),
        ("user", person.UserId),
        ("project", person.Project),
        ("start", start.ToDateTimeUtc()),
        ("end", end is { } e ? e.ToDateTimeUtc() : DBNull.Value),
        ("noOverlap", noOverlap),
    ];

    /// <summary>
    /// Runs <paramref name="statements"/> in one transaction that is always rolled back, and returns the
    /// error PostgreSQL refused them with, or null when it accepted them all.
    /// </summary>
    public static async Task<PostgresException?> RefusalOfAsync(this NpgsqlConnection connection, params (string Sql, (string Name, object Value)[] Parameters)[] statements)
    {
        await using var transaction = await connection.BeginTransactionAsync();
        try
        {
            foreach (var (sql, parameters) in statements)
            {
                await connection.ExecuteAsync(sql, parameters);
            }

            return null;
        }
        catch (PostgresException e)
        {
            return e;
        }
        finally
        {
            await transaction.RollbackAsync();
        }
    }

    public static string Describe<T>(TrackingResult<T> result) =>
        $"{result.Failure}: " + string.Join("; ", result.Problems.Select(p => $"[{p.Field}] {p.Message}"));

    private static StoredEntry Read(NpgsqlDataReader r) => new(
        r.GetGuid(0),
        r.GetGuid(1),
        r.GetGuid(2),
        Instant.FromDateTimeUtc(r.GetFieldValue<DateTime>(3)),
        r.IsDBNull(4) ? null : Instant.FromDateTimeUtc(r.GetFieldValue<DateTime>(4)),
        r.GetString(5),
        r.GetBoolean(6),
        r.GetBoolean(7),
        (uint)r.GetInt64(8));
}
