using NodaTime;
using TimeTrack.Domain.Time;
using TimeTrack.Domain.Tracking;

namespace TimeTrack.Domain.Tests.Time;

public sealed class SupportedDatesTests
{
    private const string Range = "Use a date from 1900-01-01 to 2200-12-31.";

    /// <summary>The zones furthest ahead of and behind UTC, and one with daylight saving time.</summary>
    private static readonly string[] ExtremeZones = ["Pacific/Kiritimati", "Pacific/Pago_Pago", "Europe/Berlin"];

    [Fact]
    public void The_range_is_1900_to_2200_and_its_message_names_both_ends()
    {
        Assert.Equal(new LocalDate(1900, 1, 1), SupportedDates.First);
        Assert.Equal(new LocalDate(2200, 12, 31), SupportedDates.Last);
        Assert.Equal(Range, SupportedDates.OutOfRangeMessage);
    }

    [Theory]
    [InlineData("1900-01-01", DateReading.Valid)]
    [InlineData("2026-03-02", DateReading.Valid)]
    [InlineData(" 2026-03-02 ", DateReading.Valid)]
    [InlineData("2200-12-31", DateReading.Valid)]
    [InlineData("1899-12-31", DateReading.OutOfRange)]
    [InlineData("2201-01-01", DateReading.OutOfRange)]
    [InlineData("0001-01-01", DateReading.OutOfRange)]
    [InlineData("9999-12-31", DateReading.OutOfRange)]
    [InlineData(null, DateReading.Missing)]
    [InlineData("", DateReading.Missing)]
    [InlineData("   ", DateReading.Missing)]
    [InlineData("2026-02-30", DateReading.Malformed)]
    [InlineData("2026-3-2", DateReading.Malformed)]
    [InlineData("02/03/2026", DateReading.Malformed)]
    [InlineData("2026-03-02T00:00", DateReading.Malformed)]
    [InlineData("-1", DateReading.Malformed)]
    [InlineData("1e400", DateReading.Malformed)]
    [InlineData("2026-03-02\0", DateReading.Malformed)]
    [InlineData("99999-12-31", DateReading.Malformed)]
    public void Text_is_read_as_missing_malformed_out_of_range_or_valid(string? text, DateReading expected)
    {
        var date = SupportedDates.Read(text);

        Assert.Equal(expected, date.Reading);
        Assert.Equal(expected == DateReading.Valid, date.IsValid);
        Assert.Equal(expected == DateReading.Valid ? Iso.Date(text!.Trim()) : null, date.Value);
        Assert.Equal(date.Value, SupportedDates.Parse(text));
        Assert.Equal(
            expected switch
            {
                DateReading.OutOfRange => Range,
                DateReading.Malformed => SupportedDates.MalformedMessage,
                _ => null,
            },
            date.Problem);
    }

    [Fact]
    public void A_very_long_text_is_malformed_without_being_parsed()
    {
        Assert.Equal(DateReading.Malformed, SupportedDates.Read(new string('1', 100_000)).Reading);
    }

    [Theory]
    [InlineData("1900-01-01T00:00:00Z", true)]
    [InlineData("1899-12-31T23:59:59Z", false)]
    [InlineData("2200-12-31T23:59:59Z", true)]
    [InlineData("2201-01-01T00:00:00Z", false)]
    [InlineData("2026-03-02T09:00:00Z", true)]
    public void An_instant_is_supported_when_its_utc_date_is(string instant, bool expected) =>
        Assert.Equal(expected, SupportedDates.Contains(Iso.Utc(instant)));

    [Fact]
    public void The_extremes_of_DateTimeOffset_are_outside_the_range()
    {
        Assert.False(SupportedDates.Contains(DateTimeOffset.MinValue));
        Assert.False(SupportedDates.Contains(DateTimeOffset.MaxValue));
        Assert.True(SupportedDates.Contains(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(14))));
        Assert.False(SupportedDates.Contains(new DateTimeOffset(1900, 1, 1, 9, 0, 0, TimeSpan.FromHours(14))));
    }

    /// <summary>The point of the margins: week and month arithmetic at either end of the range never overflows.</summary>
    [Theory]
    [InlineData(IsoDayOfWeek.Monday)]
    [InlineData(IsoDayOfWeek.Sunday)]
    [InlineData(IsoDayOfWeek.Saturday)]
    public void Weeks_and_months_at_both_ends_of_the_range_can_be_computed_in_every_zone(IsoDayOfWeek weekStart)
    {
        foreach (var zone in ExtremeZones.Select(Iso.Zone))
        {
            foreach (var date in (LocalDate[])[SupportedDates.First, SupportedDates.Last])
            {
                var week = new Week(Weeks.StartOf(date, weekStart), zone);
                Assert.True(week.Length > Duration.Zero);
                Assert.Equal(7, week.Previous.Next.Days.Count());
                Assert.True(date.PlusMonths(1).PlusWeeks(-60) < date);
            }
        }
    }

    [Theory]
    [InlineData("0001-01-01T09:00:00Z", "0001-01-01T10:00:00Z", "Start")]
    [InlineData("9999-12-31T09:00:00Z", "9999-12-31T10:00:00Z", "Start")]
    [InlineData("2026-03-10T09:00:00Z", "9999-12-31T10:00:00Z", "End")]
    public void An_entry_outside_the_range_is_refused_with_the_range_against_the_time_outside_it(string start, string end, string field)
    {
        var problem = Assert.Single(EntryRules.Validate(Iso.Utc(start), Iso.Utc(end), Iso.Utc("2026-03-10T12:00:00Z"), Iso.Zone("Europe/Berlin"), EntryLimits.Default));

        Assert.Equal(new EntryProblem(field, Range), problem);
    }
}
