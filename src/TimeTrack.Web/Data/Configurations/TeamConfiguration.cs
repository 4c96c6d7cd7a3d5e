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
        builder.Property(t => t.Name).HasMaxLength(Team.MaxNameLength);

        // Names are unique among the active teams; an archived team keeps its name, and a new team may take it.
        builder.HasIndex(t => new { t.TenantId, t.Name }).IsUnique().HasFilter("archived_at IS NULL");
        builder.HasOne<Organization>().WithMany().HasForeignKey(t => t.TenantId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(t => t.Members).WithOne()
            .HasForeignKey(tm => new { tm.TenantId, tm.TeamId })
            .OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(t => t.Managers).WithOne()
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

internal sealed class TeamManagerConfiguration : IEntityTypeConfiguration<TeamManager>
{
    public void Configure(EntityTypeBuilder<TeamManager> builder)
    {
        builder.ToTable("team_managers");
        builder.HasKey(tm => new { tm.TenantId, tm.TeamId, tm.UserId });

        // "Whom does this person manage?" is asked on every request that reads someone's data.
        builder.HasIndex(tm => new { tm.TenantId, tm.UserId });

        // A manager must be a member of the same organization: the composite key makes that structural.
        builder.HasOne<Membership>().WithMany()
            .HasForeignKey(tm => new { tm.TenantId, tm.UserId })
            .HasPrincipalKey(m => new { m.TenantId, m.UserId })
            .OnDelete(DeleteBehavior.Cascade);
    }
}
