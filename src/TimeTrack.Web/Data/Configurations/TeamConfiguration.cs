using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TimeTrack.Domain.Tenancy;

namespace TimeTrack.Web.Data.Configurations;

internal sealed class TeamConfiguration : IEntityTypeConfiguration<Team>
{
    public void Configure(EntityTypeBuilder<Team> builder)
    {
        builder.ToTable("teams");
        builder.HasKey(t => new { t.TenantId, t.Id });
        builder.Property(t => t.Name).HasMaxLength(120);
        builder.HasIndex(t => new { t.TenantId, t.Name }).IsUnique();
        builder.HasOne<Organization>().WithMany().HasForeignKey(t => t.TenantId).OnDelete(DeleteBehavior.Cascade);
        // A manager must be a member of the same organization: the composite key makes that structural.
        builder.HasOne<Membership>().WithMany()
            .HasForeignKey(t => new { t.TenantId, t.ManagerUserId })
            .HasPrincipalKey(m => new { m.TenantId, m.UserId })
            .OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(t => new { t.TenantId, t.ManagerUserId });
        builder.HasMany(t => t.Members).WithOne()
            .HasForeignKey(tm => new { tm.TenantId, tm.TeamId })
            .OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TeamMemberConfiguration : IEntityTypeConfiguration<TeamMember>
{
    public void Configure(EntityTypeBuilder<TeamMember> builder)
    {
        builder.ToTable("team_members");
        builder.HasKey(tm => new { tm.TenantId, tm.TeamId, tm.UserId });
        builder.HasIndex(tm => new { tm.TenantId, tm.UserId });
        builder.HasOne<Membership>().WithMany()
            .HasForeignKey(tm => new { tm.TenantId, tm.UserId })
            .HasPrincipalKey(m => new { m.TenantId, m.UserId })
            .OnDelete(DeleteBehavior.Cascade);
    }
}
