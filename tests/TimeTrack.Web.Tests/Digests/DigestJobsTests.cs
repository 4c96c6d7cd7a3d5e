using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using TimeTrack.Web.Data;
using TimeTrack.Web.Jobs;

namespace TimeTrack.Web.Tests.Digests;

/// <summary>
/// Weekly digests are built by re-entrant Hangfire jobs: however often the fan-out runs, whichever
/// build is retried or raced, each person-week gets one digest, one notice and one queued email.
/// </summary>
[Collection(DigestJobsCollection.Name)]
public sealed class DigestJobsTests(DigestJobsFactory factory) : IDisposable
{
    public void Dispose() => factory.Faults.Reset();

    [Fact]
    public async Task Fan_out_run_twice_creates_each_digest_once_for_each_persons_own_last_week()
    {
        // Monday 23 Nov 09:00 UTC: in Berlin and Kiritimati (UTC+14) the week of 16 Nov has ended;
        // in Pago Pago (UTC-11) it is still Sunday 22 Nov, so their last completed week is that of 9 Nov.
        factory.Clock.Reset(DigestJobsFactory.MondayMorning);
        var berlin = await factory.CreatePersonAsync(factory.AcmeId);
        var kiritimati = await factory.CreatePersonAsync(factory.AcmeId, "Pacific/Kiritimati");
        var pagoPago = await factory.CreatePersonAsync(factory.AcmeId, "Pacific/Pago_Pago");
        var newcomer = await factory.CreatePersonAsync(factory.AcmeId, joinedAt: DigestJobsFactory.MondayMorning - Duration.FromHours(1));
        await factory.AddEntriesAsync(berlin, new LocalDate(2026, 11, 17), (9, 12), (13, 17));

        await FanOutAsync();
        await FanOutAsync();
        var monitor = factory.Storage.GetMonitoringApi();
        var organizations = await OrganizationCountAsync();
        Assert.Equal(2 * organizations, monitor.EnqueuedCount("default"));

        // The per-organization jobs enqueue a build per person (twice over), and the builds run.
        await factory.RunJobsUntilIdleAsync();
        var statistics = monitor.GetStatistics();
        Assert.Equal(0, statistics.Failed);
        Assert.Equal(0, statistics.Scheduled);

        foreach (var (person, week) in new[] { (berlin, DigestJobsFactory.LastWeek), (kiritimati, DigestJobsFactory.LastWeek), (pagoPago, new LocalDate(2026, 11, 9)) })
        {
            var rows = await factory.RowsAsync(person);
            var digest = Assert.Single(rows.Digests);
            Assert.Equal(week, digest.WeekStart);
            var notice = Assert.Single(rows.Notices);
            Assert.Equal($"/acme/digests/{week:yyyy-MM-dd}", notice.Link);
            Assert.Equal($"digest:{digest.Id}", Assert.Single(rows.Emails).Key);
        }

        Assert.Empty((await factory.RowsAsync(newcomer)).Digests);
        await using (var scope = factory.Scopes.CreateScope(factory.AcmeId, berlin.UserId))
        {
            var stored = await scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>().Digests.SingleAsync(d => d.UserId == berlin.UserId);
            Assert.Equal(7 * 60, stored.Content.TotalMinutes);
            Assert.Equal(stored.CreatedAt + Duration.FromHours(48), stored.EmbargoEndsAt);
        }

        // Once built, the fan-out has nothing left to enqueue for these people.
        await FanOutAsync();
        await factory.RunJobsUntilIdleAsync();
        foreach (var person in new[] { berlin, kiritimati, pagoPago })
        {
            var rows = await factory.RowsAsync(person);
            Assert.Single(rows.Digests);
            Assert.Single(rows.Notices);
            Assert.Single(rows.Emails);
        }
    }

    [Fact]
    public async Task Schedule_skips_weeks_that_already_have_a_digest()
    {
        factory.Clock.Reset(DigestJobsFactory.MondayMorning);
        var person = await factory.CreatePersonAsync(factory.AcmeId);
        Assert.True(await factory.BuildAsync(person));

        await using var scope = factory.Services.CreateAsyncScope();
        var client = scope.ServiceProvider.GetRequiredService<IBackgroundJobClient>();
        var monitor = factory.Storage.GetMonitoringApi();
        await scope.ServiceProvider.GetRequiredService<DigestJobs>().ScheduleForTenantAsync(factory.AcmeId, CancellationToken.None);

        var enqueued = monitor.EnqueuedJobs("default", 0, 1000);
        Assert.DoesNotContain(enqueued, job => job.Value.Job?.Args.Contains(person.UserId) == true);

        // Leave the queue empty for the next test.
        foreach (var job in enqueued)
        {
            client.Delete(job.Key);
        }
    }

    [Fact]
    public async Task Digest_job_killed_inside_its_transaction_and_retried_sends_one_notice()
    {
        factory.Clock.Reset(DigestJobsFactory.MondayMorning);
        var person = await factory.CreatePersonAsync(factory.AcmeId);
        await factory.AddEntriesAsync(person, new LocalDate(2026, 11, 18), (9, 11));

        factory.Faults.ThrowOnceAfterInsert();
        await Assert.ThrowsAsync<SimulatedCrashException>(() => factory.BuildAsync(person));
        var afterCrash = await factory.RowsAsync(person);
        Assert.Empty(afterCrash.Digests);
        Assert.Empty(afterCrash.Notices);
        Assert.Empty(afterCrash.Emails);

        Assert.True(await factory.BuildAsync(person));
        Assert.False(await factory.BuildAsync(person));
        var rows = await factory.RowsAsync(person);
        Assert.Single(rows.Digests);
        Assert.Single(rows.Notices);
        Assert.Single(rows.Emails);
    }

    [Fact]
    public async Task Digest_job_killed_after_it_wrote_and_retried_sends_one_notice()
    {
        factory.Clock.Reset(DigestJobsFactory.MondayMorning);
        var person = await factory.CreatePersonAsync(factory.AcmeId);
        await factory.AddEntriesAsync(person, new LocalDate(2026, 11, 18), (9, 11));

        factory.Faults.ThrowOnceAfterCommit();
        await Assert.ThrowsAsync<SimulatedCrashException>(() => factory.BuildAsync(person));
        var afterCrash = await factory.RowsAsync(person);
        Assert.Single(afterCrash.Digests);
        Assert.Single(afterCrash.Notices);

        // Hangfire retries the failed job: it finds the digest and writes nothing more.
        Assert.False(await factory.BuildAsync(person));
        var rows = await factory.RowsAsync(person);
        Assert.Single(rows.Digests);
        var notice = Assert.Single(rows.Notices);
        Assert.StartsWith("Your digest for the week of 16 Nov 2026 is ready — only you can see it until you release it or until ", notice.Text, StringComparison.Ordinal);
        Assert.Single(rows.Emails);
    }

    [Fact]
    public async Task Two_concurrent_builds_of_one_person_week_create_one_digest()
    {
        factory.Clock.Reset(DigestJobsFactory.MondayMorning);
        var person = await factory.CreatePersonAsync(factory.AcmeId);
        await factory.AddEntriesAsync(person, new LocalDate(2026, 11, 19), (10, 15));

        // Both builds pass the "already built?" check before either inserts: the unique key decides.
        using var barrier = new Barrier(2);
        factory.Faults.BeforeInsert = barrier;
        var results = await Task.WhenAll(factory.BuildAsync(person), factory.BuildAsync(person));

        Assert.Single(results, created => created);
        var rows = await factory.RowsAsync(person);
        Assert.Single(rows.Digests);
        Assert.Single(rows.Notices);
        Assert.Single(rows.Emails);
    }

    [Fact]
    public async Task Week_that_has_not_ended_gets_no_digest()
    {
        factory.Clock.Reset(DigestJobsFactory.MondayMorning);
        var person = await factory.CreatePersonAsync(factory.AcmeId);

        Assert.False(await factory.BuildAsync(person, new LocalDate(2026, 11, 23)));
        Assert.Empty((await factory.RowsAsync(person)).Digests);
    }

    private async Task FanOutAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DigestJobs>().FanOutAsync(CancellationToken.None);
    }

    private async Task<long> OrganizationCountAsync()
    {
        await using var superuser = await Isolation.RawSql.OpenAsSuperuserAsync(factory.Database);
        return await Isolation.RawSql.ScalarAsync<long>(superuser, "SELECT count(*) FROM organizations");
    }
}
