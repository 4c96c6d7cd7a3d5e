using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using TimeTrack.Web.Data;
using TimeTrack.Web.Jobs;
using TimeTrack.Web.Tests.Isolation;

namespace TimeTrack.Web.Tests.Tracking;

/// <summary>Working hours as a boundary: timers running past the end of the window stop themselves, with a notice.</summary>
[Collection(TrackingCollection.Name)]
public sealed class TimerBoundaryJobTests(TrackingFactory factory)
{
    [Fact]
    public async Task Timer_left_running_past_the_end_of_working_hours_stops_at_the_window_end_with_a_notice()
    {
        // Now is Wed 2026-11-25 13:00 in Berlin; working hours are Mon–Fri 08:00–18:00.
        var forgotten = await factory.CreatePersonAsync(factory.AcmeId);
        var working = await factory.CreatePersonAsync(factory.AcmeId);
        var evening = await factory.CreatePersonAsync(factory.AcmeId);
        var tuesday = new LocalDate(2026, 11, 24);
        await using (var superuser = await factory.Database.OpenAsSuperuserAsync())
        {
            await superuser.InsertEntryAsync(forgotten, forgotten.Local(tuesday, 10, 11).Start, null, noOverlap: true);
            await superuser.InsertEntryAsync(working, working.Local(new LocalDate(2026, 11, 25), 10, 11).Start, null, noOverlap: true);
            await superuser.InsertEntryAsync(evening, evening.Local(tuesday, 20, 21).Start, null, noOverlap: true);
        }

        var stopped = await RunAsync();
        Assert.True(stopped >= 1);

        var forgottenEntry = Assert.Single(await factory.StoredEntriesAsync(forgotten.UserId));
        Assert.Equal(forgotten.Local(tuesday, 18, 19).Start, forgottenEntry.End);
        Assert.Null(Assert.Single(await factory.StoredEntriesAsync(working.UserId)).End);
        Assert.Null(Assert.Single(await factory.StoredEntriesAsync(evening.UserId)).End);

        // Exactly one notice, and running the job again changes nothing (it is idempotent).
        await RunAsync();
        Assert.Equal(1, await NoticeCountAsync(forgotten.UserId));
        Assert.Equal(0, await NoticeCountAsync(working.UserId));
        Assert.Equal(forgotten.Local(tuesday, 18, 19).Start, Assert.Single(await factory.StoredEntriesAsync(forgotten.UserId)).End);
    }

    private async Task<int> RunAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TimerBoundaryJob>().RunForTenantAsync(factory.AcmeId, CancellationToken.None);
    }

    private async Task<int> NoticeCountAsync(Guid userId)
    {
        await using var scope = factory.Scopes.CreateScope(factory.AcmeId);
        return await scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>().Notices.CountAsync(n => n.UserId == userId);
    }
}
