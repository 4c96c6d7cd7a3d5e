using Microsoft.EntityFrameworkCore;
using NodaTime;
using TimeTrack.Web.Data;
using TimeTrack.Web.Tenancy;

namespace TimeTrack.Web.Extensions;

public static class PersistenceExtensions
{
    public const string AppConnectionName = "TimeTrack";
    public const string MigratorConnectionName = "TimeTrackMigrator";

    public static IHostApplicationBuilder AddTimeTrackPersistence(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString(AppConnectionName)
            ?? throw new InvalidOperationException(
                $"ConnectionStrings:{AppConnectionName} is not configured. scripts/run.sh sets it, or see README.md.");

        builder.Services.AddSingleton<IClock>(SystemClock.Instance);
        builder.Services.AddSingleton<TenantConnectionInterceptor>();
        builder.Services.AddSingleton<TenantStampingInterceptor>();
        builder.Services.AddSingleton<EntryDayInterceptor>();
        builder.Services.AddScoped<TenantContext>();

        // Not pooled: a pooled context would carry the previous request's tenant.
        builder.Services.AddDbContext<TimeTrackDbContext>((services, options) =>
            ConfigureDbContext(options, connectionString, services));
        builder.Services.AddSingleton(services => new StreamingReads(services, connectionString));

        return builder;
    }

    /// <summary>
    /// Shared by the app (as the app role) and the migrator (as the owner) so both build the same model.
    /// Without <paramref name="retryOnFailure"/> queries stream instead of being buffered (see <see cref="StreamingReads"/>).
    /// </summary>
    public static void ConfigureDbContext(DbContextOptionsBuilder options, string connectionString, IServiceProvider services, bool retryOnFailure = true)
    {
        options.UseNpgsql(connectionString, npgsql =>
            {
                npgsql.UseNodaTime();
                npgsql.MigrationsAssembly(typeof(TimeTrackDbContext).Assembly.GetName().Name);
                if (retryOnFailure)
                {
                    npgsql.EnableRetryOnFailure(3);
                }

            })
            .UseSnakeCaseNamingConvention()
            .AddInterceptors(
                services.GetRequiredService<TenantConnectionInterceptor>(),
                services.GetRequiredService<TenantStampingInterceptor>(),
                services.GetRequiredService<EntryDayInterceptor>());
    }
}
