using Microsoft.AspNetCore.Mvc;
using TimeTrack.Web.Features.Shared;

namespace TimeTrack.Web.Features.Digests;

public sealed class DigestsController : OrgController
{
    [HttpGet("digests")]
    public IActionResult Index() => View();
}
