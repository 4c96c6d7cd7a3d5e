using NodaTime;
using TimeTrack.Domain.Billing;

namespace TimeTrack.Domain.Tests.Billing;

public sealed class InvoiceTests
{
    private static readonly Guid Someone = Guid.Parse("00000000-0000-0000-0000-00000000000a");
    private static readonly Instant At = Instant.FromUtc(2026, 11, 25, 12, 0);

    private static readonly (decimal Rate, decimal Base, decimal Tax)[] ExpectedTaxes = [(0m, 5m, 0m), (7m, 33.33m, 2.33m), (19m, 30.15m, 5.73m)];

    [Fact]
    public void Tax_is_rounded_once_per_rate_and_the_total_adds_it_to_the_subtotal()
    {
        var invoice = Draft((10.05m, 19m), (20.10m, 19m), (33.33m, 7m), (5m, 0m));
        Assert.Equal(68.48m, invoice.Subtotal);
        Assert.Equal(ExpectedTaxes, invoice.Taxes);
        Assert.Equal(68.48m + 2.33m + 5.73m, invoice.Total);
    }

    [Fact]
    public void Issuing_numbers_a_draft_once_and_paid_or_void_record_who_and_when()
    {
        var invoice = Draft((100m, 19m));
        invoice.Issue(2026, 7, Someone, At);
        Assert.Equal("2026-0007", invoice.Number);
        Assert.Equal(InvoiceStatus.Issued, invoice.Status);
        Assert.Throws<InvalidOperationException>(() => invoice.Issue(2026, 8, Someone, At));

        invoice.MarkPaid(Someone, At);
        Assert.Equal((Someone, At), (invoice.PaidByUserId!.Value, invoice.PaidAt!.Value));
        Assert.Throws<ArgumentException>(() => invoice.Void("  ", Someone, At));

        invoice.Void(" Wrong client ", Someone, At);
        Assert.Equal(InvoiceStatus.Void, invoice.Status);
        Assert.Equal("Wrong client", invoice.VoidReason);
        Assert.Equal("2026-0007", invoice.Number);
        Assert.False(invoice.HoldsItsMonths);
    }

    [Fact]
    public void A_draft_cannot_be_paid_or_voided_and_an_empty_one_cannot_be_issued()
    {
        var invoice = Draft();
        Assert.Throws<InvalidOperationException>(() => invoice.MarkPaid(Someone, At));
        Assert.Throws<InvalidOperationException>(() => invoice.Void("Because", Someone, At));
        Assert.Throws<InvalidOperationException>(() => invoice.Issue(2026, 1, Someone, At));
    }

    [Theory]
    [InlineData(2026, 10, 2026, 10, "October 2026")]
    [InlineData(2026, 10, 2026, 12, "October – December 2026")]
    [InlineData(2026, 11, 2027, 1, "November 2026 – January 2027")]
    public void The_period_is_named_by_its_months(int firstYear, int firstMonth, int lastYear, int lastMonth, string expected) =>
        Assert.Equal(expected, Invoice.PeriodOf(new LocalDate(firstYear, firstMonth, 1), new LocalDate(lastYear, lastMonth, 1)));

    private static Invoice Draft(params (decimal Amount, decimal TaxRate)[] lines)
    {
        var invoice = new Invoice { Id = Guid.NewGuid(), FirstMonth = new LocalDate(2026, 10, 1), LastMonth = new LocalDate(2026, 10, 1) };
        for (var i = 0; i < lines.Length; i++)
        {
            invoice.Lines.Add(new InvoiceLine { Position = i + 1, Amount = lines[i].Amount, TaxRate = lines[i].TaxRate, HourlyRate = 100m, DurationMs = 3_600_000 });
        }

        return invoice;
    }
}
