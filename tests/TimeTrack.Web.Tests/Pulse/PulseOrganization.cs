using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Web.Data;
using TimeTrack.Web.Tenancy;
using TimeTrack.Web.Tests.Infrastructure;

namespace TimeTrack.Web.Tests.Pulse;

/// <summary>Its own app and database: these tests create organizations, people and surveys of their own.</summary>
public sealed class PulseFactory : TimeTrackFactory;

/// <summary>A signed-in member of a test organization.</summary>
public sealed record PulseMember(Guid Id, string Email, HttpClient Client);

/// <summary>A fresh organization: its owner (who may open surveys) and its employees, all signed in.</summary>
public sealed record PulseOrganization(Guid Id, string Slug, PulseMember Owner, IReadOnlyList<PulseMember> Employees)
{
    public const string Password = "plain lowercase words are fine here";

    /// <summary>Everyone, owner first.</summary>
    public IReadOnlyList<PulseMember> Members => [Owner, .. Employees];

    public static async Task<PulseOrganization> CreateAsync(TimeTrackFactory factory, int employees)
    {
        var slug = "pulse-" + Guid.NewGuid().ToString("N")[..12];
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var provisioning = scope.ServiceProvider.GetRequiredService<OrganizationProvisioning>();

        var ownerId = await CreateUserAsync(users, slug, "owner");
        var organization = await provisioning.CreateAsync(
            new OrganizationProvisioning.NewOrganization("Pulse " + slug, slug, "Europe/Berlin", IsoDayOfWeek.Monday), ownerId);
        var employeeIds = new List<Guid>();
        for (var i = 0; i < employees; i++)
        {
            var id = await CreateUserAsync(users, slug, $"employee{i}");
            await provisioning.AddMemberAsync(organization.Id, id, OrgRole.Employee);
            employeeIds.Add(id);
        }

        var owner = await SignInAsync(factory, ownerId, slug, "owner");
        var signedIn = new List<PulseMember>();
        for (var i = 0; i < employeeIds.Count; i++)
        {
            signedIn.Add(await SignInAsync(factory, employeeIds[i], slug, $"employee{i}"));
        }

        return new PulseOrganization(organization.Id, slug, owner, signedIn);
    }

    private static string EmailOf(string slug, string name) => $"{name}@{slug}.test";

    private static async Task<Guid> CreateUserAsync(UserManager<ApplicationUser> users, string slug, string name)
    {
        var id = Guid.CreateVersion7();
        var email = EmailOf(slug, name);
        var created = await users.CreateAsync(
            new ApplicationUser { Id = id, UserName = email, Email = email, EmailConfirmed = true, DisplayName = name },
            Password);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        return id;
    }

    private static async Task<PulseMember> SignInAsync(TimeTrackFactory factory, Guid id, string slug, string name)
    {
        var client = factory.CreateBrowserlikeClient();
        var email = EmailOf(slug, name);
        await client.LogInAsync(email, Password);
        return new PulseMember(id, email, client);
    }
}
