using Microsoft.AspNetCore.Mvc;
using TimeTrack.Domain.Visibility;
using TimeTrack.Web.Features.Shared;
using TimeTrack.Web.Transparency;

namespace TimeTrack.Web.Features.Transparency;

public sealed class TransparencyController(PolicyStore policies) : OrgController
{
    [HttpGet("transparency")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        View(new TransparencyModel(await policies.ActiveAsync(cancellationToken)));
}

public sealed record TransparencyModel(TransparencyPolicy Policy);
