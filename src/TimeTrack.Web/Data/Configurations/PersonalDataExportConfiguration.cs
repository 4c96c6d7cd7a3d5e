using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Transparency;

namespace TimeTrack.Web.Data.Configurations;

internal sealed class PersonalDataExportConfiguration : IEntityTypeConfiguration<PersonalDataExport>
{
    public const string OnePreparingIndex = "ux_personal_data_exports_one_preparing";

    public void Configure(EntityTypeBuilder<PersonalDataExport> builder)
    {
        builder.ToTable("personal_data_exports");
        builder.HasKey(e => new { e.TenantId, e.Id });
        builder.Property(e => e.Status).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(e => new { e.TenantId, e.UserId, e.RequestedAt });
        // One request being prepared per person: a second click finds the first.
        builder.HasIndex(e => new { e.TenantId, e.UserId }).IsUnique()
            .HasFilter("status = 'Preparing'").HasDatabaseName(OnePreparingIndex);
        builder.HasIndex(e => new { e.TenantId, e.ExpiresAt });
        // A person who leaves the organization takes their exports with them.
        builder.HasOne<Membership>().WithMany()
            .HasForeignKey(e => new { e.TenantId, e.UserId })
            .HasPrincipalKey(m => new { m.TenantId, m.UserId })
            .OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PersonalDataExportFileConfiguration : IEntityTypeConfiguration<PersonalDataExportFile>
{
    public void Configure(EntityTypeBuilder<PersonalDataExportFile> builder)
    {
        builder.ToTable("personal_data_export_files");
        builder.HasKey(f => new { f.TenantId, f.ExportId });
        builder.HasOne<PersonalDataExport>().WithOne()
            .HasForeignKey<PersonalDataExportFile>(f => new { f.TenantId, f.ExportId })
            .OnDelete(DeleteBehavior.Cascade);
    }
}
