using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TimeTrack.Domain.Billing;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Work;

namespace TimeTrack.Web.Data.Configurations;

internal sealed class InvoiceConfiguration : IEntityTypeConfiguration<Invoice>
{
    public const string NumberIndex = "ux_invoices_number";

    public void Configure(EntityTypeBuilder<Invoice> builder)
    {
        builder.ToTable("invoices", t =>
        {
            t.HasCheckConstraint("ck_invoices_months_in_order", "last_month >= first_month");
            t.HasCheckConstraint("ck_invoices_number_unless_draft", "(status = 'Draft') = (number IS NULL)");
            t.HasCheckConstraint("ck_invoices_void_has_reason", "status <> 'Void' OR (void_reason IS NOT NULL AND void_reason <> '')");
        });
        builder.HasKey(i => new { i.TenantId, i.Id });
        builder.Property(i => i.Grouping).HasConversion<string>().HasMaxLength(16);
        builder.Property(i => i.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(i => i.Currency).HasMaxLength(3);
        builder.Property(i => i.Number).HasMaxLength(16);
        builder.Property(i => i.Notes).HasMaxLength(2000);
        builder.Property(i => i.IssuerName).HasMaxLength(200);
        builder.Property(i => i.IssuerAddress).HasMaxLength(500);
        builder.Property(i => i.IssuerTaxNumber).HasMaxLength(60);
        builder.Property(i => i.ClientName).HasMaxLength(200);
        builder.Property(i => i.ClientAddress).HasMaxLength(500);
        builder.Property(i => i.ClientTaxNumber).HasMaxLength(60);
        builder.Property(i => i.VoidReason).HasMaxLength(500);
        builder.Ignore(i => i.Months);
        builder.Ignore(i => i.PeriodLabel);
        builder.Ignore(i => i.Subtotal);
        builder.Ignore(i => i.Taxes);
        builder.Ignore(i => i.Total);
        builder.Ignore(i => i.IsDraft);
        builder.Ignore(i => i.HoldsItsMonths);
        builder.HasIndex(i => new { i.TenantId, i.Number }).IsUnique().HasDatabaseName(NumberIndex);
        builder.HasIndex(i => new { i.TenantId, i.NumberYear, i.NumberSequence }).IsUnique();
        builder.HasIndex(i => new { i.TenantId, i.ClientId, i.FirstMonth });
        builder.HasOne<Client>().WithMany()
            .HasForeignKey(i => new { i.TenantId, i.ClientId })
            .OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(i => i.Lines).WithOne()
            .HasForeignKey(l => new { l.TenantId, l.InvoiceId })
            .OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class InvoiceLineConfiguration : IEntityTypeConfiguration<InvoiceLine>
{
    public void Configure(EntityTypeBuilder<InvoiceLine> builder)
    {
        builder.ToTable("invoice_lines", t => t.HasCheckConstraint("ck_invoice_lines_tax_rate", "tax_rate >= 0 AND tax_rate <= 100"));
        builder.HasKey(l => new { l.TenantId, l.InvoiceId, l.Position });
        builder.Property(l => l.Description).HasMaxLength(500);
        builder.Property(l => l.HourlyRate).HasPrecision(12, 2);
        builder.Property(l => l.Amount).HasPrecision(14, 2);
        builder.Property(l => l.TaxRate).HasPrecision(5, 2);
        builder.Ignore(l => l.Hours);
    }
}

internal sealed class InvoiceMonthConfiguration : IEntityTypeConfiguration<InvoiceMonth>
{
    public const string Key = "pk_invoice_months";

    public void Configure(EntityTypeBuilder<InvoiceMonth> builder)
    {
        builder.ToTable("invoice_months");
        builder.HasKey(m => new { m.TenantId, m.ClientId, m.Month }).HasName(Key);
        builder.HasIndex(m => new { m.TenantId, m.InvoiceId });
        builder.HasOne<Invoice>().WithMany()
            .HasForeignKey(m => new { m.TenantId, m.InvoiceId })
            .OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class InvoiceCounterConfiguration : IEntityTypeConfiguration<InvoiceCounter>
{
    public void Configure(EntityTypeBuilder<InvoiceCounter> builder)
    {
        builder.ToTable("invoice_counters", t => t.HasCheckConstraint("ck_invoice_counters_positive", "last_number > 0"));
        builder.HasKey(c => new { c.TenantId, c.Year });
        builder.HasOne<Organization>().WithMany().HasForeignKey(c => c.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class BillingProfileConfiguration : IEntityTypeConfiguration<BillingProfile>
{
    public void Configure(EntityTypeBuilder<BillingProfile> builder)
    {
        builder.ToTable("billing_profiles", t => t.HasCheckConstraint("ck_billing_profiles_terms", "payment_terms_days >= 0 AND payment_terms_days <= 365"));
        builder.HasKey(p => p.TenantId);
        builder.Property(p => p.LegalName).HasMaxLength(200);
        builder.Property(p => p.Address).HasMaxLength(500);
        builder.Property(p => p.TaxNumber).HasMaxLength(60);
        builder.Property(p => p.DefaultTaxRate).HasPrecision(5, 2);
        builder.HasOne<Organization>().WithMany().HasForeignKey(p => p.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}
