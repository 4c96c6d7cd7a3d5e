using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using NodaTime;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Time;
using TimeTrack.Web.Disclosure;
using TimeTrack.Web.Localization;
using TimeTrack.Web.Tenancy;

namespace TimeTrack.Web.Features.Organizations;

[ShowsNoOneElsesData("The person's own organizations.")]
[Authorize]
public sealed class OrganizationsController(MembershipDirectory directory, OrganizationProvisioning provisioning, IStringLocalizer<SharedResource> text) : Controller
{
    [HttpGet("/organizations")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var userId = OrganizationRouteMiddleware.GetUserId(User)!.Value;
        return View(await directory.ForUserAsync(userId, cancellationToken));
    }

    [HttpGet("/organizations/new")]
    public IActionResult New() => View(new NewOrganizationForm());

    [HttpPost("/organizations/new")]
    public async Task<IActionResult> Create(NewOrganizationForm form, CancellationToken cancellationToken)
    {
        form.Slug = string.IsNullOrWhiteSpace(form.Slug) && form.Name is not null
            ? OrganizationSlug.Suggest(form.Name)
            : form.Slug?.Trim().ToLowerInvariant();
        ModelState.Remove(nameof(form.Slug));
        if (await provisioning.ValidateSlugAsync(form.Slug, cancellationToken) is { } slugProblem)
        {
            ModelState.AddModelError(nameof(form.Slug), slugProblem);
        }

        if (!TimeZones.IsKnown(form.TimeZoneId))
        {
            ModelState.AddModelError(nameof(form.TimeZoneId), "Choose a time zone from the list.");
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View(nameof(New), form);
        }

        var userId = OrganizationRouteMiddleware.GetUserId(User)!.Value;
        var organization = await provisioning.CreateAsync(
            new OrganizationProvisioning.NewOrganization(form.Name!, form.Slug!, form.TimeZoneId!, form.WeekStart),
            userId,
            cancellationToken);
        TempData["Notice"] = text["{0} is ready. You are its owner.", organization.Name].Value;
        return Redirect($"/{organization.Slug}/admin/getting-started");
    }
}

public sealed class NewOrganizationForm
{
    [Required(ErrorMessage = "Enter your organization's name.")]
    [StringLength(120, ErrorMessage = "Use at most 120 characters.")]
    [Display(Name = "Organization name")]
    public string? Name { get; set; }

    [Display(Name = "Address", Description = "Your pages will live at /address/... Leave empty to derive it from the name.")]
    public string? Slug { get; set; }

    [Display(Name = "Time zone")]
    public string? TimeZoneId { get; set; } = "UTC";

    [Display(Name = "Weeks start on")]
    public IsoDayOfWeek WeekStart { get; set; } = IsoDayOfWeek.Monday;
}
