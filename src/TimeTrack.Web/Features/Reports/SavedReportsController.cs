using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Text;
using Npgsql;
using TimeTrack.Domain.Time;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Data;
using TimeTrack.Web.Features.Shared;
using TimeTrack.Web.Infrastructure.Input;
using TimeTrack.Web.Reports;
using TimeTrack.Web.Tenancy;

namespace TimeTrack.Web.Features.Reports;

/// <summary>
/// A person's saved report definitions: a name and the report's filters, private to their owner. They
/// hold no figures, so opening one runs the report again under the policy in force for whoever opens it.
/// </summary>
public sealed class SavedReportsController(
    TimeTrackDbContext db,
    IClock clock,
    Microsoft.Extensions.Localization.IStringLocalizer<Localization.SharedResource> text) : OrgController
{
    public const string DuplicateName = "You already have a saved report with this name.";

    [HttpPost("reports/saved")]
    public async Task<IActionResult> Save(SaveReportForm form, CancellationToken cancellationToken)
    {
        var userId = CurrentUserId;
        var name = form.Name?.Trim();
        var (query, error) = SavedReportQuery.Build(form);
        if (error is null && ModelState.Any(e => e.Key != nameof(SaveReportForm.Name) && e.Value is { Errors.Count: > 0 }))
        {
            // Only a hand-made request gets here: the page writes the ids it was shown.
            error = "The report's filters are not valid: show the report again, then save it.";
        }

        if (error is not null)
        {
            ModelState.AddModelError(string.Empty, error);
        }

        if (ModelState.IsValid && name is { Length: > 0 }
            && await db.SavedReports.AnyAsync(r => r.OwnerUserId == userId && r.Name == name, cancellationToken))
        {
            ModelState.AddModelError(nameof(SaveReportForm.Name), DuplicateName);
        }

        if (!ModelState.IsValid || name is not { Length: > 0 } || query is null)
        {
            return Invalid(form);
        }

        db.SavedReports.Add(new SavedReport
        {
            Id = Guid.CreateVersion7(),
            OwnerUserId = userId,
            Name = name,
            Query = query,
            CreatedAt = clock.GetCurrentInstant(),
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // The same name saved twice at once: the unique index decides, and the loser hears why.
            db.ChangeTracker.Clear();
            ModelState.AddModelError(nameof(SaveReportForm.Name), DuplicateName);
            return Invalid(form);
        }

        TempData["Notice"] = text["Report “{0}” saved.", name].Value;
        return LocalRedirect(ReportUrl(query));
    }

    [HttpPost("reports/saved/{id:guid}/delete")]
    [RequireConfirmation("Nothing was deleted: tick “Yes, delete” next to the saved report to confirm.")]
    public async Task<IActionResult> Delete(Guid id, CancellationToken cancellationToken)
    {
        var userId = CurrentUserId;
        var saved = await db.SavedReports.FirstOrDefaultAsync(r => r.Id == id && r.OwnerUserId == userId, cancellationToken);
        if (saved is null)
        {
            return NotFound();
        }

        db.SavedReports.Remove(saved);
        await db.SaveChangesAsync(cancellationToken);
        TempData["Notice"] = text["Saved report “{0}” deleted.", saved.Name].Value;
        return LocalRedirect($"/{OrgSlug}/reports");
    }

    private Guid CurrentUserId => OrganizationRouteMiddleware.GetUserId(User)
        ?? throw new InvalidOperationException("The member policy lets only signed-in people through.");

    private string ReportUrl(string query) => query.Length == 0 ? $"/{OrgSlug}/reports" : $"/{OrgSlug}/reports?{query}";

    private ViewResult Invalid(SaveReportForm form)
    {
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View("~/Features/Reports/SaveReport.cshtml", form);
    }
}

/// <summary>The save form: a name, and the filters of the report on screen as the report form names them.</summary>
public sealed class SaveReportForm : ReportForm
{
    [Required(ErrorMessage = "Enter a name for this report.")]
    [StringLength(100, ErrorMessage = "Use at most 100 characters.")]
    [Display(Name = "Name")]
    public string? Name { get; set; }
}

/// <summary>
/// Turns report filters into the query string a saved report keeps. Only the report form's own fields
/// are read and each is written back from its parsed value, so nothing a request carries besides them
/// (or any text inside them) ever reaches a stored link.
/// </summary>
public static class SavedReportQuery
{
    private static readonly string[] Guids = ["client", "project", "outcome", "task", "person", "team"];

    /// <summary>The filters of the report a page request shows, as the save form carries them.</summary>
    public static SaveReportForm FromRequest(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        Guid? Id(string name) => Guid.TryParse(query[name].ToString(), out var id) ? id : null;
        string? Text(string name) => query[name].ToString() is { Length: > 0 } value ? value : null;
        return new SaveReportForm
        {
            Preset = Text("preset"),
            From = Text("from"),
            To = Text("to"),
            GroupBy = Text("groupBy"),
            Client = Id("client"),
            Project = Id("project"),
            Outcome = Id("outcome"),
            Task = Id("task"),
            Person = Id("person"),
            Team = Id("team"),
            Scope = Text("scope"),
        };
    }

    /// <summary>The query string to store (without '?'), or why these filters cannot be saved.</summary>
    public static (string? Query, string? Error) Build(SaveReportForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var parts = new List<string>();
        if (Enum.GetNames<ReportScope>().FirstOrDefault(n => string.Equals(n, form.Scope, StringComparison.OrdinalIgnoreCase)) is { } scope)
        {
            parts.Add("scope=" + scope.ToLowerInvariant());
        }

        var preset = ReportsPageModel.Presets.Select(p => p.Value).FirstOrDefault(p => p == form.Preset);
        if (preset is not null)
        {
            // A preset is kept as such: the saved report is "last month" whenever it is opened.
            parts.Add("preset=" + preset);
        }
        else if (form.From is not null || form.To is not null)
        {
            if (Date(form.From) is not { } from || Date(form.To) is not { } to)
            {
                return (null, "The report's dates are not valid: show a report with both dates as yyyy-mm-dd, then save it.");
            }

            if (to < from)
            {
                return (null, "The report's period ends before it starts: correct it, then save it.");
            }

            parts.Add("from=" + ReportPeriod.Iso(from));
            parts.Add("to=" + ReportPeriod.Iso(to));
        }

        if (Enum.GetNames<ReportGrouping>().FirstOrDefault(n => string.Equals(n, form.GroupBy, StringComparison.OrdinalIgnoreCase)) is { } grouping)
        {
            parts.Add("groupBy=" + grouping.ToLowerInvariant());
        }

        Guid?[] ids = [form.Client, form.Project, form.Outcome, form.Task, form.Person, form.Team];
        for (var i = 0; i < Guids.Length; i++)
        {
            if (ids[i] is { } id)
            {
                parts.Add($"{Guids[i]}={id:D}");
            }
        }

        return (string.Join("&", parts), null);
    }

    private static LocalDate? Date(string? text) => SupportedDates.Parse(text);
}
