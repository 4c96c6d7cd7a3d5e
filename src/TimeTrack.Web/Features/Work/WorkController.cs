using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Authorization;
using TimeTrack.Web.Data;
using TimeTrack.Web.Disclosure;
using TimeTrack.Web.Features.Shared;

namespace TimeTrack.Web.Features.Work;

/// <summary>The organization's work structure at a glance, plus its clients and tags.</summary>
[ShowsNoOneElsesData("Clients, tasks, outcomes and tags: the organization's work structure.")]
[Authorize(Policy = Policies.Manager)]
public sealed class WorkController(
    TimeTrackDbContext db,
    Microsoft.Extensions.Localization.IStringLocalizer<Localization.SharedResource> text) : OrgController
{
    private const string DuplicateClient = "A client with this name already exists.";
    private const string DuplicateTag = "A tag with this name already exists.";

    [HttpGet("work")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        View(await BuildOverviewAsync(new ClientForm(), new TagForm(), cancellationToken));

    [HttpPost("work/clients")]
    public async Task<IActionResult> AddClient([Bind(Prefix = "NewClient")] ClientForm form, CancellationToken cancellationToken)
    {
        var name = form.Name?.Trim();
        if (ModelState.IsValid && await db.Clients.AnyAsync(c => c.Name == name, cancellationToken))
        {
            ModelState.AddModelError("NewClient.Name", DuplicateClient);
        }

        if (!ModelState.IsValid || name is null)
        {
            return await InvalidOverviewAsync(form, new TagForm(), cancellationToken);
        }

        db.Clients.Add(new Client { Id = Guid.CreateVersion7(), Name = name });
        if (!await TrySaveAsync(cancellationToken))
        {
            ModelState.AddModelError("NewClient.Name", DuplicateClient);
            return await InvalidOverviewAsync(form, new TagForm(), cancellationToken);
        }

        TempData["Notice"] = text["Client “{0}” added.", name].Value;
        return LocalRedirect($"/{OrgSlug}/work");
    }

    [HttpGet("work/clients/{id:guid}")]
    public async Task<IActionResult> EditClient(Guid id, CancellationToken cancellationToken)
    {
        var client = await db.Clients.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        return client is null
            ? NotFound()
            : View(new ClientEditModel(client.Id, client.IsArchived, new ClientForm
            {
                Name = client.Name,
                BillingAddress = client.BillingAddress,
                TaxNumber = client.TaxNumber,
                BillingEmail = client.BillingEmail,
            }));
    }

    [HttpPost("work/clients/{id:guid}")]
    public async Task<IActionResult> UpdateClient(Guid id, [Bind(Prefix = "Client")] ClientForm form, CancellationToken cancellationToken)
    {
        var client = await db.Clients.FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (client is null)
        {
            return NotFound();
        }

        var name = form.Name?.Trim();
        if (ModelState.IsValid && await db.Clients.AnyAsync(c => c.Name == name && c.Id != id, cancellationToken))
        {
            ModelState.AddModelError("Client.Name", DuplicateClient);
        }

        if (ModelState.IsValid && name is not null)
        {
            client.Name = name;
            client.BillingAddress = form.BillingAddress?.Trim() ?? "";
            client.TaxNumber = form.TaxNumber?.Trim() ?? "";
            client.BillingEmail = string.IsNullOrWhiteSpace(form.BillingEmail) ? null : form.BillingEmail.Trim();
            if (await TrySaveAsync(cancellationToken))
            {
                TempData["Notice"] = text["Client “{0}” saved.", name].Value;
                return LocalRedirect($"/{OrgSlug}/work");
            }

            ModelState.AddModelError("Client.Name", DuplicateClient);
        }

        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View(nameof(EditClient), new ClientEditModel(id, client.IsArchived, form));
    }

    [HttpPost("work/clients/{id:guid}/archive")]
    public Task<IActionResult> ArchiveClient(Guid id, CancellationToken cancellationToken) => SetClientArchivedAsync(id, true, cancellationToken);

    [HttpPost("work/clients/{id:guid}/unarchive")]
    public Task<IActionResult> UnarchiveClient(Guid id, CancellationToken cancellationToken) => SetClientArchivedAsync(id, false, cancellationToken);

    [HttpPost("work/tags")]
    public async Task<IActionResult> AddTag([Bind(Prefix = "NewTag")] TagForm form, CancellationToken cancellationToken)
    {
        var name = form.Name?.Trim();
        if (ModelState.IsValid && await db.Tags.AnyAsync(t => t.Name == name, cancellationToken))
        {
            ModelState.AddModelError("NewTag.Name", DuplicateTag);
        }

        if (!ModelState.IsValid || name is null)
        {
            return await InvalidOverviewAsync(new ClientForm(), form, cancellationToken);
        }

        db.Tags.Add(new Tag { Id = Guid.CreateVersion7(), Name = name });
        if (!await TrySaveAsync(cancellationToken))
        {
            ModelState.AddModelError("NewTag.Name", DuplicateTag);
            return await InvalidOverviewAsync(new ClientForm(), form, cancellationToken);
        }

        TempData["Notice"] = text["Tag “{0}” added.", name].Value;
        return LocalRedirect($"/{OrgSlug}/work");
    }

    [HttpGet("work/tags/{id:guid}")]
    public async Task<IActionResult> EditTag(Guid id, CancellationToken cancellationToken)
    {
        var tag = await db.Tags.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        return tag is null ? NotFound() : View(new TagEditModel(tag.Id, new TagForm { Name = tag.Name }));
    }

    [HttpPost("work/tags/{id:guid}")]
    public async Task<IActionResult> RenameTag(Guid id, [Bind(Prefix = "Tag")] TagForm form, CancellationToken cancellationToken)
    {
        var tag = await db.Tags.FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (tag is null)
        {
            return NotFound();
        }

        var name = form.Name?.Trim();
        if (ModelState.IsValid && await db.Tags.AnyAsync(t => t.Name == name && t.Id != id, cancellationToken))
        {
            ModelState.AddModelError("Tag.Name", DuplicateTag);
        }

        if (ModelState.IsValid && name is not null)
        {
            tag.Name = name;
            if (await TrySaveAsync(cancellationToken))
            {
                TempData["Notice"] = text["Tag renamed to “{0}”.", name].Value;
                return LocalRedirect($"/{OrgSlug}/work");
            }

            ModelState.AddModelError("Tag.Name", DuplicateTag);
        }

        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View(nameof(EditTag), new TagEditModel(id, form));
    }

    /// <summary>Deleting a tag removes it from every entry that carries it (the foreign key cascades).</summary>
    [HttpPost("work/tags/{id:guid}/delete")]
    public async Task<IActionResult> DeleteTag(Guid id, CancellationToken cancellationToken)
    {
        var tag = await db.Tags.FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (tag is null)
        {
            return NotFound();
        }

        db.Tags.Remove(tag);
        await WorkRules.SaveRemovalAsync(db, cancellationToken);
        TempData["Notice"] = text["Tag “{0}” deleted.", tag.Name].Value;
        return LocalRedirect($"/{OrgSlug}/work");
    }

    private async Task<IActionResult> SetClientArchivedAsync(Guid id, bool archived, CancellationToken cancellationToken)
    {
        var client = await db.Clients.FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (client is null)
        {
            return NotFound();
        }

        client.IsArchived = archived;
        await db.SaveChangesAsync(cancellationToken);
        TempData["Notice"] = archived ? text["Client “{0}” archived.", client.Name].Value : text["Client “{0}” restored.", client.Name].Value;
        return LocalRedirect($"/{OrgSlug}/work");
    }

    private async Task<bool> TrySaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException e) when (WorkRules.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }

    private async Task<IActionResult> InvalidOverviewAsync(ClientForm client, TagForm tag, CancellationToken cancellationToken)
    {
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View(nameof(Index), await BuildOverviewAsync(client, tag, cancellationToken));
    }

    private async Task<WorkOverviewModel> BuildOverviewAsync(ClientForm client, TagForm tag, CancellationToken cancellationToken)
    {
        var projects = await db.Projects.AsNoTracking()
            .OrderBy(p => p.IsArchived).ThenBy(p => p.Name)
            .Select(p => new ProjectRow(
                p.Id,
                p.Name,
                db.Clients.Where(c => c.Id == p.ClientId).Select(c => c.Name).FirstOrDefault(),
                p.Color,
                p.IsBillableByDefault,
                p.IsArchived,
                p.Members.Count))
            .ToListAsync(cancellationToken);
        var clients = await db.Clients.AsNoTracking()
            .OrderBy(c => c.IsArchived).ThenBy(c => c.Name)
            .Select(c => new ClientRow(c.Id, c.Name, c.IsArchived, db.Projects.Count(p => p.ClientId == c.Id)))
            .ToListAsync(cancellationToken);
        var tags = await db.Tags.AsNoTracking()
            .OrderBy(t => t.Name)
            .Select(t => new TagRow(t.Id, t.Name))
            .ToListAsync(cancellationToken);
        return new WorkOverviewModel(projects, clients, tags, client, tag);
    }
}
