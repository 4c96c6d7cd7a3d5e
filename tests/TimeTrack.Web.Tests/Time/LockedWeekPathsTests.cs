using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Text;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Data;
using TimeTrack.Web.Tests.Api;
using TimeTrack.Web.Tests.Infrastructure;
using TimeTrack.Web.Tests.Isolation;
using TimeTrack.Web.Tracking;

namespace TimeTrack.Web.Tests.Time;

/// <summary>
/// An approved (locked) week refuses changes through every surface — the edit form, the timesheet grid
/// and the API — not only in the service. Uses carol@acme.test, whom no other test in this database changes.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class LockedWeekPathsTests(TimeTrackFactory factory)
{
    [Fact]
    public async Task Locked_week_refuses_the_edit_form_the_grid_and_the_api_and_nothing_changes()
    {
        var token = await factory.CreateTokenAsync("carol@acme.test", "acme", "Lock test");
        var acmeId = await factory.Database.OrganizationIdAsync("acme");
        var carolId = await factory.Database.UserIdAsync("carol@acme.test");
        TimeEntry entry;
        string weekParameter;
        await using (var scope = factory.Services.GetRequiredService<TimeTrack.Web.Tenancy.TenantScopeFactory>().CreateScope(acmeId))
        {
            var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
            var tracking = await scope.ServiceProvider.GetRequiredService<PersonTrackingProvider>().ForAsync(carolId);
            var week = tracking.WeekContaining(SystemClock.Instance.GetCurrentInstant()).Previous;
            weekParameter = LocalDatePattern.Iso.Format(week.Start);
            entry = await db.TimeEntries.AsNoTracking()
                .Where(e => e.UserId == carolId && e.Start >= week.StartInstant && e.Start < week.EndInstant)
                .OrderBy(e => e.Start).FirstAsync();
            db.LockedPeriods.Add(new LockedPeriod
            {
                Id = Guid.CreateVersion7(),
                UserId = carolId,
                WeekStart = week.Start,
                Start = week.StartInstant,
                End = week.EndInstant,
                LockedByUserId = await factory.Database.UserIdAsync("manager@acme.test"),
                LockedAt = SystemClock.Instance.GetCurrentInstant(),
            });
            await db.SaveChangesAsync();
        }

        var browser = factory.CreateBrowserlikeClient();
        await browser.LogInAsync("carol@acme.test");

        // The edit form.
        var editUrl = $"/acme/time/entries/{entry.Id}/edit";
        var edit = await browser.GetDocumentAsync(editUrl);
        var fields = FieldsOf(edit.QuerySelectorAll("form").OfType<IHtmlFormElement>().Single(f => (f.GetAttribute("action") ?? "").EndsWith("/edit", StringComparison.Ordinal)));
        var descriptionKey = fields.Keys.Single(k => k.EndsWith("Description", StringComparison.Ordinal));
        fields[descriptionKey] = "Changed after approval";
        var formResponse = await browser.PostAsync(editUrl, new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, formResponse.StatusCode);
        Assert.Contains("locked", await formResponse.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The timesheet grid.
        var grid = await browser.GetDocumentAsync($"/acme/time/timesheet?week={weekParameter}");
        var gridFields = FieldsOf((IHtmlFormElement)grid.QuerySelector("form[action='/acme/time/timesheet']")!);
        gridFields["Rows[0].Days[5]"] = "1:00";
        gridFields["Action"] = "save";
        var gridResponse = await browser.PostAsync("/acme/time/timesheet", new FormUrlEncodedContent(gridFields));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, gridResponse.StatusCode);
        Assert.Contains("locked", (await Forms.ParseAsync(gridResponse)).QuerySelector("#cell-0-5-error")?.TextContent ?? "", StringComparison.Ordinal);

        // The API.
        var api = factory.CreateApiClient(token);
        using var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/entries/{entry.Id}")
        {
            Content = JsonContent.Create(new
            {
                project_id = entry.ProjectId,
                description = "Changed through the API",
                start = entry.Start.ToDateTimeOffset(),
                end = entry.End!.Value.ToDateTimeOffset(),
            }),
        };
        put.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{entry.Version}\""));
        var apiResponse = await api.SendAsync(put);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, apiResponse.StatusCode);
        Assert.Contains("locked", await apiResponse.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await using var check = factory.Services.GetRequiredService<TimeTrack.Web.Tenancy.TenantScopeFactory>().CreateScope(acmeId);
        var after = await check.ServiceProvider.GetRequiredService<TimeTrackDbContext>().TimeEntries.AsNoTracking().SingleAsync(e => e.Id == entry.Id);
        Assert.Equal(entry.Description, after.Description);
        Assert.Equal(entry.Version, after.Version);
    }

    /// <summary>What a browser would send for a form: inputs (checked boxes only) and selected options.</summary>
    private static Dictionary<string, string> FieldsOf(IHtmlFormElement form)
    {
        var fields = new Dictionary<string, string>();
        foreach (var element in form.QuerySelectorAll("input[name], select[name], textarea[name]"))
        {
            var name = element.GetAttribute("name")!;
            switch (element)
            {
                case IHtmlInputElement { Type: "checkbox" or "radio" } box when !box.IsChecked:
                case IHtmlInputElement { Type: "submit" or "button" }:
                    break;
                case IHtmlInputElement input:
                    fields.TryAdd(name, input.Value);
                    break;
                case IHtmlSelectElement select:
                    fields[name] = select.SelectedOptions.Length > 0 ? select.SelectedOptions[0].Value : "";
                    break;
                case IHtmlTextAreaElement area:
                    fields[name] = area.Value;
                    break;
            }
        }

        return fields;
    }
}
