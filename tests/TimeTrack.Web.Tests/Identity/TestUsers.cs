using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using TimeTrack.Web.Data;

namespace TimeTrack.Web.Tests.Identity;

/// <summary>Fresh, confirmed accounts for tests that change account state (lockout, 2FA), so demo accounts stay untouched.</summary>
internal static class TestUsers
{
    public const string Password = "plain lowercase words are fine here";

    public static async Task<string> CreateAsync(IServiceProvider services, string prefix)
    {
        var email = $"{prefix}-{Guid.NewGuid():N}@example.test";
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var result = await users.CreateAsync(
            new ApplicationUser { Id = Guid.CreateVersion7(), UserName = email, Email = email, EmailConfirmed = true, DisplayName = prefix },
            Password);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
        return email;
    }
}
