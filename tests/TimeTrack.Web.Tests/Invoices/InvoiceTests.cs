using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using TimeTrack.Domain.Billing;
using TimeTrack.Web.Data;
using TimeTrack.Web.Disclosure;
using TimeTrack.Web.Features.Invoices;
using TimeTrack.Web.Tests.Infrastructure;
using TimeTrack.Web.Tests.Isolation;
using TimeTrack.Web.Tests.Reports;
using TimeTrack.Web.Tracking;

namespace TimeTrack.Web.Tests.Invoices;

/// <summary>Invoices end to end: from released billing figures to a numbered, locked, client-ready PDF, and back by voiding.</summary>
public sealed class InvoiceTests(InvoiceFactory factory) : IClassFixture<InvoiceFactory>
{
    private const string Admin = "admin@acme.test";

    private static readonly decimal[] OctoberRates = [100m, 120.50m];

    [Fact]
    public async Task An_issued_invoice_matches_the_billing_figures_prints_both_parties_and_locks_its_entries_until_voided()
    {
        var admin = await factory.CallerAsync(Admin);

        // A draft through the form: Initech, October, by project.
        var created = await admin.Browser.SubmitAsync("/acme/invoices/new", "/acme/invoices", new Dictionary<string, string>
        {
            ["Invoice.ClientId"] = factory.InitechId.ToString(),
            ["Invoice.FirstMonth"] = "2026-10",
            ["Invoice.LastMonth"] = "2026-10",
            ["Invoice.Grouping"] = "Project",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var page = created.Headers.Location!.OriginalString;
        var id = Guid.Parse(page.Split('/')[^1]);

        // A second invoice for the same client and month is refused while the first is not void.
        var second = await admin.Browser.SubmitAsync("/acme/invoices/new", "/acme/invoices", new Dictionary<string, string>
        {
            ["Invoice.ClientId"] = factory.InitechId.ToString(),
            ["Invoice.FirstMonth"] = "2026-09",
            ["Invoice.LastMonth"] = "2026-10",
            ["Invoice.Grouping"] = "Outcome",
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, second.StatusCode);
        Assert.Contains("October 2026 of this client is already on a draft invoice", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The figures are the released month's billing figures for the client.
        var (scope, invoices, looker) = await factory.ServiceAsync(factory.AcmeId, Admin);
        await using (scope)
        {
            var draft = (await invoices.FindAsync(looker, id)).Invoice!;
            var month = Assert.Single(await scope.ServiceProvider.GetRequiredService<MonthReleases>().LoadAsync([InvoiceFactory.October]));
            var billing = MonthFigures.BillingOf(month, WorkItem.Client(factory.InitechId));
            Assert.Equal(billing.Amount, draft.Subtotal);
            Assert.Equal(billing.BillableMs - billing.UnpricedMs, draft.Lines.Sum(l => l.DurationMs));
            Assert.Equal(2, draft.Lines.Count); // 100 an hour before 15 October, 120.50 from then
            Assert.Equal(OctoberRates, draft.Lines.Select(l => l.HourlyRate));
            Assert.Equal(Duration.FromMinutes(150).TotalMilliseconds, draft.Lines[0].DurationMs);
            Assert.All(draft.Lines, l => Assert.Equal(19m, l.TaxRate));
            Assert.Null(draft.Number);
        }

        // Dates, notes and a tax rate per line; then issue.
        var saved = await admin.Browser.SubmitAsync(page, page, new Dictionary<string, string>
        {
            ["Draft.IssueDate"] = "2026-11-25",
            ["Draft.DueDate"] = "2026-12-09",
            ["Draft.Notes"] = "Thank you for your business.",
            ["Draft.TaxRates[0]"] = "19",
            ["Draft.TaxRates[1]"] = "7",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var draftPdf = ReportClient.PdfText(await ReportClient.DownloadAsync(admin.Browser, $"{page}/pdf", "application/pdf"));
        Assert.Contains("DRAFT", draftPdf, StringComparison.Ordinal);
        Assert.DoesNotContain("2026-0", draftPdf, StringComparison.Ordinal);

        var issued = await admin.Browser.SubmitAsync(page, $"{page}/issue", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, issued.StatusCode);

        Invoice invoice;
        await using (var check = factory.Scopes.CreateScope(factory.AcmeId))
        {
            var db = check.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
            invoice = await db.Invoices.AsNoTracking().Include(i => i.Lines).SingleAsync(i => i.Id == id);
            Assert.Equal(InvoiceStatus.Issued, invoice.Status);
            Assert.Matches(@"^2026-\d{4}$", invoice.Number);
            var locked = await db.TimeEntries.AsNoTracking().Where(e => e.InvoiceId == id).CountAsync();
            Assert.Equal(3, locked); // the three billable entries, not Carol's
        }

        // The PDF: number, both parties with addresses and tax numbers, the lines, tax per rate and the total.
        var pdf = ReportClient.PdfText(await ReportClient.DownloadAsync(admin.Browser, $"{page}/pdf", "application/pdf"));
        var lines = invoice.Lines.OrderBy(l => l.Position).ToList();
        var expectedTax19 = Math.Round(lines[0].Amount * 0.19m, 2, MidpointRounding.AwayFromZero);
        var expectedTax7 = Math.Round(lines[1].Amount * 0.07m, 2, MidpointRounding.AwayFromZero);
        var total = lines.Sum(l => l.Amount) + expectedTax19 + expectedTax7;
        foreach (var text in new[]
        {
            invoice.Number!, InvoiceFactory.IssuerName, "Hauptstrasse 1", "10115 Berlin", InvoiceFactory.IssuerTax,
            InvoiceFactory.ClientName, "4120 Freidrich Lane", "Austin TX 78744", InvoiceFactory.ClientTax,
            "Website relaunch", "2.50", "100.00", "250.00", "120.50", InvoiceFactory.October.ToString("MMMM yyyy", null),
            $"Tax 19.00 %", InvoicePdf.Number(expectedTax19), "Tax 7.00 %", InvoicePdf.Number(expectedTax7),
            InvoicePdf.Money(total, "EUR"), "Thank you for your business.", "Payment terms: 14 days", "25 November 2026", "9 December 2026",
        })
        {
            Assert.Contains(text, pdf, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("DRAFT", pdf, StringComparison.Ordinal);
        Assert.Equal(total, invoice.Total);

        // The write path refuses: the service, the API and the time page alike.
        var alice = await factory.CallerAsync("alice@acme.test");
        var refusal = $"This entry is on invoice {invoice.Number}, issued 25 November 2026; it cannot change until the invoice is voided.";
        await using (var tracking = factory.Scopes.CreateScope(factory.AcmeId, alice.UserId))
        {
            var entries = tracking.ServiceProvider.GetRequiredService<TimeEntryService>();
            var entry = await tracking.ServiceProvider.GetRequiredService<TimeTrackDbContext>().TimeEntries.AsNoTracking().SingleAsync(e => e.Id == factory.AliceOctoberEntry);
            var moved = await entries.UpdateAsync(alice.UserId, entry.Id, entry.Version, TimeEntryService.DetailsOf(entry), entry.Start + Duration.FromMinutes(10), entry.End!.Value);
            Assert.Equal(TrackingFailure.Invalid, moved.Failure);
            Assert.Equal(refusal, Assert.Single(moved.Problems).Message);

            var added = await entries.CreateAsync(alice.UserId, TimeEntryService.DetailsOf(entry) with { IsBillable = true }, Instant.FromUtc(2026, 10, 27, 9, 0), Instant.FromUtc(2026, 10, 27, 10, 0), Domain.Work.EntrySource.Manual);
            Assert.Equal(TrackingFailure.Invalid, added.Failure);
            Assert.Contains(added.Problems, p => p.Message.StartsWith($"October 2026 of this client is on invoice {invoice.Number}", StringComparison.Ordinal));

            var request = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/entries/{entry.Id}");
            request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{entry.Version}\""));
            var deleted = await alice.Api.SendAsync(request);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, deleted.StatusCode);
            Assert.Contains($"invoice {invoice.Number}", await deleted.Content.ReadAsStringAsync(), StringComparison.Ordinal);

            var onPage = await alice.Browser.SubmitAsync("/acme/time?week=2026-10-05", $"/acme/time/entries/{entry.Id}/delete", new Dictionary<string, string>
            {
                ["version"] = entry.Version.ToString(CultureInfo.InvariantCulture),
            });
            Assert.Equal(HttpStatusCode.UnprocessableEntity, onPage.StatusCode);
            Assert.Contains(refusal, WebUtility.HtmlDecode(await onPage.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }

        // Voiding needs a reason; without one nothing changes.
        var noReason = await admin.Browser.SubmitAsync(page, $"{page}/void", new Dictionary<string, string> { ["Void.Reason"] = " " });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noReason.StatusCode);
        Assert.Contains("Say why the invoice is void", await noReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Nor without the ticked box: voiding cannot be undone. The typed reason stays in the form.
        var unconfirmed = await admin.Browser.SubmitAsync(page, $"{page}/void", new Dictionary<string, string> { ["Void.Reason"] = "Wrong rate agreed" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unconfirmed.StatusCode);
        var unconfirmedPage = await Forms.ParseAsync(unconfirmed);
        Assert.Equal(VoidForm.VoidNeedsConfirmation, unconfirmedPage.QuerySelector("#Void_Confirm-error")?.TextContent);
        Assert.Equal("Wrong rate agreed", unconfirmedPage.QuerySelector("#Void_Reason")?.GetAttribute("value"));

        var voided = await admin.Browser.SubmitAsync(page, $"{page}/void", new Dictionary<string, string> { ["Void.Reason"] = "Wrong rate agreed", ["Void.Confirm"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, voided.StatusCode);
        await using (var check = factory.Scopes.CreateScope(factory.AcmeId, alice.UserId))
        {
            var db = check.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
            var after = await db.Invoices.AsNoTracking().SingleAsync(i => i.Id == id);
            Assert.Equal(InvoiceStatus.Void, after.Status);
            Assert.Equal(invoice.Number, after.Number);
            Assert.Equal("Wrong rate agreed", after.VoidReason);
            Assert.NotNull(after.VoidedAt);
            Assert.Equal(0, await db.TimeEntries.CountAsync(e => e.InvoiceId == id));

            // The entries accept edits again.
            var entries = check.ServiceProvider.GetRequiredService<TimeEntryService>();
            var entry = await db.TimeEntries.AsNoTracking().SingleAsync(e => e.Id == factory.AliceOctoberEntry);
            var moved = await entries.UpdateAsync(alice.UserId, entry.Id, entry.Version, TimeEntryService.DetailsOf(entry), entry.Start + Duration.FromMinutes(10), entry.End!.Value);
            Assert.True(moved.Succeeded, string.Join("; ", moved.Problems.Select(p => p.Message)));
        }
    }

    [Fact]
    public async Task A_draft_is_discarded_only_with_the_box_ticked()
    {
        var admin = await factory.CallerAsync(Admin);
        Guid id;
        var (scope, invoices, looker) = await factory.ServiceAsync(factory.AcmeId, Admin);
        await using (scope)
        {
            var draft = await invoices.CreateDraftAsync(looker, factory.SeptemberClients[4], InvoiceFactory.September, InvoiceFactory.September, InvoiceGrouping.Project);
            Assert.True(draft.Succeeded, string.Join("; ", draft.Problems.Select(p => p.Message)));
            id = draft.Invoice!.Id;
        }

        var page = $"/acme/invoices/{id}";
        Assert.NotNull((await admin.Browser.GetDocumentAsync(page)).QuerySelector($"form[action='{page}/discard'] input[type=checkbox][name=confirm][required]"));
        var unconfirmed = await admin.Browser.SubmitAsync(page, $"{page}/discard", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, unconfirmed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.Browser.GetAsync(page)).StatusCode);

        var discarded = await admin.Browser.SubmitAsync(page, $"{page}/discard", new Dictionary<string, string> { ["confirm"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, discarded.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Browser.GetAsync(page)).StatusCode);
    }

    [Fact]
    public async Task Issuing_drafts_at_once_numbers_them_without_gaps_or_duplicates()
    {
        var drafts = new List<Guid>();
        var (scope, invoices, looker) = await factory.ServiceAsync(factory.AcmeId, Admin);
        await using (scope)
        {
            foreach (var client in factory.SeptemberClients.Take(4))
            {
                var result = await invoices.CreateDraftAsync(looker, client, InvoiceFactory.September, InvoiceFactory.September, InvoiceGrouping.Project);
                Assert.True(result.Succeeded, string.Join("; ", result.Problems.Select(p => p.Message)));
                drafts.Add(result.Invoice!.Id);
            }
        }

        var issued = await Task.WhenAll(drafts.Select(async id =>
        {
            var (own, service, viewer) = await factory.ServiceAsync(factory.AcmeId, Admin);
            await using (own)
            {
                return await service.IssueAsync(viewer, id);
            }
        }));
        Assert.All(issued, r => Assert.True(r.Succeeded, string.Join("; ", r.Problems.Select(p => p.Message))));

        await using var check = factory.Scopes.CreateScope(factory.AcmeId);
        var numbers = await check.ServiceProvider.GetRequiredService<TimeTrackDbContext>().Invoices.AsNoTracking()
            .Where(i => i.NumberYear == 2026).Select(i => i.NumberSequence!.Value).OrderBy(n => n).ToListAsync();
        Assert.Equal(Enumerable.Range(1, numbers.Count), numbers);
        Assert.True(numbers.Count >= drafts.Count);
    }

    [Fact]
    public async Task Each_organization_numbers_from_one_and_cannot_reach_the_others_invoices()
    {
        var (scope, invoices, looker) = await factory.ServiceAsync(factory.GlobexId, "owner@globex.test");
        Guid globexInvoice;
        await using (scope)
        {
            var draft = await invoices.CreateDraftAsync(looker, factory.UmbrellaId, InvoiceFactory.October, InvoiceFactory.October, InvoiceGrouping.Outcome);
            Assert.True(draft.Succeeded, string.Join("; ", draft.Problems.Select(p => p.Message)));
            var issued = await invoices.IssueAsync(looker, draft.Invoice!.Id);
            Assert.True(issued.Succeeded, string.Join("; ", issued.Problems.Select(p => p.Message)));
            Assert.Equal("2026-0001", issued.Invoice!.Number);
            Assert.Equal(160m, issued.Invoice.Subtotal);
            globexInvoice = issued.Invoice.Id;
        }

        // Acme's own numbering starts at one too, whatever globex issued.
        var (acmeScope, acmeInvoices, acmeLooker) = await factory.ServiceAsync(factory.AcmeId, Admin);
        Guid acmeInvoice;
        var ownClient = factory.SeptemberClients[^1];
        await using (acmeScope)
        {
            var draft = await acmeInvoices.CreateDraftAsync(acmeLooker, ownClient, InvoiceFactory.September, InvoiceFactory.September, InvoiceGrouping.Project);
            acmeInvoice = draft.Invoice?.Id
                ?? (await acmeScope.ServiceProvider.GetRequiredService<TimeTrackDbContext>().Invoices.AsNoTracking().FirstAsync(i => i.ClientId == ownClient)).Id;
            if (draft.Succeeded)
            {
                Assert.True((await acmeInvoices.IssueAsync(acmeLooker, acmeInvoice)).Succeeded);
            }

            var first = await acmeScope.ServiceProvider.GetRequiredService<TimeTrackDbContext>().Invoices.AsNoTracking()
                .Where(i => i.NumberYear == 2026).MinAsync(i => i.NumberSequence);
            Assert.Equal(1, first);
        }

        var admin = await factory.CallerAsync(Admin);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Browser.GetAsync($"/acme/invoices/{globexInvoice}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Browser.GetAsync($"/acme/invoices/{globexInvoice}/pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.Browser.GetAsync($"/acme/invoices/{acmeInvoice}")).StatusCode);
    }

    [Fact]
    public async Task Someone_the_policy_gives_no_billing_figures_gets_403_and_no_link()
    {
        var manager = await factory.CallerAsync("manager@acme.test");
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.Browser.GetAsync("/acme/invoices")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.Browser.GetAsync("/acme/invoices/new")).StatusCode);
        var home = await manager.Browser.GetDocumentAsync("/acme/reports");
        Assert.Null(home.QuerySelector("nav.main-nav a[href='/acme/invoices']"));

        var admin = await factory.CallerAsync(Admin);
        var adminHome = await admin.Browser.GetDocumentAsync("/acme/reports");
        Assert.NotNull(adminHome.QuerySelector("nav.main-nav a[href='/acme/invoices']"));

        var (scope, invoices, looker) = await factory.ServiceAsync(factory.AcmeId, "manager@acme.test");
        await using (scope)
        {
            var refused = await invoices.CreateDraftAsync(looker, factory.InitechId, InvoiceFactory.October, InvoiceFactory.October, InvoiceGrouping.Project);
            Assert.Equal(InvoiceFailure.Forbidden, refused.Failure);
        }
    }

    [Fact]
    public async Task A_month_not_yet_released_cannot_be_invoiced_and_the_form_says_why()
    {
        var admin = await factory.CallerAsync(Admin);
        var response = await admin.Browser.SubmitAsync("/acme/invoices/new", "/acme/invoices", new Dictionary<string, string>
        {
            ["Invoice.ClientId"] = factory.InitechId.ToString(),
            ["Invoice.FirstMonth"] = "2026-11",
            ["Invoice.LastMonth"] = "2026-11",
            ["Invoice.Grouping"] = "Project",
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var document = await Forms.ParseAsync(response);
        Assert.Contains("November 2026 is not released yet", document.QuerySelector("#Invoice_LastMonth-error")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("November 2026: not released yet", document.QuerySelector("#month-status")!.TextContent, StringComparison.Ordinal);
    }
}
