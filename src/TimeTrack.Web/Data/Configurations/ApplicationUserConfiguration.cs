using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TimeTrack.Web.Data.Configurations;

internal sealed class ApplicationUserConfiguration : IEntityTypeConfiguration<ApplicationUser>
{
    public void Configure(EntityTypeBuilder<ApplicationUser> builder)
    {
        builder.Property(u => u.DisplayName).HasMaxLength(120);
        builder.Property(u => u.TimeZoneId).HasMaxLength(64);
        builder.Property(u => u.DurationStyle).HasConversion<string>().HasMaxLength(16);
        builder.Property(u => u.Culture).HasMaxLength(16);
        builder.Property(u => u.BrowserCulture).HasMaxLength(16);
    }
}
