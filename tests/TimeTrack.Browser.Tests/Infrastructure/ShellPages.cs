namespace TimeTrack.Browser.Tests.Infrastructure;

/// <summary>A page the shell reaches, with the person who reaches it (null: anonymous) and the status it answers.</summary>
public sealed record ShellPage(string Name, string? User, string Path, int Status);

/// <summary>A form that, sent empty with its submit button, comes back with its error messages (status 422).</summary>
public sealed record FormSentEmpty(string Name, string? User, string Path, string Button);

/// <summary>The pages every whole-page check (accessibility, HTML validity) goes through.</summary>
public static class ShellPages
{
    public static IReadOnlyList<ShellPage> All { get; } =
    [
        new("home", null, "/", 200),
        new("login", null, "/account/login", 200),
        new("register", null, "/account/register", 200),
        new("not found", null, "/no/such/page", 404),
        new("my time", "alice@acme.test", "/acme/time", 200),
        new("digests", "alice@acme.test", "/acme/digests", 200),
        new("last week's digest", "alice@acme.test", $"/acme/digests/{LastWeekInAcme}", 200),
        new("team digests", "manager@acme.test", "/acme/team/digests", 200),
        new("transparency", "alice@acme.test", "/acme/transparency", 200),
        new("organizations", "alice@acme.test", "/organizations", 200),
        new("new organization", "alice@acme.test", "/organizations/new", 200),
        new("account settings", "alice@acme.test", "/account/manage", 200),
        new("not found (signed in)", "alice@acme.test", "/acme/no-such-page", 404),
        new("team", "manager@acme.test", "/acme/team", 200),
        new("team (employee)", "alice@acme.test", "/acme/team", 200),
        new("team (admin, suppressed groups)", "admin@acme.test", "/acme/team", 200),
        new("see what my manager sees", "alice@acme.test", "/acme/transparency/manager-view", 200),
        new("see what my manager sees (no team manager)", "admin@acme.test", "/acme/transparency/manager-view", 200),
        new("admin", "admin@acme.test", "/acme/admin", 200),
        new("getting started", "admin@acme.test", "/acme/admin/getting-started", 200),
        new("organization settings", "admin@acme.test", "/acme/admin/organization", 200),
        new("work", "manager@acme.test", "/acme/work", 200),
        new("reports (by person)", "manager@acme.test", "/acme/reports?preset=last-week&groupBy=person", 200),
        new("reports (admin, suppressed rows)", "admin@acme.test", "/acme/reports?preset=last-week&groupBy=project", 200),
        new("new project", "manager@acme.test", "/acme/work/projects/new", 200),
        new("policy editor", "admin@acme.test", "/acme/admin/policy", 200),
        new("rates", "admin@acme.test", "/acme/admin/rates", 200),
        new("teams", "admin@acme.test", "/acme/admin/teams", 200),
        new("policy history", "alice@acme.test", "/acme/transparency/history", 200),
        new("policy version", "alice@acme.test", "/acme/transparency/history/1", 200),
        new("working hours", "alice@acme.test", "/acme/settings/working-hours", 200),
        new("timesheet", "alice@acme.test", "/acme/time/timesheet", 200),
        new("calendar", "alice@acme.test", "/acme/time/calendar", 200),
        new("my insights", "alice@acme.test", "/acme/time/insights?period=month", 200),
        new("api tokens", "alice@acme.test", "/acme/settings/tokens", 200),
        new("api reference", "alice@acme.test", "/api", 200),
        new("pulse surveys", "alice@acme.test", "/acme/pulse", 200),
        new("new pulse survey", "admin@acme.test", "/acme/pulse/new", 200),
        new("timesheet approvals", "manager@acme.test", "/acme/team/approvals", 200),
        new("timesheet approvals (admin)", "admin@acme.test", "/acme/team/approvals", 200),
        new("payroll export", "manager@acme.test", "/acme/team/payroll", 200),
        new("team dashboard", "manager@acme.test", "/acme/team/dashboard?period=4weeks", 200),
        new("team dashboard (admin, suppressed)", "admin@acme.test", "/acme/team/dashboard", 200),
        new("invoices", "admin@acme.test", "/acme/invoices", 200),
        new("new invoice", "admin@acme.test", "/acme/invoices/new", 200),
        new("billing details", "admin@acme.test", "/acme/admin/billing", 200),
        new("import (own time)", "alice@acme.test", "/acme/import", 200),
        new("import (organization)", "admin@acme.test", "/acme/import", 200),
        new("your data", "alice@acme.test", "/acme/me/data", 200),
    ];

    /// <summary>The first day of last week in acme (Monday weeks, Europe/Berlin): the week the demo seed gives everyone a digest of.</summary>
    public static string LastWeekInAcme
    {
        get
        {
            var today = NodaTime.SystemClock.Instance.GetCurrentInstant().InZone(NodaTime.DateTimeZoneProviders.Tzdb["Europe/Berlin"]).Date;
            var monday = today.PlusDays(-((int)today.DayOfWeek - 1));
            return monday.PlusDays(-7).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    public static IReadOnlyList<FormSentEmpty> FormsSentEmpty { get; } =
    [
        new("login", null, "/account/login", "Log in"),
        new("register", null, "/account/register", "Create account"),
        new("new organization", "alice@acme.test", "/organizations/new", "Create organization"),
        new("new project", "manager@acme.test", "/acme/work/projects/new", "Create project"),
        new("new pulse survey", "admin@acme.test", "/acme/pulse/new", "Open survey"),
        new("save a report", "manager@acme.test", "/acme/reports", "Save report"),
        new("add a rate", "admin@acme.test", "/acme/admin/rates", "Add rate"),
        new("create a team", "admin@acme.test", "/acme/admin/teams", "Create team"),
    ];
}
