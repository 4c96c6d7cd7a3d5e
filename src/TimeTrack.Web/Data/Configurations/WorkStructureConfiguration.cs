using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Work;

namespace TimeTrack.Web.Data.Configurations;

internal sealed class ClientConfiguration : IEntityTypeConfiguration<Client>
{
    public void Configure(EntityTypeBuilder<Client> builder)
    {
        builder.ToTable("clients");
        builder.HasKey(c => new { c.TenantId, c.Id });
        builder.Property(c => c.Name).HasMaxLength(120);
        builder.Property(c => c.BillingAddress).HasMaxLength(500).HasDefaultValue("");
        builder.Property(c => c.TaxNumber).HasMaxLength(60).HasDefaultValue("");
        builder.Property(c => c.BillingEmail).HasMaxLength(254);
        builder.HasIndex(c => new { c.TenantId, c.Name }).IsUnique();
        builder.HasOne<Organization>().WithMany().HasForeignKey(c => c.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WorkTaskConfiguration : IEntityTypeConfiguration<WorkTask>
{
    public void Configure(EntityTypeBuilder<WorkTask> builder)
    {
        builder.ToTable("tasks");
        builder.HasKey(t => new { t.TenantId, t.Id });
        builder.Property(t => t.Name).HasMaxLength(120);
        builder.HasIndex(t => new { t.TenantId, t.ProjectId, t.Name }).IsUnique();
        builder.HasOne<Project>().WithMany()
            .HasForeignKey(t => new { t.TenantId, t.ProjectId })
            .OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TagConfiguration : IEntityTypeConfiguration<Tag>
{
    public void Configure(EntityTypeBuilder<Tag> builder)
    {
        builder.ToTable("tags");
        builder.HasKey(t => new { t.TenantId, t.Id });
        builder.Property(t => t.Name).HasMaxLength(60);
        builder.HasIndex(t => new { t.TenantId, t.Name }).IsUnique();
        builder.HasOne<Organization>().WithMany().HasForeignKey(t => t.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class OutcomeConfiguration : IEntityTypeConfiguration<Outcome>
{
    public void Configure(EntityTypeBuilder<Outcome> builder)
    {
        builder.ToTable("outcomes");
        builder.HasKey(o => new { o.TenantId, o.Id });
        builder.Property(o => o.Name).HasMaxLength(200);
        builder.Property(o => o.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(o => o.PlannedHours).HasPrecision(8, 2);
        builder.HasIndex(o => new { o.TenantId, o.ProjectId, o.Status });
        builder.HasOne<Project>().WithMany()
            .HasForeignKey(o => new { o.TenantId, o.ProjectId })
            .OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Membership>().WithMany()
            .HasForeignKey(o => new { o.TenantId, o.OwnerUserId })
            .HasPrincipalKey(m => new { m.TenantId, m.UserId })
            .OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class LockedPeriodConfiguration : IEntityTypeConfiguration<LockedPeriod>
{
    public void Configure(EntityTypeBuilder<LockedPeriod> builder)
    {
        builder.ToTable("locked_periods");
        builder.HasKey(l => new { l.TenantId, l.Id });
        builder.Property(l => l.Start).HasColumnName("start_at");
        builder.Property(l => l.End).HasColumnName("end_at");
        builder.HasIndex(l => new { l.TenantId, l.UserId, l.WeekStart }).IsUnique();
        builder.HasIndex(l => new { l.TenantId, l.UserId, l.Start });
        builder.HasOne<Membership>().WithMany()
            .HasForeignKey(l => new { l.TenantId, l.UserId })
            .HasPrincipalKey(m => new { m.TenantId, m.UserId })
            .OnDelete(DeleteBehavior.Cascade);
        builder.ToTable(t => t.HasCheckConstraint("ck_locked_periods_end_after_start", "end_at > start_at"));
    }
}

internal sealed class PersonalAccessTokenConfiguration : IEntityTypeConfiguration<PersonalAccessToken>
{
    public void Configure(EntityTypeBuilder<PersonalAccessToken> builder)
    {
        builder.ToTable("personal_access_tokens");
        builder.HasKey(t => new { t.TenantId, t.Id });
        builder.Property(t => t.Name).HasMaxLength(80);
        builder.Property(t => t.Prefix).HasMaxLength(12);
        builder.Property(t => t.TokenHash).HasMaxLength(64);
        builder.HasIndex(t => new { t.TenantId, t.TokenHash }).IsUnique();
        builder.HasIndex(t => new { t.TenantId, t.UserId });
        builder.HasOne<Membership>().WithMany()
            .HasForeignKey(t => new { t.TenantId, t.UserId })
            .HasPrincipalKey(m => new { m.TenantId, m.UserId })
            .OnDelete(DeleteBehavior.Cascade);
    }
}
