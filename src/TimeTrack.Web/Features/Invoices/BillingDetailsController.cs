using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TimeTrack.Domain.Billing;
using TimeTrack.Web.Authorization;
using TimeTrack.Web.Data;
using TimeTrack.Web.Disclosure;
using TimeTrack.Web.Features.Shared;

namespace TimeTrack.Web.Features.Invoices;

/// <summary>The organization as its invoices name it: legal name, address, tax number, payment terms and a default tax rate.</summary>
[Authorize(Policy = Policies.Admin)]
[ShowsNoOneElsesData("The organization's own billing details: no one's figures.")]
public sealed class BillingDetailsController(TimeTrackDbContext db) : OrgController
{
    private const string ViewPath = "~/Features/Invoices/BillingDetails.cshtml";

    [HttpGet("admin/billing")]
    public async Task<IActionResult> Edit(CancellationToken cancellationToken)
    {
        var profile = await db.BillingProfiles.AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        var form = profile is null
            ? new BillingDetailsForm { LegalName = await db.Organizations.AsNoTracking().Where(o => o.Id == db.CurrentTenantId).Select(o => o.Name).SingleAsync(cancellationToken) }
            : new BillingDetailsForm
            {
                LegalName = profile.LegalName,
                Address = profile.Address,
                TaxNumber = profile.TaxNumber,
                PaymentTermsDays = profile.PaymentTermsDays,
                DefaultTaxRate = profile.DefaultTaxRate,
            };
        return View(ViewPath, form);
    }

    [HttpPost("admin/billing")]
    public async Task<IActionResult> Save([Bind(Prefix = "Billing")] BillingDetailsForm form, CancellationToken cancellationToken)
    {
        if (form.DefaultTaxRate is { } rate && decimal.Round(rate, 2) != rate)
        {
            ModelState.AddModelError("Billing.DefaultTaxRate", "Use at most two decimals.");
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View(ViewPath, form);
        }

        var profile = await db.BillingProfiles.SingleOrDefaultAsync(cancellationToken);
        if (profile is null)
        {
            profile = new BillingProfile();
            db.BillingProfiles.Add(profile);
        }

        profile.LegalName = form.LegalName!.Trim();
        profile.Address = form.Address!.Trim();
        profile.TaxNumber = form.TaxNumber?.Trim() ?? "";
        profile.PaymentTermsDays = form.PaymentTermsDays;
        profile.DefaultTaxRate = form.DefaultTaxRate;
        await db.SaveChangesAsync(cancellationToken);
        TempData["Notice"] = "Billing details saved. New invoices use them; issued ones keep theirs.";
        return LocalRedirect($"/{OrgSlug}/admin/billing");
    }
}
