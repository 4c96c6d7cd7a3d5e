using System.Globalization;
using NodaTime;
using TimeTrack.Domain.Visibility;
using TimeTrack.Web.Reports;

namespace TimeTrack.Web.Tests.Reports;

/// <summary>
/// The XLSX download as a spreadsheet program reads it: valid Open XML (<see cref="XlsxSheet.ReadValid"/>
/// runs the SDK's schema validator first and fails with each error's description and path), a title and a period above the headings, column widths, and hours and amounts as numbers
/// with two decimals — except where the report says in words why a figure is missing.
/// </summary>
public sealed class ReportXlsxTests
{
    private static readonly LocalDate From = new(2026, 11, 16);
    private static readonly LocalDate To = new(2026, 11, 22);

    public static TheoryData<ReportGrouping> Groupings() => [.. Enum.GetValues<ReportGrouping>()];

    [Theory]
    [MemberData(nameof(Groupings))]
    public void Each_grouping_gives_a_valid_sheet_with_the_title_the_period_widths_and_figures_as_numbers(ReportGrouping grouping)
    {
        ReportRow[] rows =
        [
            new(Guid.NewGuid(), "Internal tools", 45_000, 1, 0, BillableSeconds: 13_248, Amount: 1_635.48m, UnpricedSeconds: 1_800),
            new(Guid.NewGuid(), "Website relaunch", 36_000, 1, 0, BillableSeconds: 36_000, Amount: 4_500m),
        ];
        var total = new ReportRow(null, "Total", 81_000, 1, 0, BillableSeconds: 49_248, Amount: 6_135.48m, UnpricedSeconds: 1_800);
        var report = Build(grouping, rows, total, TransparencyPolicy.Default, ["Person: Alice Anders"]);

        var sheet = XlsxSheet.ReadValid(ReportExports.Xlsx(report));

        Assert.Equal("Acme — Time report, 16 Nov 2026 – 22 Nov 2026", sheet.Cell("A", 1)?.Text);
        Assert.Equal($"16 Nov 2026 – 22 Nov 2026 · By {Report.GroupLabel(grouping).ToLowerInvariant()} · Person: Alice Anders", sheet.Cell("A", 2)?.Text);
        Assert.Equal([Report.GroupLabel(grouping), "Hours", "Billable hours", "Amount (EUR)", "Billable hours without a rate"], sheet.Headings);
        Assert.Equal(XlsxSheet.HeadingRow, sheet.FrozenRows);
        Assert.All(Enumerable.Range(1, 5), column => Assert.Contains(sheet.Widths, w => w.Min <= column && column <= w.Max && w.Width >= 10));

        Assert.Equal(["Internal tools", "Website relaunch", "Total"], sheet.Body.Select(r => r[Report.GroupLabel(grouping)]));
        foreach (var (line, row) in report.Rows.Append(report.Total).Select((line, i) => (line, XlsxSheet.HeadingRow + 1 + i)))
        {
            AssertHours(line.Hours, sheet.Cell("B", row));
            AssertHours(line.BillableHours, sheet.Cell("C", row));
            AssertAmount(line.Amount, sheet.Cell("D", row));
            AssertHours(Report.Hours(line.Unpriced), sheet.Cell("E", row));
        }

        // 13,248 s is 3.68 h: the figure the conformance matrix looks for in every format.
        Assert.Equal(3.68, sheet.Cell("C", 4)?.Number);
        Assert.Contains(" 3.68 ", ReportClient.XlsxText(ReportExports.Xlsx(report)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_group_below_the_minimum_size_and_so_the_total_say_suppressed_in_words()
    {
        var policy = TransparencyPolicy.Default.With(TransparencyPolicy.Default.Settings with { MinimumGroupSize = 5 });
        ReportRow[] rows =
        [
            new(Guid.NewGuid(), "Internal tools", 45_000, 1, 0, BillableSeconds: 45_000, Amount: 100m),
            new(Guid.NewGuid(), "Website relaunch", 36_000, 3, 2, BillableSeconds: 36_000, Amount: 200m),
        ];
        var report = Build(ReportGrouping.Project, rows, new ReportRow(null, "Total", 81_000, 3, 2, BillableSeconds: 81_000, Amount: 300m), policy, []);
        Assert.True(report.Rows[1].IsSuppressed);

        var sheet = XlsxSheet.ReadValid(ReportExports.Xlsx(report));

        AssertHours("12.50", sheet.Cell("B", 4));
        foreach (var row in new[] { 5, 6 })
        {
            foreach (var column in new[] { "B", "C", "D" })
            {
                var cell = sheet.Cell(column, row);
                Assert.NotNull(cell);
                Assert.False(cell.IsNumber, $"{column}{row} is a number");
                Assert.Equal(Report.SuppressedText, cell.Text);
            }

            Assert.Null(sheet.Cell("E", row));
        }

        Assert.Equal("16 Nov 2026 – 22 Nov 2026 · By project", sheet.Cell("A", 2)?.Text);
        Assert.Equal([12.5, 12.5, 100, 0], Numbers(sheet));
    }

    [Fact]
    public void An_amount_the_policy_withholds_stays_the_sentence_that_says_so_and_the_hours_stay_numbers()
    {
        ReportRow[] rows =
        [
            new(Guid.NewGuid(), "Internal tools", 45_000, 1, 0, BillableSeconds: 45_000, Amount: 1_250m),
            new(Guid.NewGuid(), "Mobile app", 3_600, 1, 0, BillableSeconds: 3_600, Amount: 100m, RatesHiddenPeople: 1),
        ];
        var report = Build(ReportGrouping.Project, rows, new ReportRow(null, "Total", 48_600, 1, 0, BillableSeconds: 48_600, Amount: 1_350m, RatesHiddenPeople: 1), TransparencyPolicy.Default, []);
        Assert.True(report.Rows[1].AmountWithheld);

        var sheet = XlsxSheet.ReadValid(ReportExports.Xlsx(report));

        AssertAmount(1_250m, sheet.Cell("D", 4));
        AssertHours("0.00", sheet.Cell("E", 4));
        foreach (var row in new[] { 5, 6 })
        {
            AssertHours(row == 5 ? "1.00" : "13.50", sheet.Cell("B", row));
            Assert.Equal(Report.AmountWithheldText, sheet.Cell("D", row)?.Text);
            Assert.False(sheet.Cell("D", row)?.IsNumber);
            Assert.Null(sheet.Cell("E", row));
        }

        Assert.Equal([12.5, 12.5, 1250, 0, 1, 1, 13.5, 13.5], Numbers(sheet));
    }

    [Fact]
    public void Group_figures_without_billable_hours_leave_those_cells_empty_and_an_empty_report_has_its_total()
    {
        var period = new ReportPeriod(From, To, DateTimeZone.Utc);
        var groups = new Report("Acme", period, ReportGrouping.Project, ["Team: Platform"], [new ReportLineView(Guid.NewGuid(), "Internal tools", Duration.FromMinutes(221))], new ReportLineView(null, "Total", Duration.FromMinutes(221)), 3, [])
        {
            Scope = ReportScope.Groups,
        };
        var empty = new Report("Acme", period, ReportGrouping.Client, [], [], new ReportLineView(null, "Total", Duration.Zero), 3, []);

        var sheet = XlsxSheet.ReadValid(ReportExports.Xlsx(groups));
        var nothing = XlsxSheet.ReadValid(ReportExports.Xlsx(empty));

        AssertHours("3.68", sheet.Cell("B", 4));
        AssertHours("3.68", sheet.Cell("B", 5));
        Assert.Null(sheet.Cell("C", 4));
        Assert.Null(sheet.Cell("D", 4));
        Assert.Null(sheet.Cell("E", 4));
        Assert.Equal("Amount", sheet.Headings[3]);
        Assert.Equal("16 Nov 2026 – 22 Nov 2026 · By project · Team: Platform", sheet.Cell("A", 2)?.Text);
        var total = Assert.Single(nothing.Body);
        Assert.Equal("Total", total["Client"]);
        Assert.Equal(0.0, total["Hours"]);
    }

    [Fact]
    public void An_invoice_summary_is_titled_for_its_client_and_text_is_kept_as_written()
    {
        var filter = new ReportFilter(From, To, ReportGrouping.Project);
        var row = new ReportRow(Guid.NewGuid(), "  <Relaunch> & \"Co\" ", 36_000, 1, 0, BillableSeconds: 36_000, Amount: 1_000m);
        var report = Report.Build("Acme & Sons", new ReportPeriod(From, To, DateTimeZone.Utc), filter, ["Client: Northwind"], TransparencyPolicy.Default, [row], row with { Key = null, Label = "Total" }, client: "Northwind", currency: "EUR");

        var sheet = XlsxSheet.ReadValid(ReportExports.Xlsx(report));

        Assert.Equal("Acme & Sons — Invoice summary for Northwind, 16 Nov 2026 – 22 Nov 2026", sheet.Cell("A", 1)?.Text);
        Assert.Equal("  <Relaunch> & \"Co\" ", sheet.Cell("A", 4)?.Text);
        AssertAmount(1_000m, sheet.Cell("D", 5));
    }

    private static Report Build(ReportGrouping grouping, IReadOnlyList<ReportRow> rows, ReportRow total, TransparencyPolicy policy, IReadOnlyList<string> filters) =>
        Report.Build("Acme", new ReportPeriod(From, To, DateTimeZone.Utc), new ReportFilter(From, To, grouping), filters, policy, rows, total, currency: "EUR");

    private static double[] Numbers(XlsxSheet sheet) => [.. sheet.Rows.SelectMany(r => r).Where(c => c.IsNumber).Select(c => c.Number)];

    /// <summary>A number cell (no type, or type n) formatted 0.00, worth what the report shows.</summary>
    private static void AssertHours(string shown, XlsxCell? cell)
    {
        Assert.NotNull(cell);
        Assert.True(cell.IsNumber, $"{cell.Column}{cell.Row} is text: {cell.Text}");
        Assert.Equal(2u, cell.NumberFormatId);
        Assert.Equal(decimal.Parse(shown, CultureInfo.InvariantCulture), decimal.Parse(cell.Text, CultureInfo.InvariantCulture));
    }

    /// <summary>A number cell formatted #,##0.00, worth the report's amount.</summary>
    private static void AssertAmount(decimal? amount, XlsxCell? cell)
    {
        Assert.NotNull(amount);
        Assert.NotNull(cell);
        Assert.True(cell.IsNumber, $"{cell.Column}{cell.Row} is text: {cell.Text}");
        Assert.Equal(4u, cell.NumberFormatId);
        Assert.Equal(amount, decimal.Parse(cell.Text, CultureInfo.InvariantCulture));
    }
}
