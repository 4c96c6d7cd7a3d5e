using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using TimeTrack.Web.Data;
using TimeTrack.Web.Tests.Infrastructure;

namespace TimeTrack.Web.Tests.Identity;

[Collection(AppCollection.Name)]
public sealed class PasswordRulesTests(TimeTrackFactory factory)
{
    [Theory]
    [InlineData("elevenchars", false)]                     // 11 characters: too short
    [InlineData("twelve chars", true)]                     // 12, spaces allowed, no composition rules
    [InlineData("alllowercaseletters", true)]              // no digit, no capital, no symbol: fine
    [InlineData("password1234", false)]                    // common
    [InlineData("PASSWORD1234", false)]                    // common, in any case
    [InlineData("qwertyuiopasdfghjkl", false)]             // common keyboard walk
    [InlineData("ünïcødé pässwörd ✓ ok", true)]            // any character is allowed
    public async Task Password_rules_follow_ASVS(string password, bool accepted)
    {
        var result = await ValidateAsync(password);
        Assert.True(accepted == result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
    }

    [Fact]
    public async Task Passwords_of_64_and_128_characters_are_accepted_and_longer_ones_refused()
    {
        Assert.True((await ValidateAsync(new string('x', 60) + "abcd")).Succeeded);
        Assert.True((await ValidateAsync(string.Concat(Enumerable.Repeat("horse battery ", 10))[..128])).Succeeded);
        var tooLong = await ValidateAsync(new string('y', 129));
        Assert.Contains(tooLong.Errors, e => e.Code == "PasswordTooLong");
    }

    [Fact]
    public async Task Register_form_shows_the_rule_next_to_the_field_and_keeps_what_was_typed()
    {
        var client = factory.CreateBrowserlikeClient();
        var email = $"short-{Guid.NewGuid():N}@example.test";
        var response = await client.SubmitAsync("/account/register", new Dictionary<string, string>
        {
            ["DisplayName"] = "Sam <Short>",
            ["Email"] = email,
            ["Password"] = "password1234",
            ["ConfirmPassword"] = "password1234",
            ["TimeZoneId"] = "Europe/Berlin",
        });
        Assert.NotEqual(HttpStatusCode.Redirect, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var page = await Forms.ParseAsync(new HttpResponseMessage { Content = new StringContent(html) });
        Assert.Contains("common", page.QuerySelector("#Password-error")?.TextContent ?? "", StringComparison.OrdinalIgnoreCase);
        Assert.Equal("Sam <Short>", page.QuerySelector("input[name='DisplayName']")?.GetAttribute("value"));
        Assert.DoesNotContain("Sam <Short>", html, StringComparison.Ordinal); // output-encoded
        Assert.Equal(email, page.QuerySelector("input[name='Email']")?.GetAttribute("value"));
        Assert.Equal("Europe/Berlin", page.QuerySelector("select[name='TimeZoneId'] option[selected]")?.GetAttribute("value") ?? html[html.IndexOf("Europe/Berlin", StringComparison.Ordinal)..][..200]);
        Assert.True(string.IsNullOrEmpty(page.QuerySelector("input[name='Password']")?.GetAttribute("value")));
    }

    private async Task<IdentityResult> ValidateAsync(string password)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { Id = Guid.NewGuid(), Email = "rules@example.test", UserName = "rules@example.test" };
        var errors = new List<IdentityError>();
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, user, password);
            errors.AddRange(result.Errors);
        }

        return errors.Count == 0 ? IdentityResult.Success : IdentityResult.Failed([.. errors]);
    }
}
