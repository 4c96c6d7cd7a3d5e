using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Work;

namespace TimeTrack.Web.Data.Configurations;

/// <summary>
/// The rollup table is created and kept by SQL (migration RollupsRatesAndSavedReports: table, indexes,
/// trigger on time_entries, rebuild function); EF only reads it.
/// </summary>
internal sealed class TimeRollupConfiguration : IEntityTypeConfiguration<TimeRollup>
{
    public void Configure(EntityTypeBuilder<TimeRollup> builder)
    {
        builder.ToTable("time_rollups", t => t.ExcludeFromMigrations());
        builder.HasNoKey();
    }
}

internal sealed class RateConfiguration : IEntityTypeConfiguration<Rate>
{
    public void Configure(EntityTypeBuilder<Rate> builder)
    {
        builder.ToTable("rates", t => t.HasCheckConstraint("ck_rates_hourly_amount_not_negative", "hourly_amount >= 0"));
        builder.HasKey(r => new { r.TenantId, r.Id });
        builder.Property(r => r.HourlyAmount).HasPrecision(12, 2);
        builder.HasIndex(r => new { r.TenantId, r.ProjectId, r.UserId, r.EffectiveFrom }).IsUnique().AreNullsDistinct(false);
        builder.HasOne<Project>().WithMany()
            .HasForeignKey(r => new { r.TenantId, r.ProjectId })
            .OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Membership>().WithMany()
            .HasForeignKey(r => new { r.TenantId, r.UserId })
            .HasPrincipalKey(m => new { m.TenantId, m.UserId })
            .OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SavedReportConfiguration : IEntityTypeConfiguration<SavedReport>
{
    public void Configure(EntityTypeBuilder<SavedReport> builder)
    {
        builder.ToTable("saved_reports");
        builder.HasKey(r => new { r.TenantId, r.Id });
        builder.Property(r => r.Name).HasMaxLength(100);
        builder.Property(r => r.Query).HasMaxLength(2000);
        builder.HasIndex(r => new { r.TenantId, r.OwnerUserId, r.Name }).IsUnique();
        builder.HasOne<Membership>().WithMany()
            .HasForeignKey(r => new { r.TenantId, r.OwnerUserId })
            .HasPrincipalKey(m => new { m.TenantId, m.UserId })
            .OnDelete(DeleteBehavior.Cascade);
    }
}
