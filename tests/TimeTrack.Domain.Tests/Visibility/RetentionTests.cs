using NodaTime;
using TimeTrack.Domain.Visibility;
using static TimeTrack.Domain.Tests.Visibility.Policies;

namespace TimeTrack.Domain.Tests.Visibility;

public sealed class RetentionTests
{
    private static readonly Instant Now = Iso.Utc("2026-03-10T12:00:00Z");

    [Theory]
    [InlineData(1, "2026-03-09T12:00:00Z")]
    [InlineData(365, "2025-03-10T12:00:00Z")]
    [InlineData(730, "2024-03-10T12:00:00Z")]
    [InlineData(3650, "2016-03-12T12:00:00Z")]
    public void Detail_older_than_the_retention_period_is_removed(int days, string cutoff)
    {
        var policy = Closed().With(Category(DataCategory.OutsideHours) with { RetentionDays = days });

        Assert.Equal(Iso.Utc(cutoff), Retention.CutoffFor(policy, DataCategory.OutsideHours, Now));
    }

    [Fact]
    public void Retention_counts_exact_days_of_elapsed_time_not_calendar_days() =>
        Assert.Equal(
            Now - Duration.FromHours(24 * 30),
            Retention.CutoffFor(Closed().With(Category(DataCategory.Digests) with { RetentionDays = 30 }), DataCategory.Digests, Now));

    [Fact]
    public void Detail_kept_while_a_member_has_no_cutoff() =>
        Assert.Null(Retention.CutoffFor(TransparencyPolicy.Default, DataCategory.Totals, Now));

    [Theory]
    [InlineData(DataCategory.EntryDetails, "2024-03-10T12:00:00Z")]
    [InlineData(DataCategory.OutsideHours, "2025-03-10T12:00:00Z")]
    [InlineData(DataCategory.Reflections, "2025-03-10T12:00:00Z")]
    [InlineData(DataCategory.Totals, null)]
    [InlineData(DataCategory.LiveTimer, null)]
    public void Default_policy_keeps_entry_details_two_years_and_private_signals_one(DataCategory category, string? cutoff) =>
        Assert.Equal(cutoff is null ? null : Iso.Utc(cutoff), Retention.CutoffFor(TransparencyPolicy.Default, category, Now));

    [Theory]
    [InlineData(30)]
    [InlineData(null)]
    public void Category_no_longer_tracked_ages_out_as_promised_when_it_was_collected(int? days)
    {
        var tracked = Closed().With(Category(DataCategory.LiveTimer) with { RetentionDays = days });
        var untracked = Closed().With(Category(DataCategory.LiveTimer, tracked: false) with { RetentionDays = days });

        Assert.Equal(
            Retention.CutoffFor(tracked, DataCategory.LiveTimer, Now),
            Retention.CutoffFor(untracked, DataCategory.LiveTimer, Now));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Policy_keeping_detail_less_than_a_day_is_refused_rather_than_read_as_remove_everything(int days)
    {
        var policy = Closed().With(Category(DataCategory.Rates) with { RetentionDays = days });

        Assert.Throws<ArgumentOutOfRangeException>(() => Retention.CutoffFor(policy, DataCategory.Rates, Now));
    }

    [Fact]
    public void Retention_longer_than_the_calendar_has_no_cutoff() =>
        Assert.Null(Retention.CutoffFor(Closed().With(Category(DataCategory.Rates) with { RetentionDays = int.MaxValue }), DataCategory.Rates, Now));
}
