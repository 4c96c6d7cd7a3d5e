using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TimeTrack.Web.Data;
using TimeTrack.Web.Tenancy;

namespace TimeTrack.Web.Features.Reports;

public sealed record SavedReportLink(Guid Id, string Name, string Query);

/// <summary>The save form (carrying the filters of the report on screen) and the person's own saved reports.</summary>
public sealed record SavedReportsModel(string Org, SaveReportForm Form, IReadOnlyList<SavedReportLink> Saved);

/// <summary>
/// Saved reports beside the report form. Rendered on the reports page with the page's filters, and on
/// the save form's error page with what was posted.
/// </summary>
public sealed class SavedReportsViewComponent(TimeTrackDbContext db, TenantContext tenant) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(SaveReportForm? form = null)
    {
        var userId = tenant.UserId ?? throw new InvalidOperationException("The reports page is for signed-in members only.");
        var saved = await db.SavedReports.AsNoTracking()
            .Where(r => r.OwnerUserId == userId)
            .OrderBy(r => r.Name)
            .Select(r => new SavedReportLink(r.Id, r.Name, r.Query))
            .ToListAsync(HttpContext.RequestAborted);
        var org = tenant.Slug ?? throw new InvalidOperationException("The reports page belongs to an organization.");
        // The page's filters are read through the same parser that stores them, so the form never echoes raw input.
        return View(
            "~/Features/Reports/Components/SavedReports/Default.cshtml",
            new SavedReportsModel(org, form ?? SavedReportQuery.FromRequest(HttpContext.Request.Query), saved));
    }
}
