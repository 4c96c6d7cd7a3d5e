using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TimeTrack.Domain.Tenancy;

namespace TimeTrack.Web.Data.Configurations;

/// <summary>The tenant registry itself: global (no tenant_id), looked up by slug before a tenant is known.</summary>
internal sealed class OrganizationConfiguration : IEntityTypeConfiguration<Organization>
{
    public void Configure(EntityTypeBuilder<Organization> builder)
    {
        builder.ToTable("organizations");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Slug).HasMaxLength(OrganizationSlug.MaxLength);
        builder.HasIndex(o => o.Slug).IsUnique();
        builder.Property(o => o.Name).HasMaxLength(120);
        builder.Property(o => o.DefaultTimeZoneId).HasMaxLength(64);
        builder.Property(o => o.Currency).HasMaxLength(3).HasDefaultValue("EUR");
        builder.Property(o => o.WeekStart).HasConversion<int>();
        builder.Property(o => o.OnboardingConfirmed).HasDefaultValueSql("'{}'::text[]");
        builder.ComplexProperty(o => o.Tracking, tracking =>
        {
            tracking.Property(t => t.Overlaps).HasConversion<string>().HasMaxLength(16);
        });
    }
}
