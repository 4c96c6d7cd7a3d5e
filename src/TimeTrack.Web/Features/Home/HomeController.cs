using Microsoft.AspNetCore.Mvc;

namespace TimeTrack.Web.Features.Home;

public sealed class HomeController : Controller
{
    [HttpGet("/")]
    public IActionResult Index() => View();
}
