using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TimeTrack.Domain.Digests;
using TimeTrack.Domain.Tenancy;

namespace TimeTrack.Web.Data.Configurations;

internal sealed class DigestConfiguration : IEntityTypeConfiguration<Digest>
{
    /// <summary>One digest per person-week, whatever retries or duplicate jobs do.</summary>
    public const string OnePerPersonWeekIndex = "ux_digests_person_week";

    public void Configure(EntityTypeBuilder<Digest> builder)
    {
        builder.ToTable("digests");
        builder.HasKey(d => new { d.TenantId, d.Id });
        builder.Property(d => d.Content)
            .HasColumnType("jsonb")
            .HasConversion(
                content => DigestJson.Serialize(content),
                json => DigestJson.Deserialize(json),
                new ValueComparer<DigestContent>(
                    (a, b) => ReferenceEquals(a, b) || (a != null && b != null && DigestJson.Serialize(a) == DigestJson.Serialize(b)),
                    content => DigestJson.Serialize(content).GetHashCode(StringComparison.Ordinal),
                    content => DigestJson.Deserialize(DigestJson.Serialize(content))));
        builder.Property(d => d.Reflection).HasMaxLength(4000);
        builder.Property(d => d.SupportRequest).HasMaxLength(2000);
        builder.Property(d => d.SupportResponse).HasMaxLength(2000);
        builder.HasIndex(d => new { d.TenantId, d.UserId, d.WeekStart }).IsUnique().HasDatabaseName(OnePerPersonWeekIndex);
        // Managers' list of open support requests.
        builder.HasIndex(d => new { d.TenantId, d.SupportRequestedAt }).HasFilter("support_request IS NOT NULL AND support_acknowledged_at IS NULL");
        builder.HasOne<Membership>().WithMany()
            .HasForeignKey(d => new { d.TenantId, d.UserId })
            .HasPrincipalKey(m => new { m.TenantId, m.UserId })
            .OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class OutgoingEmailConfiguration : IEntityTypeConfiguration<OutgoingEmail>
{
    public void Configure(EntityTypeBuilder<OutgoingEmail> builder)
    {
        builder.ToTable("outgoing_emails");
        builder.HasKey(e => new { e.TenantId, e.Id });
        builder.Property(e => e.Key).HasMaxLength(200);
        builder.Property(e => e.To).HasMaxLength(320);
        builder.Property(e => e.Subject).HasMaxLength(300);
        builder.Property(e => e.LastError).HasMaxLength(1000);
        builder.HasIndex(e => new { e.TenantId, e.Key }).IsUnique();
        // The sender's queue: unsent mail by when it may go.
        builder.HasIndex(e => new { e.TenantId, e.NotBefore }).HasFilter("sent_at IS NULL AND claimed_at IS NULL");
        builder.HasOne<Membership>().WithMany()
            .HasForeignKey(e => new { e.TenantId, e.UserId })
            .HasPrincipalKey(m => new { m.TenantId, m.UserId })
            .OnDelete(DeleteBehavior.Cascade);
    }
}
