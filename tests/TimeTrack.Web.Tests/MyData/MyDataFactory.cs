using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NodaTime;
using NodaTime.Testing;
using TimeTrack.Domain.Digests;
using TimeTrack.Domain.Transparency;
using TimeTrack.Domain.Visibility;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Data;
using TimeTrack.Web.Jobs;
using TimeTrack.Web.Tenancy;
using TimeTrack.Web.Tests.Infrastructure;
using TimeTrack.Web.Tests.Isolation;

namespace TimeTrack.Web.Tests.MyData;

/// <summary>
/// The app on its own database with a movable clock and no job server of its own (process role Web):
/// the export job a request enqueues stays in the job storage until a test calls the job's method.
/// </summary>
public sealed class MyDataFactory : TimeTrackFactory
{
    public static readonly Instant Now = Instant.FromUtc(2026, 11, 25, 12, 0);

    public FakeClock Clock { get; } = new(Now);

    public Guid AcmeId { get; private set; }

    public Guid GlobexId { get; private set; }

    public TenantScopeFactory Scopes => Services.GetRequiredService<TenantScopeFactory>();

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["TimeTrack:ProcessRole"] = "Web",
    };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        AcmeId = await Database.OrganizationIdAsync("acme");
        GlobexId = await Database.OrganizationIdAsync("globex");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<IClock>();
            services.AddSingleton<IClock>(Clock);
        });
    }

    /// <summary>Runs what the export job runs for <paramref name="exportId"/>, as Hangfire would.</summary>
    public async Task<bool> RunPrepareJobAsync(Guid tenantId, Guid exportId)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PersonalDataExportJobs>().PrepareAsync(tenantId, exportId, CancellationToken.None);
    }

    /// <summary>Runs the cleanup job for one organization.</summary>
    public async Task<int> RunCleanupAsync(Guid tenantId)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PersonalDataExportJobs>().DeleteExpiredForTenantAsync(tenantId, CancellationToken.None);
    }

    /// <summary>The requests of <paramref name="userId"/> in <paramref name="tenantId"/>, newest first.</summary>
    public async Task<List<PersonalDataExport>> ExportsOfAsync(Guid tenantId, Guid userId)
    {
        await using var scope = Scopes.CreateScope(tenantId, userId);
        return await scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>().PersonalDataExports.AsNoTracking()
            .Where(e => e.UserId == userId).OrderByDescending(e => e.RequestedAt).ThenByDescending(e => e.Id).ToListAsync();
    }

    /// <summary>An entry of <paramref name="userId"/> on the organization's first project, with <paramref name="description"/>.</summary>
    public async Task AddEntryAsync(Guid tenantId, Guid userId, string description, Instant start)
    {
        await using var scope = Scopes.CreateScope(tenantId);
        var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
        var project = await db.Projects.OrderBy(p => p.Name).Select(p => p.Id).FirstAsync();
        var entry = new TimeEntry
        {
            Id = Guid.CreateVersion7(),
            UserId = userId,
            ProjectId = project,
            Description = description,
            IsBillable = true,
            Start = start,
            End = start + Duration.FromMinutes(95),
            Source = EntrySource.Manual,
            CreatedAt = start,
            UpdatedAt = start,
        };
        entry.CountDaysIn(DateTimeZoneProviders.Tzdb["Europe/Berlin"]);
        db.TimeEntries.Add(entry);
        await db.SaveChangesAsync();
    }

    /// <summary>A digest of <paramref name="userId"/> with a reflection and a support request.</summary>
    public async Task AddDigestAsync(Guid tenantId, Guid userId, LocalDate week, string reflection, string supportRequest)
    {
        await using var scope = Scopes.CreateScope(tenantId);
        var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
        var ended = Instant.FromUtc(week.Year, week.Month, week.Day, 0, 0) + Duration.FromDays(7);
        db.Digests.Add(new Digest
        {
            Id = Guid.CreateVersion7(),
            UserId = userId,
            WeekStart = week,
            WeekEndedAt = ended,
            Content = new DigestContent(week, 95, [], [], [], 95, null, [], null, null, new WeekComparison(0, 0, 0), null),
            CreatedAt = ended,
            EmbargoEndsAt = ended + Duration.FromDays(2),
            Reflection = reflection,
            ReflectionShared = true,
            SupportRequest = supportRequest,
            SupportRequestedAt = ended + Duration.FromHours(1),
        });
        await db.SaveChangesAsync();
    }

    /// <summary>A row in <paramref name="subject"/>'s access log: <paramref name="viewer"/> looked at their week.</summary>
    public async Task AddAccessLogRowAsync(Guid tenantId, Guid subject, Guid viewer, string resource)
    {
        await using var scope = Scopes.CreateScope(tenantId);
        var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
        db.AccessLog.Add(new AccessLogEntry
        {
            Id = Guid.CreateVersion7(),
            SubjectUserId = subject,
            ViewerUserId = viewer,
            Categories = [DataCategory.Totals, DataCategory.EntryDetails],
            Channel = AccessChannel.Page,
            Resource = resource,
            OccurredAt = Now - Duration.FromDays(1),
        });
        await db.SaveChangesAsync();
    }

    /// <summary>A published policy version that <paramref name="userId"/> acknowledged; returns its number.</summary>
    public async Task<int> AddAcknowledgedVersionAsync(Guid tenantId, Guid userId)
    {
        await using var scope = Scopes.CreateScope(tenantId);
        var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
        var number = (await db.PolicyVersions.MaxAsync(v => v.Number) ?? 0) + 1;
        var version = new PolicyVersion
        {
            Id = Guid.CreateVersion7(),
            Number = number,
            AuthorName = "Olivia Owner",
            Reason = "Testing the data export.",
            CreatedAt = Now - Duration.FromDays(3),
            PublishedAt = Now - Duration.FromDays(3),
            EffectiveAt = Now - Duration.FromDays(2),
        };
        db.PolicyVersions.Add(version);
        db.PolicyAcknowledgements.Add(new PolicyAcknowledgement { PolicyVersionId = version.Id, UserId = userId, AcknowledgedAt = Now - Duration.FromDays(2) });
        await db.SaveChangesAsync();
        return number;
    }

    /// <summary>A survey that <paramref name="userId"/> took part in, with an anonymous free-text answer of <paramref name="answer"/>.</summary>
    public async Task AddSurveyAnswerAsync(Guid tenantId, Guid userId, string answer)
    {
        await using var scope = Scopes.CreateScope(tenantId);
        var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
        var survey = new PulseSurvey { Id = Guid.CreateVersion7(), Title = "How is the tracking?", CreatedByUserId = userId, OpenedAt = Now - Duration.FromDays(5) };
        var question = new PulseQuestion { Id = Guid.CreateVersion7(), SurveyId = survey.Id, Position = 1, Kind = PulseQuestionKind.FreeText, Text = "Anything else?" };
        survey.Questions.Add(question);
        db.PulseSurveys.Add(survey);
        db.PulseParticipations.Add(new PulseParticipation { SurveyId = survey.Id, UserId = userId });
        db.PulseAnswers.Add(new PulseAnswer { Id = Guid.CreateVersion7(), SurveyId = survey.Id, QuestionId = question.Id, Text = answer });
        await db.SaveChangesAsync();
    }
}
