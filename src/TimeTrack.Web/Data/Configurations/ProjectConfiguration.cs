using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Work;

namespace TimeTrack.Web.Data.Configurations;

internal sealed class ProjectConfiguration : IEntityTypeConfiguration<Project>
{
    public void Configure(EntityTypeBuilder<Project> builder)
    {
        builder.ToTable("projects");
        builder.HasKey(p => new { p.TenantId, p.Id });
        builder.Property(p => p.Name).HasMaxLength(120);
        builder.Property(p => p.Color).HasMaxLength(7);
        builder.HasIndex(p => new { p.TenantId, p.Name }).IsUnique();
        builder.HasOne<Organization>().WithMany().HasForeignKey(p => p.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}
