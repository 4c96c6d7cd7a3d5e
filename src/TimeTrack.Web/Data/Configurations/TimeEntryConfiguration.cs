using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Work;

namespace TimeTrack.Web.Data.Configurations;

internal sealed class TimeEntryConfiguration : IEntityTypeConfiguration<TimeEntry>
{
    public const string OneRunningTimerIndex = "ux_time_entries_one_running_timer";
    public const string NoOverlapConstraint = "ex_time_entries_no_overlap";
    public const string ImportKeyIndex = "ux_time_entries_import_key";
    public const string SplitMatchesLengthConstraint = "ck_time_entries_split_matches_length";
    public const string DurationOnlyConstraint = "ck_time_entries_duration_only_has_no_clock";

    public void Configure(EntityTypeBuilder<TimeEntry> builder)
    {
        builder.ToTable("time_entries", t =>
        {
            t.HasCheckConstraint("ck_time_entries_end_after_start", "end_at IS NULL OR end_at > start_at");
            t.HasCheckConstraint("ck_time_entries_at_most_24_hours", "end_at IS NULL OR end_at - start_at <= interval '24 hours'");
            // The day split the rollups add up must be the entry's length (to the millisecond it was
            // rounded to), so a write that moves an entry without splitting it again is refused, never
            // silently counted wrong (ADR 014).
            t.HasCheckConstraint(SplitMatchesLengthConstraint, RollupSql.SplitMatchesLength);
            // Time without clock times is never outside hours and takes no place on the clock.
            t.HasCheckConstraint(DurationOnlyConstraint, "NOT is_duration_only OR (end_at IS NOT NULL AND NOT is_outside_hours AND NOT no_overlap)");
        });
        builder.HasKey(e => new { e.TenantId, e.Id });
        builder.Property(e => e.Start).HasColumnName("start_at");
        builder.Property(e => e.End).HasColumnName("end_at");
        builder.Property(e => e.Description).HasMaxLength(2000);
        builder.Property(e => e.Source).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Version).IsRowVersion();
        builder.Ignore(e => e.IsRunning);

        // The week view and every total read a person's entries by time.
        builder.HasIndex(e => new { e.TenantId, e.UserId, e.Start });
        // At most one running timer per person, whatever races: two tabs, two processes.
        builder.HasIndex(e => new { e.TenantId, e.UserId })
            .IsUnique()
            .HasFilter("end_at IS NULL")
            .HasDatabaseName(OneRunningTimerIndex);
        builder.HasIndex(e => new { e.TenantId, e.ProjectId, e.Start });
        // Imports skip the rows a person already has (ADR 020).
        builder.Property(e => e.ImportKey).HasMaxLength(80);
        builder.HasIndex(e => new { e.TenantId, e.UserId, e.ImportKey })
            .IsUnique()
            .HasFilter("import_key IS NOT NULL")
            .HasDatabaseName(ImportKeyIndex);
        builder.HasIndex(e => new { e.TenantId, e.OutcomeId });
        // Detail exports read a period's entries by day.
        builder.HasIndex(e => new { e.TenantId, e.Day });
        // Weeks, insights and digests read a person's entries by the days they count on.
        builder.HasIndex(e => new { e.TenantId, e.UserId, e.Day });
        // Voiding an invoice finds its entries.
        builder.HasIndex(e => new { e.TenantId, e.InvoiceId }).HasFilter("invoice_id IS NOT NULL");

        builder.HasOne<Membership>().WithMany()
            .HasForeignKey(e => new { e.TenantId, e.UserId })
            .HasPrincipalKey(m => new { m.TenantId, m.UserId })
            .OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Project>().WithMany()
            .HasForeignKey(e => new { e.TenantId, e.ProjectId })
            .OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<WorkTask>().WithMany()
            .HasForeignKey(e => new { e.TenantId, e.TaskId })
            .OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Outcome>().WithMany()
            .HasForeignKey(e => new { e.TenantId, e.OutcomeId })
            .OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<TimeTrack.Domain.Billing.Invoice>().WithMany()
            .HasForeignKey(e => new { e.TenantId, e.InvoiceId })
            .OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(e => e.Tags).WithOne()
            .HasForeignKey(t => new { t.TenantId, t.TimeEntryId })
            .OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TimeEntryTagConfiguration : IEntityTypeConfiguration<TimeEntryTag>
{
    public void Configure(EntityTypeBuilder<TimeEntryTag> builder)
    {
        builder.ToTable("time_entry_tags");
        builder.HasKey(t => new { t.TenantId, t.TimeEntryId, t.TagId });
        builder.HasIndex(t => new { t.TenantId, t.TagId });
        builder.HasOne<Tag>().WithMany()
            .HasForeignKey(t => new { t.TenantId, t.TagId })
            .OnDelete(DeleteBehavior.Cascade);
    }
}
