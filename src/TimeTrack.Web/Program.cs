using TimeTrack.Web.Data;
using TimeTrack.Web.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddTimeTrackLogging();
builder.AddTimeTrackPersistence();
builder.AddTimeTrackTenancy();
builder.AddTimeTrackTracking();
builder.AddTimeTrackTransparency();
builder.AddTimeTrackDigests();
builder.AddTimeTrackIdentity();
builder.AddTimeTrackSecurity();
builder.AddTimeTrackWeb();
builder.AddTimeTrackInput();
builder.AddTimeTrackApi();
builder.AddTimeTrackJobs();
builder.AddTimeTrackHealth();

var app = builder.Build();

// `TimeTrack.Web migrate [--seed-demo [--without-history]]`: migrate as the owner, seed if asked, and exit.
if (args.Length > 0 && args[0] == "migrate")
{
    return await DatabaseMigrator.RunCommandAsync(app, args);
}

// Explicit flags only (tests, single-container setups): Database:MigrateOnStartup, Database:SeedDemo.
await DatabaseMigrator.RunStartupTasksAsync(app);

app.UseTimeTrackPipeline();
await app.RunAsync();
return 0;

/// <summary>Entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
