using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Transparency;
using TimeTrack.Domain.Visibility;

namespace TimeTrack.Web.Data.Configurations;

internal sealed class PolicyVersionConfiguration : IEntityTypeConfiguration<PolicyVersion>
{
    public const string OneDraftIndex = "ux_policy_versions_one_draft";

    public void Configure(EntityTypeBuilder<PolicyVersion> builder)
    {
        builder.ToTable("policy_versions");
        builder.HasKey(v => new { v.TenantId, v.Id });
        builder.Property(v => v.Policy)
            .HasColumnName("document")
            .HasColumnType("jsonb")
            .HasConversion(
                policy => PolicyJson.Serialize(policy),
                json => PolicyJson.Deserialize(json),
                new ValueComparer<TransparencyPolicy>(
                    (a, b) => ReferenceEquals(a, b) || (a != null && b != null && PolicyJson.Serialize(a) == PolicyJson.Serialize(b)),
                    policy => PolicyJson.Serialize(policy).GetHashCode(StringComparison.Ordinal),
                    policy => PolicyJson.Deserialize(PolicyJson.Serialize(policy))));
        builder.Property(v => v.Widening)
            .HasColumnName("widening")
            .HasColumnType("jsonb")
            .HasConversion(
                widening => PolicyJson.SerializeWidening(widening),
                json => PolicyJson.DeserializeWidening(json),
                new ValueComparer<PolicyWidening>(
                    (a, b) => Equals(a, b),
                    widening => widening.GetHashCode(),
                    widening => widening));
        builder.Property(v => v.AuthorName).HasMaxLength(200);
        builder.Property(v => v.Reason).HasMaxLength(2000);
        builder.Property(v => v.Changes).HasColumnType("text[]");
        builder.Ignore(v => v.IsDraft);

        builder.HasIndex(v => new { v.TenantId, v.Number }).IsUnique();
        builder.HasIndex(v => v.TenantId).IsUnique().HasFilter("number IS NULL").HasDatabaseName(OneDraftIndex);
        builder.HasOne<Organization>().WithMany().HasForeignKey(v => v.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PolicyAcknowledgementConfiguration : IEntityTypeConfiguration<PolicyAcknowledgement>
{
    public void Configure(EntityTypeBuilder<PolicyAcknowledgement> builder)
    {
        builder.ToTable("policy_acknowledgements");
        builder.HasKey(a => new { a.TenantId, a.PolicyVersionId, a.UserId });
        builder.HasIndex(a => new { a.TenantId, a.UserId });
        builder.HasOne<PolicyVersion>().WithMany()
            .HasForeignKey(a => new { a.TenantId, a.PolicyVersionId })
            .OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Membership>().WithMany()
            .HasForeignKey(a => new { a.TenantId, a.UserId })
            .HasPrincipalKey(m => new { m.TenantId, m.UserId })
            .OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AccessLogEntryConfiguration : IEntityTypeConfiguration<AccessLogEntry>
{
    public void Configure(EntityTypeBuilder<AccessLogEntry> builder)
    {
        // No foreign keys to memberships: the log outlives a membership, and the app role may
        // never delete from it (a cascade would need that).
        builder.ToTable("access_log_entries");
        builder.HasKey(e => new { e.TenantId, e.Id });
        builder.PrimitiveCollection(e => e.Categories).ElementType().HasConversion<string>();
        builder.Property(e => e.Channel).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Resource).HasMaxLength(300);
        builder.HasIndex(e => new { e.TenantId, e.SubjectUserId, e.OccurredAt });
        builder.HasIndex(e => new { e.TenantId, e.ViewerUserId, e.OccurredAt });
    }
}

internal sealed class DataExportConfiguration : IEntityTypeConfiguration<DataExport>
{
    public void Configure(EntityTypeBuilder<DataExport> builder)
    {
        builder.ToTable("data_exports");
        builder.HasKey(e => new { e.TenantId, e.Id });
        builder.Property(e => e.Description).HasMaxLength(300);
        builder.HasIndex(e => new { e.TenantId, e.ViewerUserId, e.CreatedAt });
    }
}

internal sealed class PulseSurveyConfiguration : IEntityTypeConfiguration<PulseSurvey>
{
    public void Configure(EntityTypeBuilder<PulseSurvey> builder)
    {
        builder.ToTable("pulse_surveys");
        builder.HasKey(s => new { s.TenantId, s.Id });
        builder.Property(s => s.Title).HasMaxLength(200);
        builder.Property(s => s.Introduction).HasMaxLength(2000);
        builder.HasIndex(s => new { s.TenantId, s.OpenedAt });
        builder.HasMany(s => s.Questions).WithOne()
            .HasForeignKey(q => new { q.TenantId, q.SurveyId })
            .OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Organization>().WithMany().HasForeignKey(s => s.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PulseQuestionConfiguration : IEntityTypeConfiguration<PulseQuestion>
{
    public void Configure(EntityTypeBuilder<PulseQuestion> builder)
    {
        builder.ToTable("pulse_questions");
        builder.HasKey(q => new { q.TenantId, q.Id });
        builder.Property(q => q.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(q => q.Text).HasMaxLength(500);
        builder.HasIndex(q => new { q.TenantId, q.SurveyId, q.Position }).IsUnique();
    }
}

internal sealed class PulseParticipationConfiguration : IEntityTypeConfiguration<PulseParticipation>
{
    public void Configure(EntityTypeBuilder<PulseParticipation> builder)
    {
        builder.ToTable("pulse_participations");
        builder.HasKey(p => new { p.TenantId, p.SurveyId, p.UserId });
        builder.HasOne<PulseSurvey>().WithMany()
            .HasForeignKey(p => new { p.TenantId, p.SurveyId })
            .OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Membership>().WithMany()
            .HasForeignKey(p => new { p.TenantId, p.UserId })
            .HasPrincipalKey(m => new { m.TenantId, m.UserId })
            .OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PulseAnswerConfiguration : IEntityTypeConfiguration<PulseAnswer>
{
    public void Configure(EntityTypeBuilder<PulseAnswer> builder)
    {
        builder.ToTable("pulse_answers", t => t.HasCheckConstraint("ck_pulse_answers_score", "score IS NULL OR score BETWEEN 1 AND 5"));
        builder.HasKey(a => new { a.TenantId, a.Id });
        builder.Property(a => a.Text).HasMaxLength(2000);
        builder.HasIndex(a => new { a.TenantId, a.SurveyId, a.QuestionId });
        builder.HasOne<PulseSurvey>().WithMany()
            .HasForeignKey(a => new { a.TenantId, a.SurveyId })
            .OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<PulseQuestion>().WithMany()
            .HasForeignKey(a => new { a.TenantId, a.QuestionId })
            .OnDelete(DeleteBehavior.Restrict);
    }
}
