using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TimeTrack.Domain.Imports;
using TimeTrack.Domain.Tenancy;

namespace TimeTrack.Web.Data.Configurations;

internal sealed class ImportBatchConfiguration : IEntityTypeConfiguration<ImportBatch>
{
    public void Configure(EntityTypeBuilder<ImportBatch> builder)
    {
        builder.ToTable("import_batches");
        builder.HasKey(b => new { b.TenantId, b.Id });
        builder.Property(b => b.Scope).HasConversion<string>().HasMaxLength(16);
        builder.Property(b => b.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(b => b.FileName).HasMaxLength(260);
        builder.Property(b => b.Sha256).HasMaxLength(64);
        builder.Property(b => b.FormatName).HasMaxLength(120);
        builder.Property(b => b.Mappings).HasColumnType("jsonb");
        builder.Property(b => b.Message).HasMaxLength(2000);
        // The importer's list of their batches, and the cleanup of abandoned ones.
        builder.HasIndex(b => new { b.TenantId, b.UserId, b.CreatedAt });
        builder.HasOne<Membership>().WithMany()
            .HasForeignKey(b => new { b.TenantId, b.UserId })
            .HasPrincipalKey(m => new { m.TenantId, m.UserId })
            .OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ImportFileChunkConfiguration : IEntityTypeConfiguration<ImportFileChunk>
{
    public void Configure(EntityTypeBuilder<ImportFileChunk> builder)
    {
        builder.ToTable("import_file_chunks");
        builder.HasKey(c => new { c.TenantId, c.BatchId, c.Sequence });
        builder.HasOne<ImportBatch>().WithMany()
            .HasForeignKey(c => new { c.TenantId, c.BatchId })
            .OnDelete(DeleteBehavior.Cascade);
    }
}
