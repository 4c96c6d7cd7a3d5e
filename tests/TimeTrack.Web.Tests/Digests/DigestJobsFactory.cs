using System.Globalization;
using Hangfire;
using Hangfire.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NodaTime;
using NodaTime.Testing;
using TimeTrack.Domain.Digests;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Data;
using TimeTrack.Web.Digests;
using TimeTrack.Web.Jobs;
using TimeTrack.Web.Tenancy;
using TimeTrack.Web.Tests.Infrastructure;
using TimeTrack.Web.Tests.Isolation;
using TimeTrack.Web.Tests.Tracking;

namespace TimeTrack.Web.Tests.Digests;

/// <summary>
/// The app on its own database with a movable clock, a loopback SMTP listener as its mail server, and
/// no job server of its own (process role Web): jobs it enqueues stay in the PostgreSQL job storage
/// until a test runs them, with a Hangfire server it starts (<see cref="RunJobsUntilIdleAsync"/>) or
/// by calling the job methods. Tests set the clock they need and create their own people.
/// </summary>
public sealed class DigestJobsFactory : TimeTrackFactory
{
    /// <summary>Monday 23 November 2026, 10:00 in Berlin: the week of 16 November has just ended there.</summary>
    public static readonly Instant MondayMorning = Instant.FromUtc(2026, 11, 23, 9, 0);

    /// <summary>The Monday-based week whose digests these tests build.</summary>
    public static readonly LocalDate LastWeek = new(2026, 11, 16);

    public const string BaseUrl = "https://timetrack.example";

    public FakeClock Clock { get; } = new(MondayMorning);

    public DigestFaults Faults { get; } = new();

    public DigestEmailSmtpListener Smtp { get; } = DigestEmailSmtpListener.Start();

    public Guid AcmeId { get; private set; }

    public TenantScopeFactory Scopes => Services.GetRequiredService<TenantScopeFactory>();

    public JobStorage Storage => Services.GetRequiredService<JobStorage>();

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["TimeTrack:ProcessRole"] = "Web",
        ["TimeTrack:JobPollIntervalSeconds"] = "0.5",
        ["Email:SmtpHost"] = "127.0.0.1",
        ["Email:SmtpPort"] = Smtp.Port.ToString(CultureInfo.InvariantCulture),
        ["Email:SmtpSecurity"] = "None",
        ["TimeTrack:PublicBaseUrl"] = BaseUrl,
    };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        AcmeId = await Database.OrganizationIdAsync("acme");

        // Only what a test enqueues runs: no recurring job fires on the wall clock in the middle of one.
        var recurring = Services.GetRequiredService<IRecurringJobManager>();
        using var connection = Storage.GetConnection();
        foreach (var job in connection.GetRecurringJobs())
        {
            recurring.RemoveIfExists(job.Id);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Smtp.Dispose();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<IClock>();
            services.AddSingleton<IClock>(Clock);
            services.AddSingleton<IDigestFaults>(Faults);
        });
    }

    /// <summary>A new account, an Employee of <paramref name="tenantId"/> since 1 November 2026 (or <paramref name="joinedAt"/>), on its projects.</summary>
    public async Task<TestPerson> CreatePersonAsync(Guid tenantId, string timeZoneId = Tracker.BerlinZoneId, Instant? joinedAt = null)
    {
        var userId = Guid.CreateVersion7();
        await using (var scope = Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var email = EmailOf(userId);
            var created = await users.CreateAsync(new ApplicationUser
            {
                Id = userId,
                UserName = email,
                Email = email,
                EmailConfirmed = true,
                DisplayName = "Digest reader",
                TimeZoneId = timeZoneId,
                CreatedAt = Instant.FromUtc(2026, 11, 1, 0, 0),
            });
            Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        }

        await using var tenantScope = Scopes.CreateScope(tenantId, userId);
        var db = tenantScope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
        db.Memberships.Add(new Membership
        {
            Id = Guid.CreateVersion7(),
            UserId = userId,
            Role = OrgRole.Employee,
            JoinedAt = joinedAt ?? Instant.FromUtc(2026, 11, 1, 0, 0),
        });
        await db.SaveChangesAsync();
        var projectIds = await db.Projects.Where(p => !p.IsArchived).OrderBy(p => p.Name).Select(p => p.Id).ToListAsync();
        db.ProjectMembers.AddRange(projectIds.Select(id => new ProjectMember { ProjectId = id, UserId = userId }));
        await db.SaveChangesAsync();
        return new TestPerson(tenantId, userId, DateTimeZoneProviders.Tzdb[timeZoneId], projectIds);
    }

    public static string EmailOf(Guid userId) => $"digest-{userId:N}@example.test";

    /// <summary>Adds finished entries at the given local hours of <paramref name="date"/>, below the app.</summary>
    public async Task AddEntriesAsync(TestPerson person, LocalDate date, params (int Start, int End)[] hours)
    {
        await using var superuser = await Database.OpenAsSuperuserAsync();
        foreach (var (start, end) in hours)
        {
            var interval = person.Local(date, start, end);
            await superuser.InsertEntryAsync(person, interval.Start, interval.End, noOverlap: true);
        }
    }

    /// <summary>Runs <see cref="DigestJobs.BuildAsync"/> as Hangfire would run the job: from a fresh scope, ids as arguments.</summary>
    public async Task<bool> BuildAsync(TestPerson person, LocalDate? weekStart = null)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DigestJobs>()
            .BuildAsync(person.TenantId, person.UserId, DigestJobs.WeekArgument.Format(weekStart ?? LastWeek), CancellationToken.None);
    }

    /// <summary>Runs the email sender for one organization as its job would.</summary>
    public async Task<int> SendEmailAsync(Guid tenantId)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OutgoingEmailJob>().SendForTenantAsync(tenantId, CancellationToken.None);
    }

    /// <summary>What PostgreSQL holds for the person (read as the superuser, below RLS and the EF filters).</summary>
    public async Task<PersonDigestRows> RowsAsync(TestPerson person)
    {
        await using var superuser = await Database.OpenAsSuperuserAsync();
        var digests = await superuser.QueryAsync(
            "SELECT id, week_start FROM digests WHERE user_id = @user ORDER BY week_start",
            r => (Id: r.GetGuid(0), WeekStart: LocalDate.FromDateTime(r.GetDateTime(1))),
            ("user", person.UserId));
        var notices = await superuser.QueryAsync(
            "SELECT text, coalesce(link, '') FROM notices WHERE user_id = @user AND text LIKE 'Your digest%'",
            r => (Text: r.GetString(0), Link: r.GetString(1)),
            ("user", person.UserId));
        var emails = await superuser.QueryAsync(
            "SELECT id, key, not_before, sent_at, claimed_at, attempts, coalesce(last_error, '') FROM outgoing_emails WHERE user_id = @user",
            r => new StoredEmail(
                r.GetGuid(0),
                r.GetString(1),
                Instant.FromDateTimeUtc(r.GetFieldValue<DateTime>(2)),
                r.IsDBNull(3) ? null : Instant.FromDateTimeUtc(r.GetFieldValue<DateTime>(3)),
                r.IsDBNull(4) ? null : Instant.FromDateTimeUtc(r.GetFieldValue<DateTime>(4)),
                r.GetInt32(5),
                r.GetString(6)),
            ("user", person.UserId));
        return new PersonDigestRows(digests, notices, emails);
    }

    /// <summary>
    /// Runs a Hangfire server on the app's PostgreSQL job storage, with the app's services, until no
    /// job is enqueued or processing; then stops it.
    /// </summary>
    public async Task RunJobsUntilIdleAsync(TimeSpan? timeout = null)
    {
        var monitor = Storage.GetMonitoringApi();
        using var server = new BackgroundJobServer(
            new BackgroundJobServerOptions
            {
                WorkerCount = 2,
                Queues = ["default"],
                Activator = Services.GetRequiredService<JobActivator>(),
                SchedulePollingInterval = TimeSpan.FromSeconds(1),
                ServerName = "digest-tests-" + Guid.NewGuid().ToString("N"),
            },
            Storage);
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        var quiet = 0;
        while (quiet < 3)
        {
            Assert.True(DateTime.UtcNow < deadline, "The Hangfire jobs did not finish in time.");
            await Task.Delay(TimeSpan.FromMilliseconds(500));
            var statistics = monitor.GetStatistics();
            quiet = statistics.Enqueued == 0 && statistics.Processing == 0 ? quiet + 1 : 0;
        }

        server.SendStop();
        Assert.True(server.WaitForShutdown(TimeSpan.FromSeconds(30)));
    }
}

public sealed record StoredEmail(Guid Id, string Key, Instant NotBefore, Instant? SentAt, Instant? ClaimedAt, int Attempts, string LastError);

public sealed record PersonDigestRows(
    IReadOnlyList<(Guid Id, LocalDate WeekStart)> Digests,
    IReadOnlyList<(string Text, string Link)> Notices,
    IReadOnlyList<StoredEmail> Emails);

/// <summary>The failure a test makes a digest build die with.</summary>
public sealed class SimulatedCrashException(string message) : Exception(message);

/// <summary>
/// Makes the next digest build die at a chosen point, or makes builds wait for each other before they
/// insert (to race them). Set by a test, reset by <see cref="Reset"/>.
/// </summary>
public sealed class DigestFaults : IDigestFaults
{
    private int _throwAfterInsert;
    private int _throwAfterCommit;

    /// <summary>When set, every build waits here before its transaction, so concurrent builds both get past the existence check.</summary>
    public Barrier? BeforeInsert { get; set; }

    public void ThrowOnceAfterInsert() => Interlocked.Exchange(ref _throwAfterInsert, 1);

    public void ThrowOnceAfterCommit() => Interlocked.Exchange(ref _throwAfterCommit, 1);

    public void Reset()
    {
        _throwAfterInsert = 0;
        _throwAfterCommit = 0;
        BeforeInsert = null;
    }

    public Task BeforeInsertAsync(Guid userId, LocalDate weekStart, CancellationToken cancellationToken)
    {
        if (BeforeInsert is { } barrier)
        {
            return Task.Run(() => Assert.True(barrier.SignalAndWait(TimeSpan.FromSeconds(30), cancellationToken)), cancellationToken);
        }

        return Task.CompletedTask;
    }

    public Task AfterInsertAsync(Digest digest, CancellationToken cancellationToken) =>
        Interlocked.Exchange(ref _throwAfterInsert, 0) == 1
            ? throw new SimulatedCrashException("The worker died after inserting the digest, before committing.")
            : Task.CompletedTask;

    public Task AfterCommitAsync(Digest digest, CancellationToken cancellationToken) =>
        Interlocked.Exchange(ref _throwAfterCommit, 0) == 1
            ? throw new SimulatedCrashException("The worker died after committing the digest.")
            : Task.CompletedTask;
}

/// <summary>The digest tests share one app, database, clock and SMTP listener; each test makes its own people.</summary>
[CollectionDefinition(Name)]
public sealed class DigestJobsCollection : ICollectionFixture<DigestJobsFactory>
{
    public const string Name = "digest-jobs";
}
