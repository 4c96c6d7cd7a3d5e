using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TimeTrack.Web.Authorization;
using TimeTrack.Web.Features.Shared;

namespace TimeTrack.Web.Features.Team;

[Authorize(Policy = Policies.Manager)]
public sealed class TeamController : OrgController
{
    [HttpGet("team")]
    public IActionResult Index() => View();
}
