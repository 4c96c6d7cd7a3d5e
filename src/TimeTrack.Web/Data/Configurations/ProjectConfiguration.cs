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
        builder.HasOne<Client>().WithMany()
            .HasForeignKey(p => new { p.TenantId, p.ClientId })
            .HasPrincipalKey(c => new { c.TenantId, c.Id })
            .OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(p => new { p.TenantId, p.ClientId });
        builder.HasMany(p => p.Members).WithOne()
            .HasForeignKey(m => new { m.TenantId, m.ProjectId })
            .OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProjectMemberConfiguration : IEntityTypeConfiguration<ProjectMember>
{
    public void Configure(EntityTypeBuilder<ProjectMember> builder)
    {
        builder.ToTable("project_members");
        builder.HasKey(m => new { m.TenantId, m.ProjectId, m.UserId });
        builder.HasIndex(m => new { m.TenantId, m.UserId });
        builder.HasOne<Membership>().WithMany()
            .HasForeignKey(m => new { m.TenantId, m.UserId })
            .HasPrincipalKey(m => new { m.TenantId, m.UserId })
            .OnDelete(DeleteBehavior.Cascade);
    }
}
