using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Work;

namespace TimeTrack.Web.Data.Configurations;

internal sealed class WeekSubmissionConfiguration : IEntityTypeConfiguration<WeekSubmission>
{
    public void Configure(EntityTypeBuilder<WeekSubmission> builder)
    {
        builder.ToTable("week_submissions");
        builder.HasKey(s => new { s.TenantId, s.Id });
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.Comment).HasMaxLength(2000);
        builder.HasIndex(s => new { s.TenantId, s.UserId, s.WeekStart }).IsUnique();
        builder.HasIndex(s => new { s.TenantId, s.Status, s.WeekStart });
        builder.HasOne<Membership>().WithMany()
            .HasForeignKey(s => new { s.TenantId, s.UserId })
            .HasPrincipalKey(m => new { m.TenantId, m.UserId })
            .OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WeekSubmissionEventConfiguration : IEntityTypeConfiguration<WeekSubmissionEvent>
{
    public void Configure(EntityTypeBuilder<WeekSubmissionEvent> builder)
    {
        builder.ToTable("week_submission_events");
        builder.HasKey(e => new { e.TenantId, e.Id });
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Text).HasMaxLength(2000);
        builder.HasIndex(e => new { e.TenantId, e.SubmissionId, e.OccurredAt });
        builder.HasOne<WeekSubmission>().WithMany()
            .HasForeignKey(e => new { e.TenantId, e.SubmissionId })
            .OnDelete(DeleteBehavior.Cascade);
    }
}
