using Microsoft.AspNetCore.Mvc;
using TimeTrack.Web.Features.Shared;

namespace TimeTrack.Web.Features.Time;

public sealed class TimeController : OrgController
{
    [HttpGet("")]
    public IActionResult OrgHome() => RedirectToAction(nameof(Index), new { org = OrgSlug });

    [HttpGet("time")]
    public IActionResult Index() => View();
}
