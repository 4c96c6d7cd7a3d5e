using NodaTime;
using TimeTrack.Domain.Tracking;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Tests.Isolation;
using TimeTrack.Web.Tracking;

namespace TimeTrack.Web.Tests.Tracking;

/// <summary>
/// Entry times through the service and back out of PostgreSQL: true durations across DST, days in the
/// person's zone, working hours and the limits on length and dates. "Today" is
/// <see cref="TrackingFactory.Now"/>, Wednesday 25 November 2026 in Berlin.
/// </summary>
[Collection(TrackingCollection.Name)]
public sealed class EntryTimeTests(TrackingFactory factory)
{
    private static readonly LocalDate Today = new(2026, 11, 25);

    [Fact]
    public async Task Entry_across_the_Berlin_DST_change_has_its_true_duration()
    {
        var person = await factory.CreatePersonAsync(factory.AcmeId, Tracker.BerlinZoneId);
        var springNight = new LocalDate(2026, 3, 29);
        var autumnNight = new LocalDate(2026, 10, 25);

        var spring = await factory.CreateEntryAsync(person, person.Local(springNight, 1, 4));
        var autumn = await factory.CreateEntryAsync(person, person.Local(autumnNight, 1, 4));

        Assert.Equal(7200L, await SecondsInDatabaseAsync(spring.Id));
        Assert.Equal(14400L, await SecondsInDatabaseAsync(autumn.Id));
        var totals = DailyTotals.ByDay((await factory.StoredEntriesAsync(person.UserId)).Select(e => e.Interval), person.Zone);
        Assert.Equal(
            new Dictionary<LocalDate, Duration> { [springNight] = Duration.FromHours(2), [autumnNight] = Duration.FromHours(4) },
            totals);
    }

    [Fact]
    public async Task Entry_crossing_midnight_splits_between_the_two_days_in_the_persons_zone()
    {
        var person = await factory.CreatePersonAsync(factory.AcmeId, Tracker.BerlinZoneId);
        var tuesday = new LocalDate(2026, 11, 10);
        var sunday = new LocalDate(2026, 11, 15);

        await factory.CreateEntryAsync(person, person.Local(tuesday, 22, 2));
        // 23:00 Sunday to 01:00 Monday: the last hour of one week and the first of the next.
        await factory.CreateEntryAsync(person, person.Local(sunday, 23, 1));

        var stored = (await factory.StoredEntriesAsync(person.UserId)).Select(e => e.Interval).ToList();
        Assert.Equal(
            new Dictionary<LocalDate, Duration>
            {
                [tuesday] = Duration.FromHours(2),
                [tuesday.PlusDays(1)] = Duration.FromHours(2),
                [sunday] = Duration.FromHours(1),
                [sunday.PlusDays(1)] = Duration.FromHours(1),
            },
            DailyTotals.ByDay(stored, person.Zone));

        var week = DailyTotals.ForWeek(person.WeekContaining(person.Local(tuesday, 12, 13).Start), stored);
        Assert.Equal(new LocalDate(2026, 11, 9), week.Week.Start);
        Assert.Equal(Duration.FromHours(5), week.Total);
        Assert.Equal(Duration.FromHours(1), week.On(sunday));
    }

    [Fact]
    public async Task Entry_in_the_evening_of_a_weekday_is_marked_outside_hours_and_one_in_the_morning_is_not()
    {
        var person = await factory.CreatePersonAsync(factory.AcmeId, Tracker.BerlinZoneId);
        var tuesday = new LocalDate(2026, 11, 24);

        var evening = await factory.CreateEntryAsync(person, person.Local(tuesday, 20, 21));
        var morning = await factory.CreateEntryAsync(person, person.Local(tuesday, 10, 11));

        Assert.True(evening.IsOutsideHours);
        Assert.False(morning.IsOutsideHours);
        Assert.True((await factory.StoredEntryAsync(evening.Id)).IsOutsideHours);
        Assert.False((await factory.StoredEntryAsync(morning.Id)).IsOutsideHours);
    }

    [Fact]
    public async Task Entry_that_does_not_end_after_it_starts_is_rejected_on_End()
    {
        var person = await factory.CreatePersonAsync(factory.AcmeId);
        var start = person.Local(Today.PlusDays(-1), 10, 11).Start;

        foreach (var end in new[] { start - Duration.FromHours(1), start })
        {
            // Not an Interval: NodaTime refuses one that ends before it starts.
            var result = await factory.TrackAsync(person, s => s.CreateAsync(person.UserId, new EntryDetails(person.Project), start, end, EntrySource.Manual));
            AssertRejectedOn("End", result);
        }

        Assert.Empty(await factory.StoredEntriesAsync(person.UserId));
    }

    [Fact]
    public async Task Entry_of_exactly_24_hours_is_saved_and_one_minute_longer_is_rejected_on_Duration()
    {
        var person = await factory.CreatePersonAsync(factory.AcmeId);
        var dayLong = person.Local(new LocalDate(2026, 11, 16), 6, 6);
        Assert.Equal(Duration.FromHours(24), dayLong.Duration);

        var saved = await factory.CreateAsync(person, dayLong);
        var tooLong = await factory.CreateAsync(person, new Interval(dayLong.End + Duration.FromHours(1), dayLong.End + Duration.FromHours(25) + Duration.FromMinutes(1)));

        Assert.True(saved.Succeeded, Tracker.Describe(saved));
        AssertRejectedOn("Duration", tooLong);
        Assert.Single(await factory.StoredEntriesAsync(person.UserId));
    }

    [Fact]
    public async Task Entry_starting_after_today_is_rejected_on_Start()
    {
        var person = await factory.CreatePersonAsync(factory.AcmeId);

        AssertRejectedOn("Start", await factory.CreateAsync(person, person.Local(Today.PlusDays(1), 9, 10)));
        AssertRejectedOn("Start", await factory.CreateAsync(person, person.Local(Today.PlusDays(30), 9, 10)));
        Assert.Empty(await factory.StoredEntriesAsync(person.UserId));
    }

    [Fact]
    public async Task Entry_starting_before_the_maximum_days_in_the_past_is_rejected_on_Start()
    {
        var person = await factory.CreatePersonAsync(factory.AcmeId);
        var oldestDay = Today.PlusDays(-366);

        var tooOld = await factory.CreateAsync(person, person.Local(oldestDay.PlusDays(-1), 23, 1));
        var oldestAllowed = await factory.CreateAsync(person, person.Local(oldestDay, 0, 1));

        AssertRejectedOn("Start", tooOld);
        Assert.True(oldestAllowed.Succeeded, Tracker.Describe(oldestAllowed));
        Assert.Single(await factory.StoredEntriesAsync(person.UserId));
    }

    [Fact]
    public async Task Running_timer_may_start_up_to_the_clock_skew_ahead_of_the_server()
    {
        // EntryRules allows it: a device's clock may run slightly ahead of the server's.
        var person = await factory.CreatePersonAsync(factory.AcmeId);
        var timer = await factory.TrackAsync(person, s => s.StartTimerAsync(person.UserId, new EntryDetails(person.Project)));
        Assert.True(timer.Succeeded, Tracker.Describe(timer));
        var running = timer.Value ?? throw new InvalidOperationException("A successful result carries its entry.");
        var ahead = TrackingFactory.Now + Duration.FromSeconds(30);

        var moved = await factory.TrackAsync(person, s => s.UpdateAsync(person.UserId, running.Id, running.Version, new EntryDetails(person.Project), ahead, null));

        Assert.True(moved.Succeeded, Tracker.Describe(moved));
        var stored = await factory.StoredEntryAsync(running.Id);
        Assert.Equal((ahead, (Instant?)null), (stored.Start, stored.End));
        var deleted = await factory.TrackAsync(person, s => s.DeleteAsync(person.UserId, running.Id, stored.Version));
        Assert.True(deleted.Succeeded, Tracker.Describe(deleted));
    }

    private static void AssertRejectedOn<T>(string field, TrackingResult<T> result)
    {
        Assert.True(result.Failure == TrackingFailure.Invalid, Tracker.Describe(result));
        Assert.Equal([field], result.Problems.Select(p => p.Field));
    }

    private async Task<long> SecondsInDatabaseAsync(Guid entryId)
    {
        await using var superuser = await factory.Database.OpenAsSuperuserAsync();
        return await superuser.ScalarAsync<long>("SELECT extract(epoch FROM end_at - start_at)::bigint FROM time_entries WHERE id = @id", ("id", entryId));
    }
}
