using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TimeTrack.Web.Data;
using TimeTrack.Web.Infrastructure.Email;
using TimeTrack.Web.Infrastructure.Passwords;
using TimeTrack.Web.Infrastructure.Sessions;

namespace TimeTrack.Web.Extensions;

public static class IdentityExtensions
{
    public static IHostApplicationBuilder AddTimeTrackIdentity(this IHostApplicationBuilder builder)
    {
        var requireConfirmedEmail = builder.Configuration.GetValue("Identity:RequireConfirmedEmail", true);

        builder.Services
            .AddIdentity<ApplicationUser, IdentityRole<Guid>>(options =>
            {
                // OWASP ASVS 5.0 §6.2: length, not composition; long passphrases welcome; common ones refused.
                options.Password.RequiredLength = PasswordRules.MinimumLength;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredUniqueChars = 1;

                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = builder.Configuration.GetValue("Identity:MaxFailedAccessAttempts", 5);
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);

                options.User.RequireUniqueEmail = true;
                options.SignIn.RequireConfirmedEmail = requireConfirmedEmail;
                options.SignIn.RequireConfirmedAccount = requireConfirmedEmail;
            })
            .AddEntityFrameworkStores<TimeTrackDbContext>()
            .AddDefaultTokenProviders()
            .AddPasswordValidator<PasswordRules>();

        // The stamp is checked on every request: logout and password changes end every session at once.
        builder.Services.Replace(ServiceDescriptor.Scoped<ISecurityStampValidator, CurrentStampValidator>());

        builder.Services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/account/login";
            options.LogoutPath = "/account/logout";
            options.AccessDeniedPath = "/account/access-denied";
            options.Cookie.Name = "timetrack.auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = builder.Environment.IsDevelopment()
                ? CookieSecurePolicy.SameAsRequest
                : CookieSecurePolicy.Always;
            options.SlidingExpiration = true;
            options.ExpireTimeSpan = TimeSpan.FromHours(12);
            options.Events.OnSignedIn = Localization.Cultures.RecordBrowserCultureAsync;
        });

        foreach (var scheme in new[] { IdentityConstants.TwoFactorUserIdScheme, IdentityConstants.TwoFactorRememberMeScheme, IdentityConstants.ExternalScheme })
        {
            builder.Services.Configure<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(scheme, options =>
            {
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = builder.Environment.IsDevelopment()
                    ? CookieSecurePolicy.SameAsRequest
                    : CookieSecurePolicy.Always;
            });
        }

        builder.Services.AddSingleton(CommonPasswords.LoadEmbedded());
        builder.Services.AddOptions<EmailOptions>().Bind(builder.Configuration.GetSection(EmailOptions.Section));
        builder.Services.AddSingleton<IEmailSender, MailKitEmailSender>();
        builder.Services.AddScoped<Features.Account.AccountEmails>();
        return builder;
    }
}
