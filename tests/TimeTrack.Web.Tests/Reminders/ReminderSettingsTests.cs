using System.IO.Compression;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TimeTrack.Web.Features.MyData;
using TimeTrack.Web.Tests.Infrastructure;
using TimeTrack.Web.Tests.Isolation;
using TimeTrack.Web.Tests.Time;

namespace TimeTrack.Web.Tests.Reminders;

/// <summary>A person's own reminders page: off by default, saved for them alone, refused with a clear message when a value is not offered.</summary>
[Collection(RemindersCollection.Name)]
public sealed class ReminderSettingsTests(RemindersFactory factory)
{
    private const string Page = "/acme/settings/reminders";

    [Fact]
    public async Task Both_reminders_are_off_until_the_person_turns_them_on()
    {
        var person = await TimePeople.CreateAsync(factory, "defaults");

        var page = await person.Client.GetDocumentAsync(Page);

        Assert.Equal("off -", await factory.RemindersOfAsync(person.Id));
        Assert.False(page.QuerySelector("#Form_NothingLogged")?.HasAttribute("checked"));
        Assert.Equal("", page.QuerySelector("#Form_IdleMinutes option[selected]")?.GetAttribute("value"));
        Assert.Equal(["", "5", "10", "15", "30", "60"], page.QuerySelectorAll("#Form_IdleMinutes option").Select(o => o.GetAttribute("value")));
        Assert.Contains("Only you see these reminders", page.QuerySelector("#reminders-private")?.TextContent, StringComparison.Ordinal);
        Assert.Contains("about half an hour before your working day ends", page.QuerySelector("#Form_NothingLogged-hint")?.TextContent, StringComparison.Ordinal);

        // The working-hours page leads here.
        var hours = await person.Client.GetDocumentAsync("/acme/settings/working-hours");
        Assert.Equal(Page, hours.QuerySelector("#reminders-link")?.GetAttribute("href"));
    }

    [Fact]
    public async Task Saved_reminders_show_again_and_can_be_turned_off()
    {
        var person = await TimePeople.CreateAsync(factory, "saves");

        var saved = await person.Client.SubmitAsync(Page, new Dictionary<string, string>
        {
            ["Form.NothingLogged"] = "true",
            ["Form.IdleMinutes"] = "10",
        });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(Page, saved.Headers.Location?.OriginalString);
        Assert.Equal("on 10", await factory.RemindersOfAsync(person.Id));
        var page = await person.Client.GetDocumentAsync(Page);
        Assert.True(page.QuerySelector("#Form_NothingLogged")?.HasAttribute("checked"));
        Assert.Equal("10", page.QuerySelector("#Form_IdleMinutes option[selected]")?.GetAttribute("value"));

        // An unticked box posts only the hidden "false"; Off posts an empty value.
        var off = await person.Client.SubmitAsync(Page, new Dictionary<string, string>
        {
            ["Form.NothingLogged"] = "false",
            ["Form.IdleMinutes"] = "",
        });

        Assert.Equal(HttpStatusCode.Redirect, off.StatusCode);
        Assert.Equal("off -", await factory.RemindersOfAsync(person.Id));
    }

    [Theory]
    [InlineData("7")]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("ten")]
    [InlineData("100000000000")]
    public async Task An_idle_time_that_is_not_offered_is_refused_with_a_clear_message_and_the_rest_is_kept(string minutes)
    {
        var person = await TimePeople.CreateAsync(factory, "invalid");

        var refused = await person.Client.SubmitAsync(Page, new Dictionary<string, string>
        {
            ["Form.NothingLogged"] = "true",
            ["Form.IdleMinutes"] = minutes,
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var page = await Forms.ParseAsync(refused);
        var error = page.QuerySelector("#Form_IdleMinutes-error")?.TextContent ?? "";
        Assert.Contains("Choose Off or one of 5, 10, 15, 30, 60 minutes", error, StringComparison.Ordinal);
        Assert.Contains(minutes, error, StringComparison.Ordinal);
        Assert.Contains("Choose Off", page.QuerySelector("#error-summary")?.TextContent, StringComparison.Ordinal);
        Assert.True(page.QuerySelector("#Form_NothingLogged")?.HasAttribute("checked"));
        Assert.Equal("true", page.QuerySelector("#Form_IdleMinutes")?.GetAttribute("aria-invalid"));
        Assert.Equal("off -", await factory.RemindersOfAsync(person.Id));
    }

    [Fact]
    public async Task Saving_without_an_antiforgery_token_is_refused()
    {
        var person = await TimePeople.CreateAsync(factory, "forged");

        var response = await person.Client.PostAsync(Page, new FormUrlEncodedContent(new Dictionary<string, string> { ["Form.NothingLogged"] = "true", ["Form.IdleMinutes"] = "5" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("off -", await factory.RemindersOfAsync(person.Id));
    }

    [Fact]
    public async Task One_persons_reminders_are_neither_shown_to_nor_changed_by_anyone_else()
    {
        var alice = await factory.Database.UserIdAsync("alice@acme.test");
        var aliceClient = factory.CreateBrowserlikeClient();
        await aliceClient.LogInAsync("alice@acme.test");
        Assert.Equal(HttpStatusCode.Redirect, (await aliceClient.SubmitAsync(Page, new Dictionary<string, string>
        {
            ["Form.NothingLogged"] = "true",
            ["Form.IdleMinutes"] = "15",
        })).StatusCode);

        foreach (var email in (string[])["owner@acme.test", "manager@acme.test"])
        {
            var client = factory.CreateBrowserlikeClient();
            await client.LogInAsync(email);
            var self = await factory.Database.UserIdAsync(email);

            // Their reminders page is their own: Alice's choices are not on it, and saving changes only theirs.
            var page = await client.GetDocumentAsync(Page);
            Assert.False(page.QuerySelector("#Form_NothingLogged")?.HasAttribute("checked"));
            Assert.Equal("", page.QuerySelector("#Form_IdleMinutes option[selected]")?.GetAttribute("value"));
            var saved = await client.SubmitAsync(Page, new Dictionary<string, string> { ["Form.NothingLogged"] = "true", ["Form.IdleMinutes"] = "60" });
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
            Assert.Contains("Your reminders have been saved.", (await client.GetDocumentAsync(Page)).QuerySelector("p.notice")?.TextContent, StringComparison.Ordinal);
            Assert.Equal("on 60", await factory.RemindersOfAsync(self));
            Assert.Equal("on 15", await factory.RemindersOfAsync(alice));

            // No page about Alice shows them.
            foreach (var url in (string[])[$"/acme/team/people/{alice}", "/acme/team", "/acme/admin", "/acme/admin/teams"])
            {
                using var response = await client.GetAsync(url);
                var html = await response.Content.ReadAsStringAsync();
                Assert.DoesNotContain("remind", html, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("idle", html, StringComparison.OrdinalIgnoreCase);
            }

            await factory.SetRemindersAsync(self, nothingLogged: false, idleMinutes: null);
        }

        await factory.SetRemindersAsync(alice, nothingLogged: false, idleMinutes: null);
    }

    [Fact]
    public async Task The_persons_own_data_archive_lists_their_reminder_settings()
    {
        var person = await TimePeople.CreateAsync(factory, "archive");
        await factory.SetRemindersAsync(person.Id, nothingLogged: true, idleMinutes: 30);

        await using var scope = TimePeople.InAcme(factory, person.AcmeId, person.Id);
        using var zipped = new MemoryStream();
        await scope.ServiceProvider.GetRequiredService<PersonalDataArchive>().WriteAsync(zipped, person.Id, CancellationToken.None);
        zipped.Position = 0;
        using var archive = new ZipArchive(zipped, ZipArchiveMode.Read);
        using (var csv = new StreamReader((archive.GetEntry("profile.csv") ?? throw new InvalidOperationException("No profile.csv.")).Open()))
        {
            var header = (await csv.ReadLineAsync()) ?? "";
            Assert.Contains("Nothing-logged reminder", header, StringComparison.Ordinal);
            Assert.Contains("Idle timer question after (minutes)", header, StringComparison.Ordinal);
        }

        using var json = await JsonDocument.ParseAsync((archive.GetEntry("profile.json") ?? throw new InvalidOperationException("No profile.json.")).Open());
        var profile = json.RootElement[0];
        Assert.True(profile.GetProperty("remindNothingLogged").GetBoolean());
        Assert.Equal("30", profile.GetProperty("idleReminderMinutes").GetString());
        Assert.Equal("", profile.GetProperty("nothingLoggedRemindedOn").GetString());
    }
}
