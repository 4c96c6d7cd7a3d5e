using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using TimeTrack.Domain.Transparency;
using TimeTrack.Domain.Visibility;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Data;
using TimeTrack.Web.Features.Admin;
using TimeTrack.Web.Tests.Infrastructure;
using TimeTrack.Web.Tests.Isolation;
using TimeTrack.Web.Tests.Transparency;

namespace TimeTrack.Web.Tests.Admin;

/// <summary>Its own app and database: these tests add rates, change the currency and publish policies.</summary>
public sealed class RatesFactory : PersonDataFactory;

/// <summary>
/// The rates page (<c>/{org}/admin/rates</c>) and the rates a person sees on their transparency page.
/// The clock stands at Wednesday 25 November 2026, so "today" in acme (Europe/Berlin) is that day.
/// Each test puts the policy it needs in force first and uses days of its own, so the tests do not
/// depend on one another's rates.
/// </summary>
public sealed class RatesTests(RatesFactory factory) : IClassFixture<RatesFactory>
{
    private const string Page = "/acme/admin/rates";

    [Fact]
    public async Task An_admin_adds_organization_and_project_rates_and_sees_which_is_in_force_and_which_is_scheduled()
    {
        await factory.PublishAsync(TransparencyPolicy.Default);
        var admin = (await factory.CallerAsync("admin@acme.test")).Browser;
        var website = await ProjectIdAsync("Website relaunch");

        var first = await AddAsync(admin, day: "2026-02-01", amount: "80");
        var notice = (await admin.GetDocumentAsync(Page)).QuerySelector("p.notice")?.TextContent;
        await AddAsync(admin, day: "2026-11-20", amount: "82.5");
        await AddAsync(admin, day: "2027-02-01", amount: "90.00");
        // A decimal comma, as a German or French person types it, reads like a point.
        await AddAsync(admin, project: website, day: "2026-11-25", amount: "100,25");

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(Page, first.Headers.Location?.OriginalString);
        Assert.Equal("Rate added: The organization, from 1 Feb 2026.", notice);
        var page = await admin.GetDocumentAsync(Page);
        var organization = Rows(page, "rates-organization");
        Assert.Equal(["1 Feb 2026", "80.00 EUR", "Superseded"], Cells(organization, "2026-02-01"));
        Assert.Equal(["20 Nov 2026", "82.50 EUR", "In force"], Cells(organization, "2026-11-20"));
        Assert.Equal(["1 Feb 2027", "90.00 EUR", "Scheduled"], Cells(organization, "2027-02-01"));
        // Other tests' organization rates start earlier: this one's is the only one in force.
        Assert.Single(organization, r => r.GetAttribute("data-status") == nameof(RateStatus.InForce));
        var project = Rows(page, "rates-project").Single(r => r.GetAttribute("data-project") == website.ToString() && From(r) == "2026-11-25");
        Assert.Equal(["Website relaunch", "25 Nov 2026", "100.25 EUR", "In force"], Texts(project));

        await using var scope = factory.Scopes.CreateScope(factory.AcmeId);
        var stored = await scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>().Rates.AsNoTracking()
            .SingleAsync(r => r.ProjectId == website && r.UserId == null && r.EffectiveFrom == new LocalDate(2026, 11, 25));
        Assert.Equal(100.25m, stored.HourlyAmount);
        Assert.Equal((await factory.CallerAsync("admin@acme.test")).UserId, stored.SetByUserId);
        Assert.Equal(PersonDataFactory.Now, stored.SetAt);
    }

    [Fact]
    public async Task A_duplicate_or_malformed_rate_is_refused_next_to_its_field_with_the_typed_values_kept()
    {
        await factory.PublishAsync(TransparencyPolicy.Default);
        var admin = (await factory.CallerAsync("admin@acme.test")).Browser;
        var mobile = await ProjectIdAsync("Mobile app");
        Assert.Equal(HttpStatusCode.Redirect, (await AddAsync(admin, project: mobile, day: "2026-04-01", amount: "70")).StatusCode);

        var duplicate = await AddAsync(admin, project: mobile, day: "2026-04-01", amount: "71.50");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, duplicate.StatusCode);
        var page = await Forms.ParseAsync(duplicate);
        Assert.Equal(RatesController.DuplicateRate, page.QuerySelector("#NewRate_EffectiveFrom-error")?.TextContent.Trim());
        Assert.Equal("true", page.QuerySelector("#NewRate_EffectiveFrom")?.GetAttribute("aria-invalid"));
        Assert.Equal("2026-04-01", page.QuerySelector("#NewRate_EffectiveFrom")?.GetAttribute("value"));
        Assert.Equal("71.50", page.QuerySelector("#NewRate_HourlyAmount")?.GetAttribute("value"));
        Assert.Equal(mobile.ToString(), page.QuerySelector("#NewRate_ProjectId option[selected]")?.GetAttribute("value"));
        Assert.Equal(["70.00 EUR"], Rows(page, "rates-project").Where(r => r.GetAttribute("data-project") == mobile.ToString() && From(r) == "2026-04-01").Select(r => r.QuerySelector("td.rate-amount")!.TextContent));

        foreach (var (amount, message) in new[]
        {
            ("1,000", "Write the amount without a thousands separator, such as 1000 or 85,50."),
            ("12,345", "Write the amount without a thousands separator, such as 1000 or 85,50."),
            ("-5", "The hourly amount cannot be negative."),
            ("12.345", "Enter at most two decimals (whole cents)."),
            ("ten", "Enter the hourly amount as a number, such as 85.50."),
            ("10000000000", "The hourly amount is too large."),
            ("", "Enter the hourly amount, such as 85.50."),
        })
        {
            var response = await AddAsync(admin, project: mobile, day: "2026-04-02", amount: amount);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            var form = await Forms.ParseAsync(response);
            Assert.Equal(message, form.QuerySelector("#NewRate_HourlyAmount-error")?.TextContent.Trim());
            Assert.Equal(amount, form.QuerySelector("#NewRate_HourlyAmount")?.GetAttribute("value") ?? "");
        }

        var badDay = await Forms.ParseAsync(await AddAsync(admin, day: "25.11.2026", amount: "10"));
        Assert.Equal("Enter the day as a date, such as 2026-12-01.", badDay.QuerySelector("#NewRate_EffectiveFrom-error")?.TextContent.Trim());

        await using var scope = factory.Scopes.CreateScope(factory.AcmeId);
        Assert.False(await scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>().Rates.AnyAsync(r => r.EffectiveFrom == new LocalDate(2026, 4, 2)));
    }

    [Fact]
    public async Task Employees_and_managers_can_neither_open_the_page_nor_post_to_it()
    {
        foreach (var email in new[] { "alice@acme.test", "manager@acme.test" })
        {
            var client = (await factory.CallerAsync(email)).Browser;

            // As everywhere in the app, a forbidden page sends the person to the access-denied page, which answers 403.
            var response = await client.GetAsync(Page);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/account/access-denied", response.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(response.Headers.Location)).StatusCode);

            var token = (await client.GetDocumentAsync("/acme/settings/working-hours")).AntiforgeryToken();
            foreach (var (url, fields) in new[]
            {
                ("/acme/admin/rates", new Dictionary<string, string> { ["NewRate.EffectiveFrom"] = "2026-05-01", ["NewRate.HourlyAmount"] = "1" }),
                ("/acme/admin/rates/currency", new Dictionary<string, string> { ["Settings.Currency"] = "JPY" }),
            })
            {
                fields[Forms.TokenField] = token;
                var post = await client.PostAsync(url, new FormUrlEncodedContent(fields));
                Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
                Assert.StartsWith("/account/access-denied", post.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
            }
        }

        await using var scope = factory.Scopes.CreateScope(factory.AcmeId);
        var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
        Assert.False(await db.Rates.AnyAsync(r => r.EffectiveFrom == new LocalDate(2026, 5, 1)));
        Assert.NotEqual("JPY", await db.Organizations.Where(o => o.Id == factory.AcmeId).Select(o => o.Currency).SingleAsync());
    }

    [Fact]
    public async Task A_persons_rate_is_hidden_by_the_default_policy_and_shown_and_logged_once_the_policy_grants_admins_their_rates()
    {
        await factory.PublishAsync(TransparencyPolicy.Default);
        var admin = await factory.CallerAsync("admin@acme.test");
        var bob = await factory.Database.UserIdAsync("bob@acme.test");
        var internalTools = await ProjectIdAsync("Internal tools");
        var before = (await factory.AccessLogOfAsync(bob, factory.AcmeId)).Count;

        Assert.Equal(HttpStatusCode.Redirect, (await AddAsync(admin.Browser, person: bob, day: "2026-06-01", amount: "61.00")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await AddAsync(admin.Browser, person: bob, project: internalTools, day: "2026-06-01", amount: "66.00")).StatusCode);
        await admin.Browser.GetDocumentAsync(Page); // the notice of the last addition, which names its day
        var hidden = await admin.Browser.GetDocumentAsync(Page);
        var hiddenHtml = hidden.DocumentElement.OuterHtml;

        Assert.Empty(hidden.QuerySelectorAll($"#rates tr[data-person='{bob}']"));
        var hiddenPerson = Assert.Single(hidden.QuerySelectorAll($"#rates-person li.rate-hidden[data-person='{bob}']"));
        Assert.Contains(RatesController.HiddenText, hiddenPerson.TextContent, StringComparison.Ordinal);
        Assert.Contains("Bob Brown", hiddenPerson.TextContent, StringComparison.Ordinal);
        Assert.Equal($"/acme/admin/rates?userId={bob}#add-rate-heading", hiddenPerson.QuerySelector("a")?.GetAttribute("href"));
        var hiddenOnProject = Assert.Single(hidden.QuerySelectorAll($"#rates-person-project li.rate-hidden[data-person='{bob}']"));
        Assert.Contains("Bob Brown on Internal tools", hiddenOnProject.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("61.00", hiddenHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("66.00", hiddenHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("1 Jun 2026", hiddenHtml, StringComparison.Ordinal);
        Assert.Equal(before, (await factory.AccessLogOfAsync(bob, factory.AcmeId)).Count);

        // The link to set a new rate fills in the person.
        var prefilled = await admin.Browser.GetDocumentAsync($"{Page}?userId={bob}&projectId={internalTools}");
        Assert.Equal(bob.ToString(), prefilled.QuerySelector("#NewRate_UserId option[selected]")?.GetAttribute("value"));
        Assert.Equal(internalTools.ToString(), prefilled.QuerySelector("#NewRate_ProjectId option[selected]")?.GetAttribute("value"));

        // What the admin cannot see, they cannot remove either.
        var hiddenId = await RateIdAsync(bob, null, new LocalDate(2026, 6, 1));
        await AssertRemovalRefusedAsync(admin.Browser, hiddenId);

        await factory.PublishAsync(Grant(TransparencyPolicy.Default, DataCategory.Rates, Audience.OrganizationAdmins, Granularity.IndividualTotals));
        var shown = await admin.Browser.GetDocumentAsync(Page);

        Assert.Empty(shown.QuerySelectorAll($"li.rate-hidden[data-person='{bob}']"));
        var personRow = Assert.Single(shown.QuerySelectorAll($"#rates-person tr[data-person='{bob}']"));
        Assert.Equal(["Bob Brown", "1 Jun 2026", "61.00 EUR", "In force"], Texts(personRow));
        var onProject = Assert.Single(shown.QuerySelectorAll($"#rates-person-project tr[data-person='{bob}']"));
        Assert.Equal(["Bob Brown on Internal tools", "1 Jun 2026", "66.00 EUR", "In force"], Texts(onProject));
        var log = await factory.AccessLogOfAsync(bob, factory.AcmeId);
        var entry = Assert.Single(log.Skip(before));
        Assert.Equal(admin.UserId, entry.ViewerUserId);
        Assert.Equal(AccessChannel.Page, entry.Channel);
        Assert.Equal([DataCategory.Rates], entry.Categories);
        Assert.Equal("Admin › rates", entry.Resource);

        // Now visible, it can be removed.
        var unconfirmed = await admin.Browser.SubmitAsync(Page, $"/acme/admin/rates/{hiddenId}/delete", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, unconfirmed.StatusCode);
        Assert.NotEmpty((await admin.Browser.GetDocumentAsync(Page)).QuerySelectorAll($"#rates-person tr[data-person='{bob}']"));
        var removed = await admin.Browser.SubmitAsync(Page, $"/acme/admin/rates/{hiddenId}/delete", new Dictionary<string, string> { ["confirm"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        var after = await admin.Browser.GetDocumentAsync(Page);
        Assert.Equal("Rate removed: Bob Brown, from 1 Jun 2026.", after.QuerySelector("p.notice")?.TextContent);
        Assert.Empty(after.QuerySelectorAll($"#rates-person tr[data-person='{bob}']"));

        await factory.PublishAsync(TransparencyPolicy.Default);
    }

    [Fact]
    public async Task The_currency_must_be_a_three_letter_code_in_use()
    {
        var admin = (await factory.CallerAsync("admin@acme.test")).Browser;
        try
        {
            foreach (var (typed, message) in new[]
            {
                ("EURO", "Enter a three-letter code, such as EUR or USD."),
                ("XYZ", "XYZ is not a currency code in use; enter one such as EUR or USD."),
                ("", "Enter the three-letter code of a currency, such as EUR or USD."),
            })
            {
                var response = await admin.SubmitAsync(Page, "/acme/admin/rates/currency", new Dictionary<string, string> { ["Settings.Currency"] = typed });
                Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
                var page = await Forms.ParseAsync(response);
                Assert.Equal(message, page.QuerySelector("#Settings_Currency-error")?.TextContent.Trim());
                Assert.Equal(typed, page.QuerySelector("#Settings_Currency")?.GetAttribute("value") ?? "");
                Assert.Equal("EUR", page.QuerySelector("#rates-currency")?.TextContent);
            }

            var saved = await admin.SubmitAsync(Page, "/acme/admin/rates/currency", new Dictionary<string, string> { ["Settings.Currency"] = " chf " });

            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
            var after = await admin.GetDocumentAsync(Page);
            Assert.Equal("CHF", after.QuerySelector("#rates-currency")?.TextContent);
            Assert.Equal("Rates are now in CHF. Amounts were not converted.", after.QuerySelector("p.notice")?.TextContent);
            Assert.All(after.QuerySelectorAll("#rates td.rate-amount"), cell => Assert.EndsWith(" CHF", cell.TextContent, StringComparison.Ordinal));
        }
        finally
        {
            Assert.Equal(HttpStatusCode.Redirect, (await admin.SubmitAsync(Page, "/acme/admin/rates/currency", new Dictionary<string, string> { ["Settings.Currency"] = "EUR" })).StatusCode);
        }
    }

    [Fact]
    public async Task Another_organizations_rates_are_never_shown_removed_or_used()
    {
        await factory.PublishAsync(TransparencyPolicy.Default);
        var admin = (await factory.CallerAsync("admin@acme.test")).Browser;
        var gus = (await factory.CallerAsync("owner@globex.test", "globex")).Browser;
        Guid globexProject;
        Guid globexRate;
        await using (var scope = factory.Scopes.CreateScope(factory.GlobexId))
        {
            var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
            globexProject = await db.Projects.Where(p => p.Name == "Research").Select(p => p.Id).SingleAsync();
            var rate = new Rate { Id = Guid.CreateVersion7(), ProjectId = globexProject, EffectiveFrom = new LocalDate(2026, 1, 1), HourlyAmount = 4321.09m, SetByUserId = await factory.Database.UserIdAsync("owner@globex.test"), SetAt = PersonDataFactory.Now };
            db.Rates.Add(rate);
            await db.SaveChangesAsync();
            globexRate = rate.Id;
        }

        Assert.Equal(HttpStatusCode.Redirect, (await AddAsync(admin, day: "2026-07-01", amount: "1234.56")).StatusCode);

        var acme = (await admin.GetDocumentAsync(Page)).DocumentElement.OuterHtml;
        var globex = (await gus.GetDocumentAsync("/globex/admin/rates")).DocumentElement.OuterHtml;

        Assert.DoesNotContain("4321.09", acme, StringComparison.Ordinal);
        Assert.DoesNotContain(globexRate.ToString(), acme, StringComparison.Ordinal);
        Assert.DoesNotContain("Research", acme, StringComparison.Ordinal);
        Assert.Contains("4321.09 EUR", globex, StringComparison.Ordinal);
        Assert.DoesNotContain("1234.56", globex, StringComparison.Ordinal);
        Assert.DoesNotContain("Alice Anders", globex, StringComparison.Ordinal);

        await AssertRemovalRefusedAsync(admin, globexRate);
        var foreignProject = await AddAsync(admin, project: globexProject, day: "2026-07-02", amount: "1");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, foreignProject.StatusCode);
        Assert.Equal("Choose a project of this organization.", (await Forms.ParseAsync(foreignProject)).QuerySelector("#NewRate_ProjectId-error")?.TextContent.Trim());
        var foreignPerson = await AddAsync(admin, person: await factory.Database.UserIdAsync("dave@globex.test"), day: "2026-07-02", amount: "1");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, foreignPerson.StatusCode);
        Assert.Equal("Choose a member of this organization.", (await Forms.ParseAsync(foreignPerson)).QuerySelector("#NewRate_UserId-error")?.TextContent.Trim());
        // Acme's admin is nobody in globex.
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/globex/admin/rates")).StatusCode);
    }

    [Fact]
    public async Task A_person_sees_the_rates_their_work_is_billed_at_on_their_transparency_page()
    {
        await factory.PublishAsync(TransparencyPolicy.Default);
        var admin = (await factory.CallerAsync("admin@acme.test")).Browser;
        var carol = await factory.CallerAsync("carol@acme.test");
        var mobile = await ProjectIdAsync("Mobile app");
        await AddAsync(admin, person: carol.UserId, project: await ProjectIdAsync("Internal tools"), day: "2026-11-02", amount: "95");
        await AddAsync(admin, person: carol.UserId, day: "2026-08-01", amount: "75");
        await AddAsync(admin, person: carol.UserId, day: "2027-01-01", amount: "99");
        await AddAsync(admin, project: mobile, day: "2026-08-02", amount: "88");

        var page = await carol.Browser.GetDocumentAsync("/acme/transparency");

        Assert.Equal("Your hourly rate(s)", page.QuerySelector("#my-rates-heading")?.TextContent);
        var rows = page.QuerySelectorAll("#my-rates tbody tr").ToDictionary(r => r.QuerySelector("th")!.TextContent, Texts);
        Assert.Equal(["Internal tools", "95.00 EUR", "Your rate on this project", "2 Nov 2026"], rows["Internal tools"]);
        // A project's own rate comes before the person's; where the project has none, hers applies.
        Assert.Equal("The project's rate", rows["Mobile app"][2]);
        Assert.Equal(["Any other project", "75.00 EUR", "Your rate", "1 Aug 2026"], rows["Any other project"]);
        Assert.Contains("Any project: 99.00 EUR from 1 Jan 2027 (your rate).", page.QuerySelector("#my-rates-scheduled")?.TextContent, StringComparison.Ordinal);

        // Nobody else's rate is on her page, and looking at her own leaves no trace in her access log.
        var html = page.DocumentElement.OuterHtml;
        Assert.DoesNotContain("61.00", html, StringComparison.Ordinal);
        Assert.DoesNotContain(await factory.AccessLogOfAsync(carol.UserId, factory.AcmeId), e => e.ViewerUserId == carol.UserId);
    }

    [Fact]
    public async Task Nobody_is_shown_rates_while_the_policy_does_not_track_them()
    {
        var rule = TransparencyPolicy.Default.For(DataCategory.Rates);
        await factory.PublishAsync(TransparencyPolicy.Default.With(rule with { Tracked = false }));
        try
        {
            var carol = await factory.CallerAsync("carol@acme.test");

            var page = await carol.Browser.GetDocumentAsync("/acme/transparency");

            Assert.Null(page.QuerySelector("#my-rates-heading"));
            Assert.NotNull(page.QuerySelector("#policy-categories"));
        }
        finally
        {
            await factory.PublishAsync(TransparencyPolicy.Default);
        }
    }

    private static TransparencyPolicy Grant(TransparencyPolicy policy, DataCategory category, Audience audience, Granularity granularity)
    {
        var rule = policy.For(category);
        var grants = new Dictionary<Audience, Granularity>(rule.Grants) { [audience] = granularity };
        return policy.With(rule with { Grants = grants });
    }

    private static Task<HttpResponseMessage> AddAsync(HttpClient client, string day, string amount, Guid? project = null, Guid? person = null) =>
        client.SubmitAsync(Page, Page, new Dictionary<string, string>
        {
            ["NewRate.ProjectId"] = project?.ToString() ?? "",
            ["NewRate.UserId"] = person?.ToString() ?? "",
            ["NewRate.EffectiveFrom"] = day,
            ["NewRate.HourlyAmount"] = amount,
        });

    /// <summary>Posts a removal of <paramref name="id"/> with a token from the page, and checks it was refused and nothing removed.</summary>
    private async Task AssertRemovalRefusedAsync(HttpClient client, Guid id)
    {
        var token = (await client.GetDocumentAsync(Page)).AntiforgeryToken();
        var response = await client.PostAsync($"/acme/admin/rates/{id}/delete", new FormUrlEncodedContent(new Dictionary<string, string> { [Forms.TokenField] = token, ["confirm"] = "true" }));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await using var superuser = await factory.Database.OpenAsSuperuserAsync();
        Assert.Equal(1L, await superuser.ScalarAsync<long>("SELECT count(*) FROM rates WHERE id = @id", ("id", id)));
    }

    private async Task<Guid> ProjectIdAsync(string name)
    {
        await using var scope = factory.Scopes.CreateScope(factory.AcmeId);
        return await scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>().Projects.Where(p => p.Name == name).Select(p => p.Id).SingleAsync();
    }

    private async Task<Guid> RateIdAsync(Guid? userId, Guid? projectId, LocalDate from)
    {
        await using var scope = factory.Scopes.CreateScope(factory.AcmeId);
        return await scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>().Rates
            .Where(r => r.UserId == userId && r.ProjectId == projectId && r.EffectiveFrom == from)
            .Select(r => r.Id)
            .SingleAsync();
    }

    private static List<IElement> Rows(IHtmlDocument page, string group) =>
        [.. page.QuerySelectorAll($"#{group} tbody tr")];

    private static string From(IElement row) =>
        LocalDateText(row.QuerySelector("td.rate-from")!.TextContent);

    private static string[] Cells(IEnumerable<IElement> rows, string from) =>
        Texts(rows.Single(r => From(r) == from));

    /// <summary>The row's cells, without the action column.</summary>
    private static string[] Texts(IElement row) =>
        [.. row.Children.Where(c => !c.ClassList.Contains("row-actions")).Select(c => c.TextContent.Trim())];

    private static string LocalDateText(string text) =>
        NodaTime.Text.LocalDatePattern.Create("d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture).Parse(text.Trim()).GetValueOrThrow().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
