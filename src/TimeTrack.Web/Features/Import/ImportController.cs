using System.ComponentModel.DataAnnotations;
using Hangfire;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using TimeTrack.Domain.Imports;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Web.Data;
using TimeTrack.Web.Disclosure;
using TimeTrack.Web.Features.Shared;
using TimeTrack.Web.Infrastructure.Input;
using TimeTrack.Web.Tenancy;

namespace TimeTrack.Web.Features.Import;

/// <summary>
/// Importing another tracker's export: upload, mapping of its names, dry run, confirmation (ADR 020).
/// Admins import the organization's time (rows go to people by email); anyone imports their own. A
/// batch is seen only by the person who uploaded it, and its pages show that upload back to them.
/// </summary>
[ShowsNoOneElsesData("The importer's own upload: its names, counts and the lines of their file that cannot be imported.")]
public sealed class ImportController(
    TimeTrackDbContext db,
    TenantContext tenant,
    ImportPlanner planner,
    ImportFiles files,
    ImportRunner runner,
    IBackgroundJobClient jobs,
    IClock clock) : OrgController
{
    /// <summary>The largest export accepted (the rest of the app takes 1 MiB bodies, ADR 013).</summary>
    public const long MaximumFileBytes = 200L * 1024 * 1024;

    private const string IndexView = "~/Features/Import/Index.cshtml";
    private const string BatchView = "~/Features/Import/Batch.cshtml";

    private Guid UserId => OrganizationRouteMiddleware.GetUserId(User)
        ?? throw new InvalidOperationException("The member policy lets only signed-in people through.");

    private bool IsAdmin => tenant.Role is OrgRole.Admin or OrgRole.Owner;

    [HttpGet("import")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        View(IndexView, await IndexModelAsync(new UploadForm { Scope = IsAdmin ? ImportScope.Organization : ImportScope.Own }, cancellationToken));

    [HttpPost("import")]
    [RequestSizeLimit(MaximumFileBytes)]
    [RequestFormLimits(MultipartBodyLengthLimit = MaximumFileBytes)]
    public async Task<IActionResult> Upload([Bind(Prefix = "Upload")] UploadForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (form.Scope == ImportScope.Organization && !IsAdmin)
        {
            ModelState.AddModelError("Upload.Scope", "Only admins import the organization's time; choose your own time.");
        }

        if (form.File is not { Length: > 0 } file)
        {
            ModelState.AddModelError("Upload.File", "Choose the export file.");
            return Invalid(await IndexModelAsync(form, cancellationToken));
        }

        if (!ModelState.IsValid)
        {
            return Invalid(await IndexModelAsync(form, cancellationToken));
        }

        await using var stream = file.OpenReadStream();
        if (!TrackerExport.TryOpen(stream, out var export, out var problem))
        {
            ModelState.AddModelError("Upload.File", problem);
            return Invalid(await IndexModelAsync(form, cancellationToken));
        }

        var plan = ImportPlanner.Collect(export, cancellationToken);
        await planner.ResolveAsync(plan, form.Scope, UserId, null, null, cancellationToken);
        var now = clock.GetCurrentInstant();
        var batch = new ImportBatch
        {
            Id = Guid.CreateVersion7(),
            UserId = UserId,
            Scope = form.Scope,
            FileName = Path.GetFileName(file.FileName) is { Length: > 0 and <= 260 } name ? name : "export.csv",
            SizeBytes = file.Length,
            FormatName = export.FormatName,
            Status = ImportStatus.Mapping,
            Mappings = plan.ToJson(),
            RowsRead = plan.Rows,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.ImportBatches.Add(batch);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        var sha256 = await files.StoreAsync(batch.Id, stream, cancellationToken);
        await db.ImportBatches.Where(b => b.Id == batch.Id).ExecuteUpdateAsync(b => b.SetProperty(x => x.Sha256, sha256), cancellationToken);
        return RedirectToBatch(batch.Id);
    }

    [HttpGet("import/{id:guid}")]
    public async Task<IActionResult> Show(Guid id, CancellationToken cancellationToken)
    {
        var batch = await OwnBatchAsync(id, cancellationToken);
        return batch is null ? NotFound() : View(BatchView, await BatchModelAsync(batch, cancellationToken));
    }

    [HttpPost("import/{id:guid}/mapping")]
    public async Task<IActionResult> Map(Guid id, [Bind(Prefix = "Mapping")] MappingForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var batch = await OwnBatchAsync(id, cancellationToken);
        if (batch is null)
        {
            return NotFound();
        }

        if (batch.Status != ImportStatus.Mapping)
        {
            return RedirectToBatch(id);
        }

        var plan = ImportPlan.Parse(batch.Mappings);
        await planner.ResolveAsync(
            plan,
            batch.Scope,
            UserId,
            batch.Scope == ImportScope.Organization ? form.People.Select(Choice).ToList() : null,
            form.Projects.Select(Choice).ToList(),
            cancellationToken);
        var started = await db.ImportBatches.Where(b => b.Id == id && b.Status == ImportStatus.Mapping).ExecuteUpdateAsync(
            b => b.SetProperty(x => x.Mappings, plan.ToJson())
                .SetProperty(x => x.Status, ImportStatus.Staging)
                .SetProperty(x => x.RowsRead, 0)
                .SetProperty(x => x.BytesRead, 0)
                .SetProperty(x => x.UpdatedAt, clock.GetCurrentInstant()),
            cancellationToken);
        if (started > 0)
        {
            if (batch.SizeBytes <= ImportJobs.InlineBytes)
            {
                await runner.StageAsync(id, cancellationToken);
            }
            else
            {
                jobs.Enqueue<ImportJobs>(j => j.StageAsync(tenant.RequiredTenantId, UserId, id));
            }
        }

        return RedirectToBatch(id);
    }

    [HttpPost("import/{id:guid}/confirm")]
    public async Task<IActionResult> Confirm(Guid id, CancellationToken cancellationToken)
    {
        var batch = await OwnBatchAsync(id, cancellationToken);
        if (batch is null)
        {
            return NotFound();
        }

        var started = await db.ImportBatches
            .Where(b => b.Id == id && b.Status == ImportStatus.Staged && b.RejectedRows == 0)
            .ExecuteUpdateAsync(b => b.SetProperty(x => x.Status, ImportStatus.Importing).SetProperty(x => x.UpdatedAt, clock.GetCurrentInstant()), cancellationToken);
        if (started > 0)
        {
            if (batch.SizeBytes <= ImportJobs.InlineBytes)
            {
                await runner.ConfirmAsync(id, cancellationToken);
            }
            else
            {
                jobs.Enqueue<ImportJobs>(j => j.ConfirmAsync(tenant.RequiredTenantId, UserId, id));
            }
        }

        return RedirectToBatch(id);
    }

    [HttpPost("import/{id:guid}/cancel")]
    [RequireConfirmation("The import was not cancelled: tick “Yes, cancel this import” to confirm; its staged rows would be gone.")]
    public async Task<IActionResult> Cancel(Guid id, CancellationToken cancellationToken)
    {
        var batch = await OwnBatchAsync(id, cancellationToken);
        if (batch is null)
        {
            return NotFound();
        }

        if (await runner.CancelAsync(id, cancellationToken))
        {
            TempData["Notice"] = "Import cancelled. Nothing was imported.";
        }

        return RedirectToBatch(id);
    }

    private static string? Choice(string? value) => string.IsNullOrWhiteSpace(value) ? "" : value.Trim();

    private LocalRedirectResult RedirectToBatch(Guid id) => LocalRedirect($"/{OrgSlug}/import/{id}");

    private ViewResult Invalid(ImportIndexModel model)
    {
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View(IndexView, model);
    }

    private Task<ImportBatch?> OwnBatchAsync(Guid id, CancellationToken cancellationToken) =>
        db.ImportBatches.AsNoTracking().SingleOrDefaultAsync(b => b.Id == id && b.UserId == UserId, cancellationToken);

    private async Task<ImportIndexModel> IndexModelAsync(UploadForm form, CancellationToken cancellationToken)
    {
        var recent = await db.ImportBatches.AsNoTracking()
            .Where(b => b.UserId == UserId)
            .OrderByDescending(b => b.CreatedAt)
            .Take(20)
            .Select(b => new BatchSummary(b.Id, b.FileName, b.FormatName, b.Status, b.Imported, b.CreatedAt))
            .ToListAsync(cancellationToken);
        return new ImportIndexModel(form, IsAdmin, recent, TrackerExport.AcceptedFormats);
    }

    private async Task<ImportBatchModel> BatchModelAsync(ImportBatch batch, CancellationToken cancellationToken)
    {
        var plan = ImportPlan.Parse(batch.Mappings);
        var mapping = batch.Status == ImportStatus.Mapping;
        return new ImportBatchModel
        {
            Batch = batch,
            Plan = plan,
            Members = mapping && batch.Scope == ImportScope.Organization ? await planner.MembersAsync(cancellationToken) : [],
            Projects = mapping ? await planner.ProjectsAsync(batch.Scope, UserId, cancellationToken) : [],
            Rejections = batch.Status == ImportStatus.Staged ? await runner.RejectionsAsync(batch.Id, cancellationToken) : [],
        };
    }
}

public sealed class UploadForm
{
    [Display(Name = "Export file")]
    public IFormFile? File { get; set; }

    [Display(Name = "Whose time")]
    public ImportScope Scope { get; set; }
}

/// <summary>The importer's choices, by position in the batch's lists: a member's or project's id, "new", or empty.</summary>
public sealed class MappingForm
{
    public List<string?> People { get; set; } = [];

    public List<string?> Projects { get; set; } = [];
}

public sealed record BatchSummary(Guid Id, string FileName, string FormatName, ImportStatus Status, int Imported, Instant CreatedAt);

public sealed record ImportIndexModel(UploadForm Upload, bool IsAdmin, IReadOnlyList<BatchSummary> Recent, string AcceptedFormats);

public sealed class ImportBatchModel
{
    public required ImportBatch Batch { get; init; }

    public required ImportPlan Plan { get; init; }

    public required IReadOnlyList<MemberOption> Members { get; init; }

    public required IReadOnlyList<ProjectOption> Projects { get; init; }

    public required IReadOnlyList<(int Line, string Reason)> Rejections { get; init; }

    /// <summary>How far the running step is, in percent of the file.</summary>
    public int Percent => Batch.SizeBytes == 0 ? 0 : (int)Math.Clamp(Batch.BytesRead * 100 / Batch.SizeBytes, 0, 100);

    public bool Running => Batch.Status is ImportStatus.Staging or ImportStatus.Importing;
}
