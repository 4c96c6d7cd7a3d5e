using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Dashboard;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.Storage;
using TimeTrack.Web.Features.Import;
using TimeTrack.Web.Features.Reminders;
using TimeTrack.Web.Jobs;

namespace TimeTrack.Web.Extensions;

/// <summary>Which parts of the app this process runs; several processes can share one database.</summary>
public enum ProcessRole
{
    /// <summary>Web pages and the job server in one process (the default).</summary>
    All,

    /// <summary>Web pages only; jobs are enqueued for a worker.</summary>
    Web,

    /// <summary>The job server and health endpoints only.</summary>
    Worker,
}

public static class JobsExtensions
{
    public const string HangfireSchema = "hangfire";

    public static ProcessRole GetProcessRole(this IConfiguration configuration) =>
        configuration.GetValue("TimeTrack:ProcessRole", ProcessRole.All);

    public static IHostApplicationBuilder AddTimeTrackJobs(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString(PersistenceExtensions.AppConnectionName)!;
        // Hangfire wakes an idle worker at once only for jobs enqueued in its own process; a job
        // enqueued by a web-only process waits for the worker's next poll.
        var pollInterval = TimeSpan.FromSeconds(builder.Configuration.GetValue("TimeTrack:JobPollIntervalSeconds", 15.0));
        var storageOptions = StorageOptions(pollInterval);

        // Left to AddHangfire, the storage and the job activator come from Hangfire's process-wide
        // JobStorage.Current and JobActivator.Current, which the last host to start overwrites. With
        // several hosts in one process (the tests run many) a host would then run its jobs with
        // another host's services and database. Registered here first, each host keeps its own.
        builder.Services.AddSingleton<JobStorage>(_ =>
            new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, storageOptions), storageOptions));
        builder.Services.AddSingleton<JobActivator>(services => new AspNetCoreJobActivator(services.GetRequiredService<IServiceScopeFactory>()));
        builder.Services.AddHangfire((services, configuration) => configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseStorage(services.GetRequiredService<JobStorage>()));

        if (builder.Configuration.GetProcessRole() != ProcessRole.Web)
        {
            builder.Services.AddHangfireServer(options =>
            {
                options.WorkerCount = builder.Configuration.GetValue("TimeTrack:JobWorkers", Math.Max(2, Environment.ProcessorCount));
                options.Queues = ["default"];
            });
        }

        builder.Services.AddScoped<ExpiredInvitationsJob>();
        builder.Services.AddScoped<TimerBoundaryJob>();
        builder.Services.AddScoped<PolicyActivationJob>();
        builder.Services.AddScoped<RetentionJob>();
        builder.Services.AddScoped<MonthReleaseJob>();
        builder.Services.AddScoped<PersonalDataExportJobs>();
        builder.Services.AddScoped<ImportCleanupJob>();
        builder.Services.AddScoped<NothingLoggedReminderJob>();
        builder.Services.AddScoped<NothingLoggedReminders>();
        return builder;
    }

    /// <summary>The app role never creates schema: the migrator installs Hangfire's tables as the owner.</summary>
    public static PostgreSqlStorageOptions StorageOptions(TimeSpan? queuePollInterval = null) => new()
    {
        SchemaName = HangfireSchema,
        PrepareSchemaIfNecessary = false,
        QueuePollInterval = queuePollInterval ?? TimeSpan.FromSeconds(15),
        InvisibilityTimeout = TimeSpan.FromMinutes(30),
        DistributedLockTimeout = TimeSpan.FromMinutes(1),
    };

    /// <summary>
    /// Recurring jobs are registered by every process; Hangfire keeps one definition per id. A process
    /// killed while holding a recurring job's lock leaves it for up to <see cref="PostgreSqlStorageOptions.DistributedLockTimeout"/>:
    /// a restart within that time keeps the definitions already stored, starts, and registers again in
    /// the background until the lock is free, instead of failing to start.
    /// </summary>
    public static WebApplication RegisterTimeTrackRecurringJobs(this WebApplication app)
    {
        var jobs = app.Services.GetRequiredService<IRecurringJobManager>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(JobsExtensions));
        try
        {
            RegisterRecurringJobs(jobs);
        }
        catch (Exception exception) when (IsHeldLock(exception))
        {
            logger.LogWarning(exception, "A recurring job's lock is still held (a process stopped while holding it); registering again in the background");
            var stopping = app.Lifetime.ApplicationStopping;
            _ = Task.Run(
                async () =>
                {
                    while (!stopping.IsCancellationRequested)
                    {
                        try
                        {
                            await Task.Delay(TimeSpan.FromSeconds(15), stopping);
                            RegisterRecurringJobs(jobs);
                            logger.LogInformation("Recurring jobs registered");
                            return;
                        }
                        catch (Exception retry) when (IsHeldLock(retry))
                        {
                            logger.LogWarning(retry, "A recurring job's lock is still held; trying again");
                        }
                        catch (OperationCanceledException)
                        {
                            return;
                        }
                    }
                },
                CancellationToken.None);
        }

        return app;
    }

    private static bool IsHeldLock(Exception exception) =>
        exception is PostgreSqlDistributedLockException or DistributedLockTimeoutException;

    private static void RegisterRecurringJobs(IRecurringJobManager jobs)
    {
        jobs.AddOrUpdate<ExpiredInvitationsJob>(
            ExpiredInvitationsJob.RecurringId,
            job => job.FanOutAsync(CancellationToken.None),
            Cron.Daily(3));
        jobs.AddOrUpdate<TimerBoundaryJob>(
            TimerBoundaryJob.RecurringId,
            job => job.FanOutAsync(CancellationToken.None),
            "*/5 * * * *");
        jobs.AddOrUpdate<PolicyActivationJob>(
            PolicyActivationJob.RecurringId,
            job => job.FanOutAsync(CancellationToken.None),
            "*/5 * * * *");
        jobs.AddOrUpdate<RetentionJob>(
            RetentionJob.RecurringId,
            job => job.FanOutAsync(CancellationToken.None),
            Cron.Daily(2));
        jobs.AddOrUpdate<MonthReleaseJob>(
            MonthReleaseJob.RecurringId,
            job => job.FanOutAsync(CancellationToken.None),
            Cron.Hourly(17));
        jobs.AddOrUpdate<ImportCleanupJob>(
            ImportCleanupJob.RecurringId,
            job => job.FanOutAsync(CancellationToken.None),
            Cron.Daily(4));
        jobs.AddOrUpdate<DigestJobs>(
            DigestJobs.RecurringId,
            job => job.FanOutAsync(CancellationToken.None),
            Cron.Hourly());
        jobs.AddOrUpdate<OutgoingEmailJob>(
            OutgoingEmailJob.RecurringId,
            job => job.FanOutAsync(CancellationToken.None),
            Cron.Minutely());
        jobs.AddOrUpdate<PersonalDataExportJobs>(
            PersonalDataExportJobs.RecurringId,
            job => job.FanOutAsync(CancellationToken.None),
            Cron.Hourly(41));
        jobs.AddOrUpdate<NothingLoggedReminderJob>(
            NothingLoggedReminderJob.RecurringId,
            job => job.FanOutAsync(CancellationToken.None),
            NothingLoggedReminderJob.Schedule);
    }

    public static WebApplication UseTimeTrackJobsDashboard(this WebApplication app)
    {
        app.UseHangfireDashboard("/ops/jobs", new DashboardOptions
        {
            Authorization = [new OperatorDashboardAuthorization()],
            DashboardTitle = "TimeTrack jobs",
            AppPath = "/",
        });
        return app;
    }
}

/// <summary>Only platform operators named in configuration (<c>Ops:Operators</c>, emails) may open the job dashboard.</summary>
public sealed class OperatorDashboardAuthorization : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context)
    {
        var http = context.GetHttpContext();
        if (http.User.Identity?.IsAuthenticated != true)
        {
            return false;
        }

        var operators = http.RequestServices.GetRequiredService<IConfiguration>()
            .GetSection("Ops:Operators").Get<string[]>() ?? [];
        var email = http.User.FindFirst(System.Security.Claims.ClaimTypes.Email)?.Value
            ?? http.User.Identity.Name;
        return email is not null && operators.Contains(email, StringComparer.OrdinalIgnoreCase);
    }
}
