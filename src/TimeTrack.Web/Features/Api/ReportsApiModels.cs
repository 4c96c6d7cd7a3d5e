using System.ComponentModel;

namespace TimeTrack.Web.Features.Api;

[Description("Time by client, project, outcome, task or person over a period, as the transparency policy lets you see it.")]
public sealed record ReportResponse(
    ReportPeriodResponse Period,
    [property: Description("client, project, outcome, task or person")] string GroupBy,
    [property: Description("One row per group, by label; nobody is ranked.")] IReadOnlyList<ReportRowResponse> Rows,
    [property: Description("The grand total; withheld whenever any row is, since the total minus the shown rows would reveal it.")] ReportRowResponse Total,
    [property: Description("The smallest number of people the policy shows in aggregate (k).")] int MinimumGroupSize,
    [property: Description("ISO 4217 code of the amounts: the organization's currency.")] string Currency,
    [property: Description("people (those the policy shows you one by one), groups (group figures of the organization or a team) or billing (billable hours and amounts per client and project).")] string Scope,
    [property: Description("How the figures were made: for groups and billing, the whole released calendar months the period was widened to, and months not released yet.")] IReadOnlyList<string> Notes);

public sealed record ReportPeriodResponse(
    [property: Description("First day (yyyy-MM-dd), included.")] string From,
    [property: Description("Last day (yyyy-MM-dd), included.")] string To);

public sealed record ReportRowResponse(
    [property: Description("Id of the client, project, outcome, task or person; null for time without one (and for the total).")] Guid? Key,
    string Label,
    [property: Description("Hours, rounded to two decimals; null when withheld.")] decimal? Hours,
    bool Withheld,
    [property: Description("Why the figure is withheld; null when it is shown.")] string? Reason,
    [property: Description("The billable part of hours; null when hours is.")] decimal? BillableHours,
    [property: Description("The billable hours priced at the rates in force on each day, in currency; null when withheld.")] decimal? Amount,
    [property: Description("True when the amount is withheld: the hours are, or the policy does not show you these rates.")] bool AmountWithheld,
    [property: Description("Why the amount is withheld; null when it is shown.")] string? AmountReason,
    [property: Description("Billable hours no rate covers, left out of amount; null when the amount is withheld.")] decimal? UnpricedHours);

[Description("A report definition you saved: its filters, never its figures.")]
public sealed record SavedReportResponse(
    Guid Id,
    string Name,
    [property: Description("The reports page's query string (without '?'); the same filters open it at /{org}/reports?query.")] string Query);
