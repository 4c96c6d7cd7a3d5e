using Microsoft.AspNetCore.Mvc;
using TimeTrack.Web.Disclosure;

namespace TimeTrack.Web.Features.Home;

[ShowsNoOneElsesData("The landing page.")]
public sealed class HomeController : Controller
{
    [HttpGet("/")]
    public IActionResult Index() => View();
}
