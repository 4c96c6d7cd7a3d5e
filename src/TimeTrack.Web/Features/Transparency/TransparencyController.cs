using Microsoft.AspNetCore.Mvc;
using TimeTrack.Domain.Visibility;
using TimeTrack.Web.Features.Shared;

namespace TimeTrack.Web.Features.Transparency;

public sealed class TransparencyController : OrgController
{
    [HttpGet("transparency")]
    public IActionResult Index() => View(new TransparencyModel(VisibilityRules.Default));
}

public sealed record TransparencyModel(VisibilityRules Rules)
{
    public static IReadOnlyList<(DataCategory Category, string Label)> Categories { get; } =
    [
        (DataCategory.EntryDetails, "Entry details (descriptions, tags, exact times)"),
        (DataCategory.Totals, "Daily and weekly totals"),
        (DataCategory.ProjectTotals, "Time per project and outcome"),
        (DataCategory.LiveTimer, "Whether your timer is running"),
        (DataCategory.OutsideHours, "Entries outside your working hours"),
        (DataCategory.Digests, "Your weekly digests"),
        (DataCategory.Reflections, "Your reflections on digests"),
        (DataCategory.Rates, "Rates and billable amounts"),
        (DataCategory.WorkloadSignals, "Workload signals (framed as support needs)"),
    ];

    public static IReadOnlyList<(Audience Audience, string Label)> Audiences { get; } =
    [
        (Audience.TeamManager, "Your team's manager"),
        (Audience.OrganizationAdmins, "Organization admins"),
        (Audience.Teammates, "Your teammates"),
    ];

    public static string Describe(Granularity granularity) => granularity switch
    {
        Granularity.IndividualDetail => "Everything, with details",
        Granularity.IndividualTotals => "Your totals, no details",
        Granularity.Aggregate => "Only group totals",
        _ => "Nothing",
    };
}
