using System.Globalization;
using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Text;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Features.Time;
using TimeTrack.Web.Tests.Infrastructure;
using TimeTrack.Web.Tracking;

namespace TimeTrack.Web.Tests.Time;

/// <summary>Deleting an entry offers an undo; the undo token puts back exactly that entry, for that person only.</summary>
[Collection(AppCollection.Name)]
public sealed class UndoDeleteTests(TimeTrackFactory factory)
{
    private const string Page = "/acme/time";
    private const string UndoAction = "/acme/time/entries/undo";

    [Fact]
    public async Task Undo_puts_the_deleted_entry_back_with_its_project_times_tags_and_details_once()
    {
        var person = await TimePeople.CreateAsync(factory, "undo");
        var tuesday = TimePeople.LastMonday.PlusDays(1);
        var entry = await AddEntryAsync(person, tuesday, "10:00", "11:30", "Planning the launch", withTag: true);
        Assert.Single(entry.Tags);

        var (page, token) = await DeleteAsync(person, entry);
        Assert.Contains("Entry deleted.", page.QuerySelector("#undo-delete")?.TextContent, StringComparison.Ordinal);
        Assert.Empty(await TimePeople.EntriesOfAsync(factory, person));

        var undone = await PostUndoAsync(person.Client, page, token);

        Assert.Equal(HttpStatusCode.Redirect, undone.StatusCode);
        Assert.Equal($"{Page}?week={Iso(TimePeople.LastMonday)}", undone.Headers.Location?.OriginalString);
        var restored = Assert.Single(await TimePeople.EntriesOfAsync(factory, person));
        Assert.Equal(entry.Id, restored.Id);
        Assert.Equal(entry.ProjectId, restored.ProjectId);
        Assert.Equal(entry.Start, restored.Start);
        Assert.Equal(entry.End, restored.End);
        Assert.Equal(entry.Description, restored.Description);
        Assert.Equal(entry.IsBillable, restored.IsBillable);
        Assert.Equal(entry.Source, restored.Source);
        Assert.Equal(entry.Tags.Select(t => t.TagId).Order(), restored.Tags.Select(t => t.TagId).Order());
        var after = await person.Client.GetDocumentAsync(undone.Headers.Location!.OriginalString);
        Assert.Contains("10:00–11:30", after.QuerySelector($"#day-{Iso(tuesday)}")?.TextContent, StringComparison.Ordinal);

        // The same undo sent again does not make a second copy.
        var again = await PostUndoAsync(person.Client, after, token);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        Assert.Contains(TimeEntryService.AlreadyRestored, await SummaryAsync(again), StringComparison.Ordinal);
        Assert.Single(await TimePeople.EntriesOfAsync(factory, person));
    }

    [Fact]
    public async Task Someone_elses_undo_token_is_refused_and_restores_nothing()
    {
        var owner = await TimePeople.CreateAsync(factory, "undo-owner");
        var other = await TimePeople.CreateAsync(factory, "undo-other");
        var entry = await AddEntryAsync(owner, TimePeople.LastMonday.PlusDays(2), "09:00", "10:00", "Owner's work");
        var (_, token) = await DeleteAsync(owner, entry);

        var response = await PostUndoAsync(other.Client, await other.Client.GetDocumentAsync(Page), token);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(UndoDeleteTokens.NotYours, await SummaryAsync(response), StringComparison.Ordinal);
        Assert.Empty(await TimePeople.EntriesOfAsync(factory, other));
        Assert.Empty(await TimePeople.EntriesOfAsync(factory, owner));
    }

    [Fact]
    public async Task Tampered_undo_token_is_refused()
    {
        var person = await TimePeople.CreateAsync(factory, "undo-tamper");
        var entry = await AddEntryAsync(person, TimePeople.LastMonday.PlusDays(3), "14:00", "15:00", "Kept deleted");
        var (page, token) = await DeleteAsync(person, entry);
        var middle = token.Length / 2;
        var tampered = token[..middle] + (token[middle] == 'A' ? 'B' : 'A') + token[(middle + 1)..];

        var response = await PostUndoAsync(person.Client, page, tampered);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(UndoDeleteTokens.NotYours, await SummaryAsync(response), StringComparison.Ordinal);
        Assert.Empty(await TimePeople.EntriesOfAsync(factory, person));
    }

    [Fact]
    public async Task Expired_undo_token_is_refused_with_its_own_message()
    {
        var person = await TimePeople.CreateAsync(factory, "undo-expired");
        var entry = await AddEntryAsync(person, TimePeople.LastMonday.PlusDays(4), "08:00", "09:00", "Too late to undo");
        var (page, _) = await DeleteAsync(person, entry);
        var expired = factory.Services.GetRequiredService<UndoDeleteTokens>()
            .Issue(person.AcmeId, person.Id, entry, SystemClock.Instance.GetCurrentInstant() - Duration.FromSeconds(1));

        var response = await PostUndoAsync(person.Client, page, expired);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(UndoDeleteTokens.Expired, await SummaryAsync(response), StringComparison.Ordinal);
        Assert.Empty(await TimePeople.EntriesOfAsync(factory, person));
    }

    [Fact]
    public async Task Undo_into_a_slot_filled_since_is_refused_with_the_overlap()
    {
        var person = await TimePeople.CreateAsync(factory, "undo-overlap");
        var monday = TimePeople.LastMonday;
        var entry = await AddEntryAsync(person, monday, "10:00", "11:00", "Deleted first");
        var (_, token) = await DeleteAsync(person, entry);
        var newer = await AddEntryAsync(person, monday, "10:30", "11:30", "Added since");

        var response = await PostUndoAsync(person.Client, await person.Client.GetDocumentAsync($"{Page}?week={Iso(monday)}"), token);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var summary = await SummaryAsync(response);
        Assert.Contains("The entry could not be restored.", summary, StringComparison.Ordinal);
        Assert.Contains($"This overlaps your entry on {monday.ToString("ddd d MMM", CultureInfo.InvariantCulture)} from 10:30 to 11:30.", summary, StringComparison.Ordinal);
        Assert.Equal(newer.Id, Assert.Single(await TimePeople.EntriesOfAsync(factory, person)).Id);
    }

    private async Task<TimeEntry> AddEntryAsync(TimePerson person, LocalDate date, string start, string end, string description, bool withTag = false)
    {
        var website = await TimePeople.ProjectIdAsync(factory, person.AcmeId, "Website relaunch");
        var fields = new Dictionary<string, string>
        {
            ["Entry.Date"] = Iso(date),
            ["Entry.StartTime"] = start,
            ["Entry.EndTime"] = end,
            ["Entry.ProjectId"] = website.ToString(),
            ["Entry.Description"] = description,
        };
        if (withTag)
        {
            var page = await person.Client.GetDocumentAsync(Page);
            fields["Entry.TagIds"] = page.QuerySelector("input[name='Entry.TagIds']")?.GetAttribute("value")
                ?? throw new InvalidOperationException("The demo organization has no tags.");
        }

        var added = await person.Client.SubmitAsync(Page, "/acme/time/entries", fields);
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        return (await TimePeople.EntriesOfAsync(factory, person)).Single(e => e.Description == description);
    }

    /// <summary>Deletes through the page's form; returns the page the delete leads to and the undo token it offers.</summary>
    private static async Task<(IHtmlDocument Page, string Token)> DeleteAsync(TimePerson person, TimeEntry entry)
    {
        var week = $"{Page}?week={Iso(TimePeople.LastMonday)}";
        var deleted = await person.Client.SubmitAsync(week, $"/acme/time/entries/{entry.Id}/delete", new Dictionary<string, string>
        {
            ["version"] = entry.Version.ToString(CultureInfo.InvariantCulture),
            ["week"] = Iso(TimePeople.LastMonday),
        });
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        var page = await person.Client.GetDocumentAsync(deleted.Headers.Location!.OriginalString);
        var token = page.QuerySelector($"form[action='{UndoAction}'] input[name='token']")?.GetAttribute("value") ?? "";
        Assert.True(token.Length > 0, "The page after a delete offers no undo.");
        return (page, token);
    }

    private static Task<HttpResponseMessage> PostUndoAsync(HttpClient client, IHtmlDocument page, string token) =>
        client.PostAsync(UndoAction, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = token,
            ["week"] = Iso(TimePeople.LastMonday),
            [Forms.TokenField] = page.AntiforgeryToken(),
        }));

    private static async Task<string> SummaryAsync(HttpResponseMessage response) =>
        (await Forms.ParseAsync(response)).QuerySelector("#error-summary")?.TextContent ?? "";

    private static string Iso(LocalDate date) => LocalDatePattern.Iso.Format(date);
}
