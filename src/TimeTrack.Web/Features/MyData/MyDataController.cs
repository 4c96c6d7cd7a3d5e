using Microsoft.AspNetCore.Mvc;
using NodaTime;
using TimeTrack.Domain.Transparency;
using TimeTrack.Web.Disclosure;
using TimeTrack.Web.Features.Shared;
using TimeTrack.Web.Tenancy;
using TimeTrack.Web.Tracking;

namespace TimeTrack.Web.Features.MyData;

/// <summary>
/// "Your data": a person asks for a copy of everything this organization holds about them, and
/// downloads it for a day once a job has prepared it. Only the person who asked can see the request
/// or download the file; anyone else (an admin included) is told it does not exist.
/// </summary>
[ShowsNoOneElsesData("A person's own data export: only the person it is about can see or download it.")]
public sealed class MyDataController(PersonalDataExports exports, TenantContext tenant, PersonTrackingProvider tracking, IClock clock) : OrgController
{
    [HttpGet("me/data")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var userId = CurrentUserId;
        var latest = await exports.LatestAsync(userId, cancellationToken);
        var zone = (await tracking.ForAsync(userId, cancellationToken)).Zone;
        var now = clock.GetCurrentInstant();
        return View(new MyDataModel(
            latest is null ? null : new ExportState(
                latest.Id,
                latest.Status == PersonalDataExportStatus.Preparing ? ExportStage.Preparing : latest.IsExpired(now) ? ExportStage.Expired : ExportStage.Ready,
                latest.RequestedAt.InZone(zone).LocalDateTime,
                latest.ExpiresAt?.InZone(zone).LocalDateTime,
                latest.Size),
            zone.Id));
    }

    [HttpPost("me/data")]
    public async Task<IActionResult> Prepare(CancellationToken cancellationToken)
    {
        var (_, created) = await exports.RequestAsync(tenant.RequiredTenantId, CurrentUserId, cancellationToken);
        TempData["Notice"] = created
            ? "Your data is being prepared. This page shows when it is ready to download."
            : "Your data is already being prepared. This page shows when it is ready to download.";
        return Redirect($"/{OrgSlug}/me/data");
    }

    [HttpGet("me/data/{id:guid}/download")]
    public async Task<IActionResult> Download(Guid id, CancellationToken cancellationToken)
    {
        var userId = CurrentUserId;
        var export = await exports.FindAsync(userId, id, cancellationToken);
        var now = clock.GetCurrentInstant();
        if (export is null || export.Status != PersonalDataExportStatus.Ready)
        {
            return NotFound();
        }

        if (!export.IsDownloadable(now))
        {
            Response.StatusCode = StatusCodes.Status410Gone;
            return View("Expired");
        }

        var zone = (await tracking.ForAsync(userId, cancellationToken)).Zone;
        Response.ContentType = "application/zip";
        Response.Headers.ContentDisposition =
            $"attachment; filename=\"{PersonalDataArchive.FileName(OrgSlug, (export.ReadyAt ?? now).InZone(zone).Date)}\"";
        Response.Headers.CacheControl = "no-store";
        if (export.Size is { } size)
        {
            Response.ContentLength = size;
        }

        if (!await exports.CopyFileAsync(userId, id, Response.Body, cancellationToken))
        {
            // Deleted between the two reads (the cleanup job): nothing was sent yet.
            Response.Headers.ContentDisposition = default;
            Response.ContentLength = null;
            return NotFound();
        }

        return new EmptyResult();
    }

    private Guid CurrentUserId => OrganizationRouteMiddleware.GetUserId(User)
        ?? throw new InvalidOperationException("A signed-in person is required.");
}

public enum ExportStage
{
    Preparing,
    Ready,
    Expired,
}

public sealed record ExportState(Guid Id, ExportStage Stage, LocalDateTime RequestedAt, LocalDateTime? ExpiresAt, long? Size);

public sealed record MyDataModel(ExportState? Latest, string TimeZone);
