using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TimeTrack.Web.Authorization;
using TimeTrack.Web.Disclosure;
using TimeTrack.Web.Features.Shared;

namespace TimeTrack.Web.Features.Admin;

/// <summary>
/// The old home of the tracking settings. Working hours, overlaps and how far back entries may
/// change are now part of the transparency policy, versioned and announced like any rule about
/// people's data, so they are edited there.
/// </summary>
[ShowsNoOneElsesData("The organization's tracking settings.")]
[Authorize(Policy = Policies.Admin)]
public sealed class TrackingController : OrgController
{
    [HttpGet("admin/tracking")]
    public IActionResult Index() => Redirect($"/{OrgSlug}/admin/policy#settings");
}
