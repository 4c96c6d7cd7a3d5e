using System.Net;
using TimeTrack.Web.Tests.Infrastructure;
using TimeTrack.Web.Tests.Transparency;

namespace TimeTrack.Web.Tests.Teams;

/// <summary>
/// Its own app and database: these tests create, change and archive acme's teams. The people and the
/// clock are <see cref="PersonDataFactory"/>'s (Maya manages Product: Alice, Bob and Carol; Otto
/// manages Platform: Finn; the demo entries are in the week of 16 November 2026).
/// </summary>
public sealed class TeamsFactory : PersonDataFactory;

/// <summary>Drives the teams admin pages as an admin's browser would.</summary>
public static class TeamsAdmin
{
    public const string List = "/acme/admin/teams";

    /// <summary>Creates a team through the list page's form and returns its page's path.</summary>
    public static async Task<string> CreateAsync(HttpClient admin, string name)
    {
        ArgumentNullException.ThrowIfNull(admin);
        var response = await admin.SubmitAsync(List, List, new Dictionary<string, string> { ["NewTeam.Name"] = name });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var path = response.Headers.Location!.OriginalString;
        Assert.Matches("^/acme/admin/teams/[0-9a-f-]{36}$", path);
        return path;
    }

    public static Task<HttpResponseMessage> AddMemberAsync(HttpClient admin, string team, Guid userId) =>
        admin.SubmitAsync(team, team + "/members", new Dictionary<string, string> { ["NewMember.UserId"] = userId.ToString() });

    public static Task<HttpResponseMessage> AddManagerAsync(HttpClient admin, string team, Guid userId) =>
        admin.SubmitAsync(team, team + "/managers", new Dictionary<string, string> { ["NewManager.UserId"] = userId.ToString() });

    /// <summary>Presses a button of the team's page (archive, restore, remove someone) that posts no fields.</summary>
    public static async Task PressAsync(HttpClient admin, string team, string action)
    {
        ArgumentNullException.ThrowIfNull(admin);
        var response = await admin.SubmitAsync(team, $"{team}/{action}", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(team, response.Headers.Location!.OriginalString);
    }

    public static async Task AddAsync(HttpClient admin, string team, IEnumerable<Guid> members, IEnumerable<Guid> managers)
    {
        foreach (var member in members)
        {
            Assert.Equal(HttpStatusCode.Redirect, (await AddMemberAsync(admin, team, member)).StatusCode);
        }

        foreach (var manager in managers)
        {
            Assert.Equal(HttpStatusCode.Redirect, (await AddManagerAsync(admin, team, manager)).StatusCode);
        }
    }
}
