using NodaTime;
using Npgsql;
using TimeTrack.Web.Tests.Isolation;

namespace TimeTrack.Web.Tests.Tracking;

/// <summary>
/// The constraints that back the tracking rules, each on its own: rows written as the app role with
/// the tenant set, straight past <c>TimeEntryService</c>, as a future code path that forgot a check would.
/// </summary>
[Collection(TrackingCollection.Name)]
public sealed class DatabaseBackstopTests(TrackingFactory factory)
{
    private static readonly LocalDate Day = new(2026, 11, 24);

    [Fact]
    public async Task Exclusion_constraint_alone_rejects_overlapping_rows_that_reject_overlaps()
    {
        var person = await factory.CreatePersonAsync(factory.AcmeId);
        await using var app = await OpenAsAppAsync(person);
        var nineToEleven = person.Local(Day, 9, 11);
        var tenToTwelve = person.Local(Day, 10, 12);
        var elevenToTwelve = person.Local(Day, 11, 12);

        var overlap = await app.RefusalOfAsync(Row(person, nineToEleven, noOverlap: true), Row(person, tenToTwelve, noOverlap: true));
        Assert.Equal(PostgresErrorCodes.ExclusionViolation, overlap?.SqlState);
        Assert.Equal("ex_time_entries_no_overlap", overlap?.ConstraintName);

        // A running timer occupies everything from its start on.
        var intoTimer = await app.RefusalOfAsync(Running(person, nineToEleven.Start, noOverlap: true), Row(person, elevenToTwelve, noOverlap: true));
        Assert.Equal(PostgresErrorCodes.ExclusionViolation, intoTimer?.SqlState);

        // Ranges are [start, end): back-to-back entries only touch.
        Assert.Null(await app.RefusalOfAsync(Row(person, nineToEleven, noOverlap: true), Row(person, elevenToTwelve, noOverlap: true)));
        // The constraint covers only rows saved while the organization rejected overlaps.
        Assert.Null(await app.RefusalOfAsync(Row(person, nineToEleven, noOverlap: true), Row(person, tenToTwelve, noOverlap: false)));
    }

    [Fact]
    public async Task Partial_unique_index_alone_rejects_a_second_running_timer()
    {
        var person = await factory.CreatePersonAsync(factory.AcmeId);
        await using var app = await OpenAsAppAsync(person);
        var morning = person.Local(Day, 9, 11);

        // no_overlap = false keeps the exclusion constraint out of it: only the index can refuse.
        var second = await app.RefusalOfAsync(Running(person, morning.Start, noOverlap: false), Running(person, morning.End, noOverlap: false));
        Assert.Equal(PostgresErrorCodes.UniqueViolation, second?.SqlState);
        Assert.Equal("ux_time_entries_one_running_timer", second?.ConstraintName);

        Assert.Null(await app.RefusalOfAsync(Row(person, morning, noOverlap: false), Running(person, morning.End, noOverlap: false)));
    }

    [Fact]
    public async Task Check_constraints_reject_end_not_after_start_and_more_than_24_hours()
    {
        var person = await factory.CreatePersonAsync(factory.AcmeId);
        await using var app = await OpenAsAppAsync(person);
        var start = person.Local(Day, 9, 10).Start;

        foreach (var end in new[] { start, start - Duration.FromMinutes(1) })
        {
            var refused = await app.RefusalOfAsync(Row(person, start, end));
            Assert.Equal(PostgresErrorCodes.CheckViolation, refused?.SqlState);
            Assert.Equal("ck_time_entries_end_after_start", refused?.ConstraintName);
        }

        var tooLong = await app.RefusalOfAsync(Row(person, start, start + Duration.FromHours(24) + Duration.FromSeconds(1)));
        Assert.Equal(PostgresErrorCodes.CheckViolation, tooLong?.SqlState);
        Assert.Equal("ck_time_entries_at_most_24_hours", tooLong?.ConstraintName);

        Assert.Null(await app.RefusalOfAsync(Row(person, start, start + Duration.FromHours(24))));
        Assert.Empty(await factory.StoredEntriesAsync(person.UserId));
    }

    private async Task<NpgsqlConnection> OpenAsAppAsync(TestPerson person)
    {
        var app = await factory.Database.OpenAsAppAsync();
        await app.SetTenantAsync(person.TenantId, person.UserId);
        return app;
    }

    private static (string, (string, object)[]) Row(TestPerson person, Interval interval, bool noOverlap) =>
        (Tracker.InsertSql, Tracker.EntryParameters(person, interval.Start, interval.End, noOverlap));

    private static (string, (string, object)[]) Row(TestPerson person, Instant start, Instant end) =>
        (Tracker.InsertSql, Tracker.EntryParameters(person, start, end, noOverlap: true));

    private static (string, (string, object)[]) Running(TestPerson person, Instant start, bool noOverlap) =>
        (Tracker.InsertSql, Tracker.EntryParameters(person, start, null, noOverlap));
}
