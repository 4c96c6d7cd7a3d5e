using System.Net;
using OtpNet;
using TimeTrack.Web.Tests.Infrastructure;

namespace TimeTrack.Web.Tests.Identity;

[Collection(AppCollection.Name)]
public sealed class TwoFactorTests(TimeTrackFactory factory)
{
    [Fact]
    public async Task Person_enrols_an_authenticator_and_then_signs_in_with_a_TOTP_code()
    {
        var email = await TestUsers.CreateAsync(factory.Services, "totp");
        var client = factory.CreateBrowserlikeClient();
        await client.LogInAsync(email, TestUsers.Password);

        // Without a key, the enrolment page sends the person to the status page, which creates one only on POST.
        var before = await client.GetAsync("/account/manage/two-factor/enable");
        Assert.Equal(HttpStatusCode.Redirect, before.StatusCode);
        var setUp = await client.SubmitAsync("/account/manage/two-factor", "/account/manage/two-factor/setup", new Dictionary<string, string>());
        Assert.Equal("/account/manage/two-factor/enable", setUp.Headers.Location!.OriginalString);

        // Enrolment page: a QR code image and the same key as text.
        var enable = await client.GetDocumentAsync("/account/manage/two-factor/enable");
        var qr = enable.QuerySelector("img[src^='data:image/png;base64,']");
        Assert.NotNull(qr);
        Assert.False(string.IsNullOrWhiteSpace(qr!.GetAttribute("alt")));
        var key = enable.QuerySelector("dd code")!.TextContent.Replace(" ", "", StringComparison.Ordinal).Trim();
        var totp = new Totp(Base32Encoding.ToBytes(key));

        // A wrong code is refused and 2FA stays off.
        var wrong = await client.SubmitAsync("/account/manage/two-factor/enable", new Dictionary<string, string> { ["Code"] = "000000" == totp.ComputeTotp() ? "111111" : "000000" });
        Assert.NotEqual(HttpStatusCode.Redirect, wrong.StatusCode);

        var verified = await client.SubmitAsync("/account/manage/two-factor/enable", new Dictionary<string, string> { ["Code"] = totp.ComputeTotp() });
        var codesPage = verified.StatusCode == HttpStatusCode.Redirect
            ? await client.GetDocumentAsync(verified.Headers.Location!.OriginalString)
            : await Forms.ParseAsync(verified);
        var recoveryCodes = codesPage.QuerySelectorAll("ul.recovery-codes li").Select(li => li.TextContent.Trim()).ToList();
        Assert.Equal(10, recoveryCodes.Count);

        // Sign out, sign in again: the password alone is not enough.
        await client.SubmitAsync("/account/manage", "/account/logout", new Dictionary<string, string>());
        var login = await client.SubmitAsync("/account/login", new Dictionary<string, string> { ["Email"] = email, ["Password"] = TestUsers.Password });
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var twoFactorUrl = login.Headers.Location!.OriginalString;
        Assert.StartsWith("/account/login-2fa", twoFactorUrl, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/organizations")).StatusCode);

        var second = await client.SubmitAsync(twoFactorUrl, "/account/login-2fa", new Dictionary<string, string> { ["Code"] = totp.ComputeTotp() });
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/organizations")).StatusCode);

        // A recovery code works once.
        var other = factory.CreateBrowserlikeClient();
        await other.SubmitAsync("/account/login", new Dictionary<string, string> { ["Email"] = email, ["Password"] = TestUsers.Password });
        var recovered = await other.SubmitAsync("/account/login-recovery", new Dictionary<string, string> { ["RecoveryCode"] = recoveryCodes[0] });
        Assert.Equal(HttpStatusCode.Redirect, recovered.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/organizations")).StatusCode);

        var third = factory.CreateBrowserlikeClient();
        await third.SubmitAsync("/account/login", new Dictionary<string, string> { ["Email"] = email, ["Password"] = TestUsers.Password });
        var reused = await third.SubmitAsync("/account/login-recovery", new Dictionary<string, string> { ["RecoveryCode"] = recoveryCodes[0] });
        Assert.NotEqual(HttpStatusCode.Redirect, reused.StatusCode);
    }
}
