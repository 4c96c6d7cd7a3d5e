using Microsoft.AspNetCore.Mvc;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Web.Tenancy;

namespace TimeTrack.Web.Features.Admin;

/// <summary>The first-run checklist's card for owners and admins, on their pages until every step is done.</summary>
public sealed class GettingStartedViewComponent(TenantContext tenant, GettingStarted gettingStarted) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        if (tenant.Role is not (OrgRole.Admin or OrgRole.Owner) || !tenant.HasTenant)
        {
            return Content("");
        }

        var pending = await gettingStarted.PendingAsync(HttpContext.RequestAborted);
        return pending is null
            ? Content("")
            : View("~/Features/Admin/_GettingStartedCard.cshtml", new GettingStartedCardModel(tenant.Slug!, pending));
    }
}

public sealed record GettingStartedCardModel(string Slug, GettingStarted.Checklist Checklist)
{
    /// <summary>What the first step still to do is called.</summary>
    public string Next => Checklist.Steps.First(s => !s.Done).Kind switch
    {
        OnboardingStep.ZoneAndWeek => "check the time zone and week start",
        OnboardingStep.WorkingHours => "check the working days and hours",
        OnboardingStep.FirstProject => "create a first project",
        OnboardingStep.InvitePeople => "invite people",
        _ => "review the transparency policy",
    };

    public string NextKey => Checklist.Steps.First(s => !s.Done).Kind.Key();
}
