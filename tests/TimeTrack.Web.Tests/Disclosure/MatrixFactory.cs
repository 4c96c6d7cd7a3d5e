using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using TimeTrack.Domain.Digests;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Data;
using TimeTrack.Web.Disclosure;
using TimeTrack.Web.Tests.Isolation;
using TimeTrack.Web.Tests.Transparency;
using TimeTrack.Web.Tracking;

namespace TimeTrack.Web.Tests.Disclosure;

/// <summary>
/// <see cref="PersonDataFactory"/>'s people (Maya manages Alice, Bob and Carol; Otto manages Finn; Pia
/// manages projects; the clock at Wednesday 25 November 2026) with marker values of Alice's that appear
/// nowhere else, one or more per kind of data, so that a page, file or answer can be searched for each:
/// <list type="bullet">
/// <item>entry details: on Tuesday 17 November, on the project "Lighthouse" that Pia manages, an entry at
/// 07:13–08:00 with <see cref="Description"/> and tag <see cref="Tag"/>;</item>
/// <item>time per project: 3h 41m on Lighthouse that week (3.68 hours; nobody else works there);</item>
/// <item>totals: her week of 16 November is 26h 11m (26.18 hours); her approved week of 9 November is 46.12 hours;</item>
/// <item>outside hours: 1h 59m of that week's time is outside her working hours;</item>
/// <item>the live timer: a timer of hers is running now;</item>
/// <item>her released digest of 16 November: 16h 53m, a focus block at 07:13, 2h 19m outside hours, a
/// support request and a shared reflection;</item>
/// <item>rates: her own hourly rate is 123.45;</item>
/// <item>workload signals: the three weeks from 26 October were over 45 hours each.</item>
/// </list>
/// Her week of 16 November waits for Maya's approval.
/// </summary>
public sealed class MatrixFactory : PersonDataFactory
{
    public const string Description = "Marker-7QX-description";

    public const string Tag = "marker-7qx-tag";

    public const string Support = "Marker-7QX-support";

    public const string Reflection = "Marker-7QX-reflection";

    public Guid AliceId { get; private set; }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        AliceId = await Database.UserIdAsync("alice@acme.test");
        var maya = await Database.UserIdAsync("manager@acme.test");
        var pia = await Database.UserIdAsync("pia@acme.test");
        var zone = DateTimeZoneProviders.Tzdb["Europe/Berlin"];
        Instant At(int month, int day, int hour, int minute) => new LocalDateTime(2026, month, day, hour, minute).InZoneLeniently(zone).ToInstant();

        Guid lighthouse;
        Guid internalTools;
        Guid tag;
        await using (var scope = Scopes.CreateScope(AcmeId))
        {
            var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
            var project = new Project { Id = Guid.CreateVersion7(), Name = "Lighthouse", IsBillableByDefault = true };
            project.Members.Add(new ProjectMember { ProjectId = project.Id, UserId = AliceId });
            project.Members.Add(new ProjectMember { ProjectId = project.Id, UserId = pia, IsProjectManager = true });
            db.Projects.Add(project);
            lighthouse = project.Id;
            internalTools = await db.Projects.Where(p => p.Name == "Internal tools").Select(p => p.Id).SingleAsync();
            var marker = new Tag { Id = Guid.CreateVersion7(), Name = Tag };
            db.Tags.Add(marker);
            tag = marker.Id;
            db.Rates.Add(new Rate { Id = Guid.CreateVersion7(), UserId = AliceId, EffectiveFrom = new LocalDate(2026, 1, 1), HourlyAmount = 123.45m, SetByUserId = maya, SetAt = Now });
            await db.SaveChangesAsync();
        }

        await using (var scope = Scopes.CreateScope(AcmeId, AliceId))
        {
            var entries = scope.ServiceProvider.GetRequiredService<TimeEntryService>();
            async Task AddAsync(Guid project, Instant start, Instant end, string? description = null, Guid? tagId = null)
            {
                var result = await entries.CreateAsync(AliceId, new EntryDetails(project, TagIds: tagId is { } t ? [t] : null, Description: description), start, end, EntrySource.Manual);
                Assert.True(result.Succeeded, string.Join("; ", result.Problems.Select(p => p.Message)));
            }

            await AddAsync(lighthouse, At(11, 17, 7, 13), At(11, 17, 8, 0), Description, tag);
            await AddAsync(lighthouse, At(11, 17, 20, 0), At(11, 17, 21, 12));
            await AddAsync(lighthouse, At(11, 19, 15, 30), At(11, 19, 17, 12));

            // Three long weeks (5 × 9h 12m = 46h), the last with 7 more minutes: 46.12 hours.
            foreach (var monday in new[] { new LocalDate(2026, 10, 26), new LocalDate(2026, 11, 2), new LocalDate(2026, 11, 9) })
            {
                for (var day = 0; day < 5; day++)
                {
                    var date = monday.PlusDays(day);
                    await AddAsync(internalTools, At(date.Month, date.Day, 8, 0), At(date.Month, date.Day, 17, 12));
                }
            }

            await AddAsync(internalTools, At(11, 13, 17, 30), At(11, 13, 17, 37));
            var timer = await entries.StartTimerAsync(AliceId, new EntryDetails(lighthouse));
            Assert.True(timer.Succeeded, string.Join("; ", timer.Problems.Select(p => p.Message)));

            var approvals = scope.ServiceProvider.GetRequiredService<ApprovalService>();
            var submitted = await approvals.SubmitAsync(AliceId, new LocalDate(2026, 11, 9));
            Assert.True(submitted.Succeeded, string.Join("; ", submitted.Problems.Select(p => p.Message)));
            Assert.True((await approvals.SubmitAsync(AliceId, SeededWeek)).Succeeded);
        }

        await using (var scope = Scopes.CreateScope(AcmeId, maya))
        {
            var viewer = await scope.ServiceProvider.GetRequiredService<ViewerDirectory>().ForMemberAsync(maya);
            Assert.NotNull(viewer);
            var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
            var submission = await db.WeekSubmissions.Where(s => s.UserId == AliceId && s.WeekStart == new LocalDate(2026, 11, 9)).Select(s => s.Id).SingleAsync();
            var approved = await scope.ServiceProvider.GetRequiredService<ApprovalService>().ApproveAsync(viewer, submission, "acme");
            Assert.True(approved.Succeeded, string.Join("; ", approved.Problems.Select(p => p.Message)));
        }

        await using (var scope = Scopes.CreateScope(AcmeId))
        {
            var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
            var digest = await db.Digests.SingleAsync(d => d.UserId == AliceId && d.WeekStart == SeededWeek);
            digest.Content = new DigestContent(
                SeededWeek,
                1013,
                [new ProjectHours(lighthouse, "Lighthouse", 1013)],
                [],
                [],
                300,
                new LongestFocus(new LocalDateTime(2026, 11, 17, 7, 13), 47, "Lighthouse"),
                [],
                139,
                0,
                new WeekComparison(0, 0, 0),
                ["Your longest focus block was Tuesday 07:13 on Lighthouse."]);
            digest.EmbargoEndsAt = Instant.FromUtc(2026, 11, 24, 0, 0);
            digest.Reflection = Reflection;
            digest.ReflectionShared = true;
            digest.SupportRequest = Support;
            digest.SupportRequestedAt = Instant.FromUtc(2026, 11, 24, 9, 0);
            await db.SaveChangesAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class MatrixCollection : ICollectionFixture<MatrixFactory>
{
    public const string Name = "conformance-matrix";
}
