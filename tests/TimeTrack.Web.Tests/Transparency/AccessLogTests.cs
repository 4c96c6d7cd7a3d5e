using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TimeTrack.Domain.Transparency;
using TimeTrack.Domain.Visibility;
using TimeTrack.Web.Data;
using TimeTrack.Web.Disclosure;
using TimeTrack.Web.Jobs;
using TimeTrack.Web.Tenancy;
using TimeTrack.Web.Tests.Infrastructure;
using TimeTrack.Web.Tests.Isolation;
using TimeTrack.Web.Transparency;

namespace TimeTrack.Web.Tests.Transparency;

/// <summary>The access log: append-only in the database, written off the request path, read by the person it is about.</summary>
[Collection(AppCollection.Name)]
public sealed class AccessLogTests(TimeTrackFactory factory)
{
    private TestDatabase Database => factory.Database;

    [Theory]
    [InlineData("access_log_entries")]
    [InlineData("data_exports")]
    public async Task App_role_may_insert_and_read_but_never_update_or_delete(string table)
    {
        var acme = await Database.OrganizationIdAsync("acme");
        var alice = await Database.UserIdAsync("alice@acme.test");
        await using var app = await Database.OpenAsAppAsync();
        await app.SetTenantAsync(acme);

        var id = Guid.CreateVersion7();
        var insert = table == "access_log_entries"
            ? "INSERT INTO access_log_entries (tenant_id, id, subject_user_id, viewer_user_id, categories, channel, resource, occurred_at) VALUES (@tenant, @id, @person, @person, ARRAY['Totals'], 'Page', 'raw SQL test', now())"
            : "INSERT INTO data_exports (tenant_id, id, viewer_user_id, description, included_user_ids, created_at) VALUES (@tenant, @id, @person, 'raw SQL test', ARRAY[@person], now())";
        Assert.Equal(1, await app.ExecuteAsync(insert, ("tenant", acme), ("id", id), ("person", alice)));
        Assert.Equal(1L, await app.ScalarAsync<long>($"SELECT count(*) FROM {table} WHERE id = @id", ("id", id)));

        var column = table == "access_log_entries" ? "resource" : "description";
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, await app.SqlStateOfAsync($"UPDATE {table} SET {column} = 'rewritten' WHERE id = @id", ("id", id)));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, await app.SqlStateOfAsync($"DELETE FROM {table} WHERE id = @id", ("id", id)));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, await app.SqlStateOfAsync($"TRUNCATE {table}"));

        // Even the owner role, which holds every privilege, is stopped by the trigger.
        await using var owner = await Database.OpenAsOwnerAsync();
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, await owner.SqlStateOfAsync($"DELETE FROM {table} WHERE id = @id", ("id", id)));

        await using var superuser = await Database.OpenAsSuperuserAsync();
        Assert.Equal("raw SQL test", await superuser.ScalarAsync<string>($"SELECT {column} FROM {table} WHERE id = @id", ("id", id)));
    }

    [Fact]
    public async Task A_managers_read_reaches_the_subjects_access_log_page_and_nobody_elses()
    {
        var resource = "Team › test read " + Guid.NewGuid().ToString("N")[..8];
        await RecordAsync("manager@acme.test", "alice@acme.test", resource, [DataCategory.Totals, DataCategory.ProjectTotals]);

        var alice = factory.CreateBrowserlikeClient();
        await alice.LogInAsync("alice@acme.test");
        var page = await alice.GetDocumentAsync("/acme/transparency/access-log");
        var row = page.QuerySelectorAll("#access-log tbody tr").SingleOrDefault(r => r.TextContent.Contains(resource, StringComparison.Ordinal));
        Assert.NotNull(row);
        var cells = row.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal("Maya Manager", cells[1]);
        Assert.Equal("Daily and weekly totals, Time per project and outcome", cells[2]);
        Assert.Equal("Page", cells[3]);

        var bob = factory.CreateBrowserlikeClient();
        await bob.LogInAsync("bob@acme.test");
        var bobsPage = await bob.GetDocumentAsync("/acme/transparency/access-log");
        Assert.DoesNotContain(resource, bobsPage.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reading_ones_own_data_is_not_logged()
    {
        var resource = "Own read " + Guid.NewGuid().ToString("N")[..8];
        await RecordAsync("alice@acme.test", "alice@acme.test", resource, [DataCategory.EntryDetails]);

        await using var superuser = await Database.OpenAsSuperuserAsync();
        Assert.Equal(0L, await superuser.ScalarAsync<long>("SELECT count(*) FROM access_log_entries WHERE resource = @r", ("r", resource)));
    }

    [Fact]
    public async Task An_export_is_registered_with_everyone_it_included_and_each_person_sees_it()
    {
        var acme = await Database.OrganizationIdAsync("acme");
        var manager = await Database.UserIdAsync("manager@acme.test");
        var alice = await Database.UserIdAsync("alice@acme.test");
        var bob = await Database.UserIdAsync("bob@acme.test");
        var description = "Export: test " + Guid.NewGuid().ToString("N")[..8];

        Guid exportId;
        await using (var scope = factory.Services.GetRequiredService<TenantScopeFactory>().CreateScope(acme, manager))
        {
            var recorder = scope.ServiceProvider.GetRequiredService<AccessRecorder>();
            exportId = recorder.RecordExport(
                new AccessRead(AccessChannel.Export, description),
                [(alice, [DataCategory.Totals]), (bob, [DataCategory.Totals]), (manager, [DataCategory.Totals])],
                [],
                []);
            await recorder.SaveAsync();
        }

        await using var superuser = await Database.OpenAsSuperuserAsync();
        var included = await superuser.ScalarAsync<Guid[]>("SELECT included_user_ids FROM data_exports WHERE id = @id", ("id", exportId));
        Assert.Equal(new[] { alice, bob, manager }.Order(), included.Order());
        // The exporter's own row is not a read of someone else's data.
        var subjects = await superuser.QueryAsync<Guid>("SELECT subject_user_id FROM access_log_entries WHERE export_id = @id", ("id", exportId));
        Assert.Equal(new[] { alice, bob }.Order(), subjects.Order());

        var client = factory.CreateBrowserlikeClient();
        await client.LogInAsync("bob@acme.test");
        var page = await client.GetDocumentAsync("/acme/transparency/access-log");
        var row = page.QuerySelectorAll("#access-log tbody tr").Single(r => r.TextContent.Contains(description, StringComparison.Ordinal));
        Assert.Contains("an export that included 3 people", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("Export", row.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Many_concurrent_reads_in_two_organizations_are_all_written_each_in_its_own_organization()
    {
        var acme = await Database.OrganizationIdAsync("acme");
        var globex = await Database.OrganizationIdAsync("globex");
        var acmeViewer = await Database.UserIdAsync("manager@acme.test");
        var acmeSubject = await Database.UserIdAsync("carol@acme.test");
        var globexViewer = await Database.UserIdAsync("owner@globex.test");
        var globexSubject = await Database.UserIdAsync("dave@globex.test");
        var marker = "Burst " + Guid.NewGuid().ToString("N")[..8];
        var scopes = factory.Services.GetRequiredService<TenantScopeFactory>();

        await Parallel.ForAsync(0, 400, async (i, cancellationToken) =>
        {
            var (tenant, viewer, subject) = i % 2 == 0 ? (acme, acmeViewer, acmeSubject) : (globex, globexViewer, globexSubject);
            await using var scope = scopes.CreateScope(tenant, viewer);
            var recorder = scope.ServiceProvider.GetRequiredService<AccessRecorder>();
            recorder.Record(subject, [DataCategory.Totals], new AccessRead(AccessChannel.Api, marker), groupSize: null);
            await recorder.SaveAsync(cancellationToken);
        });

        await using var superuser = await Database.OpenAsSuperuserAsync();
        Assert.Equal(200L, await superuser.ScalarAsync<long>("SELECT count(*) FROM access_log_entries WHERE resource = @m AND tenant_id = @t AND subject_user_id = @s", ("m", marker), ("t", acme), ("s", acmeSubject)));
        Assert.Equal(200L, await superuser.ScalarAsync<long>("SELECT count(*) FROM access_log_entries WHERE resource = @m AND tenant_id = @t AND subject_user_id = @s", ("m", marker), ("t", globex), ("s", globexSubject)));
    }

    [Fact]
    public async Task The_transparency_page_names_who_sees_what_why_and_for_how_long()
    {
        var client = factory.CreateBrowserlikeClient();
        await client.LogInAsync("alice@acme.test");
        var page = await client.GetDocumentAsync("/acme/transparency");

        var totals = page.QuerySelector("#policy-categories tr[data-category='Totals']")!.TextContent;
        Assert.Contains("Your team's manager (Maya Manager)", totals, StringComparison.Ordinal);
        Assert.Contains("Your totals, no details", totals, StringComparison.Ordinal);
        Assert.Contains(TransparencyPolicy.Default.For(DataCategory.Totals).Purpose, totals, StringComparison.Ordinal);
        var details = page.QuerySelector("#policy-categories tr[data-category='EntryDetails']")!.TextContent;
        Assert.Contains("Only you.", details, StringComparison.Ordinal);
        Assert.Contains("730 days", details, StringComparison.Ordinal);
        Assert.Contains("Version 1", page.QuerySelector("#policy-version")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("at least 5 people", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("a[href='/acme/transparency/manager-view']"));
    }

    [Fact]
    public async Task The_transparency_page_says_billing_is_per_client_and_project_for_admins_with_no_minimum_group()
    {
        var client = factory.CreateBrowserlikeClient();
        await client.LogInAsync("alice@acme.test");
        var page = await client.GetDocumentAsync("/acme/transparency");

        var billing = page.QuerySelector("#policy-categories tr[data-category='Billing']");
        Assert.NotNull(billing);
        Assert.Equal("Billable hours and amounts per client and project", billing.QuerySelector("th")?.TextContent.Trim());
        var seen = Assert.Single(billing.QuerySelectorAll("li")).TextContent;
        Assert.StartsWith("Organization admins (", seen.Trim(), StringComparison.Ordinal);
        Assert.EndsWith("Totals per client and project, by calendar month; never per person", seen.Trim(), StringComparison.Ordinal);
        Assert.Contains(TransparencyPolicy.Default.For(DataCategory.Billing).Purpose, billing.TextContent, StringComparison.Ordinal);
        Assert.Contains("Kept while you are a member", billing.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("at least", billing.TextContent, StringComparison.Ordinal);
        Assert.Contains("whatever the number of people", page.QuerySelector("#billing-note")?.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retention_removes_descriptions_and_tags_older_than_the_policy_allows_and_keeps_the_time()
    {
        var acme = await Database.OrganizationIdAsync("acme");
        var carol = await Database.UserIdAsync("carol@acme.test");
        var old = Guid.CreateVersion7();
        var recent = Guid.CreateVersion7();
        await using (var superuser = await Database.OpenAsSuperuserAsync())
        {
            await superuser.ExecuteAsync(
                """
                INSERT INTO time_entries (tenant_id, id, user_id, project_id, start_at, end_at, day, day_milliseconds, description, source, is_billable, no_overlap, is_outside_hours, created_at, updated_at)
                SELECT @tenant, @old, @carol, p.id, now() - interval '800 days', now() - interval '800 days' + interval '2 hours', (now() - interval '800 days')::date, ARRAY[7200000::bigint], 'Old detail', 'Manual', false, false, false, now(), now()
                FROM projects p WHERE p.tenant_id = @tenant ORDER BY p.name LIMIT 1;
                INSERT INTO time_entries (tenant_id, id, user_id, project_id, start_at, end_at, day, day_milliseconds, description, source, is_billable, no_overlap, is_outside_hours, created_at, updated_at)
                SELECT @tenant, @recent, @carol, p.id, now() - interval '400 days', now() - interval '400 days' + interval '2 hours', (now() - interval '400 days')::date, ARRAY[7200000::bigint], 'Recent detail', 'Manual', false, false, false, now(), now()
                FROM projects p WHERE p.tenant_id = @tenant ORDER BY p.name LIMIT 1;
                INSERT INTO time_entry_tags (tenant_id, time_entry_id, tag_id) SELECT @tenant, @old, id FROM tags WHERE tenant_id = @tenant LIMIT 1;
                """,
                ("tenant", acme),
                ("old", old),
                ("recent", recent),
                ("carol", carol));
        }

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<RetentionJob>().RunForTenantAsync(acme, CancellationToken.None);
            // Idempotent: a second run finds nothing left to remove.
            Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<RetentionJob>().RunForTenantAsync(acme, CancellationToken.None));
        }

        await using var check = await Database.OpenAsSuperuserAsync();
        Assert.Equal("", await check.ScalarAsync<string>("SELECT description FROM time_entries WHERE id = @id", ("id", old)));
        Assert.Equal(0L, await check.ScalarAsync<long>("SELECT count(*) FROM time_entry_tags WHERE time_entry_id = @id", ("id", old)));
        Assert.Equal(7200d, await check.ScalarAsync<double>("SELECT extract(epoch FROM end_at - start_at)::float8 FROM time_entries WHERE id = @id", ("id", old)));
        Assert.Equal("Recent detail", await check.ScalarAsync<string>("SELECT description FROM time_entries WHERE id = @id", ("id", recent)));
    }

    private async Task RecordAsync(string viewerEmail, string subjectEmail, string resource, DataCategory[] categories)
    {
        var acme = await Database.OrganizationIdAsync("acme");
        var viewer = await Database.UserIdAsync(viewerEmail);
        var subject = await Database.UserIdAsync(subjectEmail);
        await using (var scope = factory.Services.GetRequiredService<TenantScopeFactory>().CreateScope(acme, viewer))
        {
            var recorder = scope.ServiceProvider.GetRequiredService<AccessRecorder>();
            recorder.Record(subject, categories, new AccessRead(AccessChannel.Page, resource), groupSize: null);
            await recorder.SaveAsync();
        }
    }
}
