using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NodaTime;
using NodaTime.Testing;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Data;
using TimeTrack.Web.Tenancy;
using TimeTrack.Web.Tests.Infrastructure;

namespace TimeTrack.Web.Tests.Transparency;

/// <summary>
/// Its own app and database, with a clock the tests move forward (to reach a later effective date).
/// It starts at the real time so that signing in and the demo data behave as usual; it only ever
/// moves forward, and each test makes its own organization.
/// </summary>
public sealed class PolicyFactory : TimeTrackFactory
{
    public FakeClock Clock { get; } = new(SystemClock.Instance.GetCurrentInstant());

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<IClock>();
            services.AddSingleton<IClock>(Clock);
        });
    }
}

/// <summary>A person of a test organization.</summary>
public sealed record PolicyPerson(Guid Id, string Email, string Name);

/// <summary>
/// A fresh organization for policy tests: its owner (an admin), a manager who manages the team the
/// employee is in, and a project both of them may log time to. Nobody else's policy changes reach it.
/// </summary>
public sealed record PolicyOrganization(Guid Id, string Slug, PolicyPerson Owner, PolicyPerson Manager, PolicyPerson Employee, Guid TeamId, Guid ProjectId)
{
    public const string Password = "plain lowercase words are fine here";

    public const string ProjectName = "Policy pilot";

    public const string TimeZoneId = "Europe/Berlin";

    public static async Task<PolicyOrganization> CreateAsync(IServiceProvider services, string prefix = "policy")
    {
        var slug = prefix + "-" + Guid.NewGuid().ToString("N")[..12];
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var provisioning = scope.ServiceProvider.GetRequiredService<OrganizationProvisioning>();

        var owner = await CreateUserAsync(users, slug, "owner", "Olga Owner");
        var manager = await CreateUserAsync(users, slug, "manager", "Milo Manager");
        var employee = await CreateUserAsync(users, slug, "employee", "Emma Employee");
        var organization = await provisioning.CreateAsync(
            new OrganizationProvisioning.NewOrganization("Policy " + slug, slug, TimeZoneId, IsoDayOfWeek.Monday), owner.Id);
        await provisioning.AddMemberAsync(organization.Id, manager.Id, OrgRole.Manager);
        await provisioning.AddMemberAsync(organization.Id, employee.Id, OrgRole.Employee);

        await using var tenant = services.GetRequiredService<TenantScopeFactory>().CreateScope(organization.Id, owner.Id);
        var db = tenant.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
        var team = new Team { Id = Guid.CreateVersion7(), Name = "Pilots" };
        team.AddManager(manager.Id);
        team.Members.Add(new TeamMember { TeamId = team.Id, UserId = employee.Id });
        db.Teams.Add(team);
        var project = new Project { Id = Guid.CreateVersion7(), Name = ProjectName };
        project.Members.Add(new ProjectMember { ProjectId = project.Id, UserId = employee.Id });
        project.Members.Add(new ProjectMember { ProjectId = project.Id, UserId = manager.Id });
        db.Projects.Add(project);
        await db.SaveChangesAsync();

        return new PolicyOrganization(organization.Id, slug, owner, manager, employee, team.Id, project.Id);
    }

    public IReadOnlyList<PolicyPerson> Members => [Owner, Manager, Employee];

    public string Path(string rest) => $"/{Slug}/{rest}";

    private static async Task<PolicyPerson> CreateUserAsync(UserManager<ApplicationUser> users, string slug, string name, string displayName)
    {
        var id = Guid.CreateVersion7();
        var email = $"{name}@{slug}.test";
        var created = await users.CreateAsync(
            new ApplicationUser { Id = id, UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName },
            Password);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        return new PolicyPerson(id, email, displayName);
    }
}

/// <summary>Drives the policy editor's forms as a browser would: every field as shown, with the test's changes.</summary>
public static class PolicyEditor
{
    /// <summary>The fields a browser would send for <paramref name="form"/>: checked boxes and radios, selected options, every other value.</summary>
    public static List<KeyValuePair<string, string>> FieldsOf(IHtmlFormElement form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements)
        {
            var name = element.GetAttribute("name");
            if (string.IsNullOrEmpty(name) || element.HasAttribute("disabled"))
            {
                continue;
            }

            switch (element)
            {
                case IHtmlInputElement input when input.Type is "checkbox" or "radio":
                    if (input.HasAttribute("checked"))
                    {
                        fields.Add(new(name, input.GetAttribute("value") ?? "on"));
                    }

                    break;
                case IHtmlInputElement input when input.Type is "submit" or "button":
                    break;
                case IHtmlInputElement input:
                    fields.Add(new(name, input.GetAttribute("value") ?? ""));
                    break;
                case IHtmlTextAreaElement textArea:
                    fields.Add(new(name, textArea.TextContent));
                    break;
                case IHtmlSelectElement select:
                    var options = select.QuerySelectorAll("option").ToList();
                    var selected = options.FirstOrDefault(o => o.HasAttribute("selected")) ?? options.FirstOrDefault();
                    fields.Add(new(name, selected?.GetAttribute("value") ?? selected?.TextContent ?? ""));
                    break;
                default:
                    break;
            }
        }

        return fields;
    }

    /// <summary>Replaces every value of <paramref name="name"/> with <paramref name="values"/> (none removes the field).</summary>
    public static List<KeyValuePair<string, string>> Set(this List<KeyValuePair<string, string>> fields, string name, params string[] values)
    {
        ArgumentNullException.ThrowIfNull(fields);
        fields.RemoveAll(f => f.Key == name);
        fields.AddRange(values.Select(v => new KeyValuePair<string, string>(name, v)));
        return fields;
    }

    /// <summary>
    /// Adds the fields of an exception row as if the draft already had it, the way a crafted post
    /// would: any ids and names, not only those the editor offers.
    /// </summary>
    public static List<KeyValuePair<string, string>> AddException(
        this List<KeyValuePair<string, string>> fields, int index, Guid viewer, string viewerName, Guid? team, string teamName)
    {
        ArgumentNullException.ThrowIfNull(fields);
        string Row(string member) => FormattableString.Invariant($"Exceptions[{index}].{member}");
        return fields
            .Set(Row("ViewerUserId"), viewer.ToString())
            .Set(Row("ViewerName"), viewerName)
            .Set(Row("Category"), "Totals")
            .Set(Row("Granularity"), "IndividualTotals")
            .Set(Row("SubjectTeamId"), team?.ToString() ?? "")
            .Set(Row("SubjectGroupName"), teamName)
            .Set(Row("Reason"), "Covering for the team's manager.")
            .Set(Row("Remove"), "false");
    }

    /// <summary>A checkbox as the editor sends it: "true" then the hidden "false" when ticked, only "false" when not.</summary>
    public static List<KeyValuePair<string, string>> Tick(this List<KeyValuePair<string, string>> fields, string name, bool on) =>
        on ? fields.Set(name, "true", "false") : fields.Set(name, "false");

    /// <summary>The draft form of <c>/{slug}/admin/policy</c> and the fields it would send.</summary>
    public static async Task<(IHtmlDocument Page, List<KeyValuePair<string, string>> Fields)> OpenAsync(HttpClient client, string slug)
    {
        ArgumentNullException.ThrowIfNull(client);
        var page = await client.GetDocumentAsync($"/{slug}/admin/policy");
        return (page, FieldsOf(DraftForm(page, slug)));
    }

    public static IHtmlFormElement DraftForm(IHtmlDocument page, string slug)
    {
        ArgumentNullException.ThrowIfNull(page);
        return page.QuerySelector($"form[action='/{slug}/admin/policy']") as IHtmlFormElement
            ?? throw new InvalidOperationException("The page has no policy draft form.");
    }

    /// <summary>Opens the editor, applies <paramref name="change"/> to its fields and saves the draft.</summary>
    public static async Task<HttpResponseMessage> SaveDraftAsync(HttpClient client, string slug, Action<List<KeyValuePair<string, string>>> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var (_, fields) = await OpenAsync(client, slug);
        change(fields);
        return await client.PostAsync($"/{slug}/admin/policy", new FormUrlEncodedContent(fields));
    }

    /// <summary>Publishes the saved draft through the publish form.</summary>
    public static Task<HttpResponseMessage> PublishAsync(HttpClient client, string slug, string reason, string effectiveFrom) =>
        client.SubmitAsync($"/{slug}/admin/policy", $"/{slug}/admin/policy/publish", new Dictionary<string, string>
        {
            ["Publish.Reason"] = reason,
            ["Publish.EffectiveFrom"] = effectiveFrom,
        });

    public static string Text(this IElement? element) => element?.TextContent.Trim() ?? "";
}
