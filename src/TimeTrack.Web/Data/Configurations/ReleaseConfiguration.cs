using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TimeTrack.Domain.Disclosure;

namespace TimeTrack.Web.Data.Configurations;

internal sealed class MonthReleaseConfiguration : IEntityTypeConfiguration<MonthRelease>
{
    public void Configure(EntityTypeBuilder<MonthRelease> builder)
    {
        builder.ToTable("month_releases");
        builder.HasKey(r => new { r.TenantId, r.Month });
    }
}

internal sealed class ReleasedTimeConfiguration : IEntityTypeConfiguration<ReleasedTime>
{
    public void Configure(EntityTypeBuilder<ReleasedTime> builder)
    {
        builder.ToTable("released_time", t => t.HasCheckConstraint("ck_released_time_duration_positive", "duration_ms > 0"));
        builder.HasKey(r => new { r.TenantId, r.Month, r.Id });
        builder.Property(r => r.HourlyRate).HasPrecision(12, 2);
        builder.HasOne<MonthRelease>().WithMany()
            .HasForeignKey(r => new { r.TenantId, r.Month })
            .OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ReleasedMembershipConfiguration : IEntityTypeConfiguration<ReleasedMembership>
{
    public void Configure(EntityTypeBuilder<ReleasedMembership> builder)
    {
        builder.ToTable("released_memberships");
        builder.HasKey(r => new { r.TenantId, r.Month, r.GroupId, r.UserId });
        builder.HasOne<MonthRelease>().WithMany()
            .HasForeignKey(r => new { r.TenantId, r.Month })
            .OnDelete(DeleteBehavior.Restrict);
    }
}
