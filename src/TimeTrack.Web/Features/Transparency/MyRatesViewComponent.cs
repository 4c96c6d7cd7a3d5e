using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using TimeTrack.Domain.Visibility;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Data;
using TimeTrack.Web.Tenancy;

namespace TimeTrack.Web.Features.Transparency;

/// <summary>
/// The hourly rates the person's work is billed at today, on each of their projects and on any other,
/// with the scope each comes from, and their own rates that are scheduled: nobody is billed at a rate
/// they cannot see. Shown only while the policy tracks <see cref="DataCategory.Rates"/>.
/// </summary>
public sealed class MyRatesViewComponent(TimeTrackDbContext db, TenantContext tenant, IClock clock) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(TransparencyPolicy policy, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (!policy.Tracks(DataCategory.Rates) || tenant is not { TenantId: { } tenantId, UserId: { } userId })
        {
            return Content("");
        }

        var cancellationToken = HttpContext.RequestAborted;
        var today = clock.GetCurrentInstant().InZone(zone).Date;
        var currency = await db.Organizations.AsNoTracking().Where(o => o.Id == tenantId).Select(o => o.Currency).SingleAsync(cancellationToken);
        var rates = await db.Rates.AsNoTracking().Where(r => r.UserId == null || r.UserId == userId).ToListAsync(cancellationToken);
        var projects = await db.ProjectMembers.AsNoTracking()
            .Where(m => m.UserId == userId)
            .Join(db.Projects.Where(p => !p.IsArchived), m => m.ProjectId, p => p.Id, (m, p) => new { p.Id, p.Name })
            .OrderBy(p => p.Name)
            .ToListAsync(cancellationToken);

        var rows = new List<MyRateRow>();
        foreach (var project in projects)
        {
            if (RateCard.Applicable(rates, userId, project.Id, today) is { } rate)
            {
                rows.Add(new MyRateRow(project.Name, rate.HourlyAmount, MyRatesModel.Source(rate), rate.EffectiveFrom));
            }
        }

        // A project with no rates of its own gets the person's rate, or else the organization's.
        if (RateCard.Applicable(rates.Where(r => r.ProjectId is null), userId, Guid.Empty, today) is { } general)
        {
            rows.Add(new MyRateRow(projects.Count == 0 ? "Any project" : "Any other project", general.HourlyAmount, MyRatesModel.Source(general), general.EffectiveFrom));
        }

        var scheduled = rates
            .Where(r => r.UserId == userId && r.EffectiveFrom > today)
            .OrderBy(r => r.EffectiveFrom)
            .Select(r => new MyRateRow(
                r.ProjectId is { } id ? projects.FirstOrDefault(p => p.Id == id)?.Name ?? "A project you are not on" : "Any project",
                r.HourlyAmount,
                MyRatesModel.Source(r),
                r.EffectiveFrom))
            .ToList();

        return View("~/Features/Transparency/_MyRates.cshtml", new MyRatesModel(currency, rows, scheduled));
    }
}

/// <param name="Applies">The work the rate applies to: a project, or any other.</param>
/// <param name="Source">Whose rate it is: yours on the project, the project's, yours, the organization's.</param>
public sealed record MyRateRow(string Applies, decimal HourlyAmount, string Source, LocalDate EffectiveFrom);

public sealed record MyRatesModel(string Currency, IReadOnlyList<MyRateRow> InForce, IReadOnlyList<MyRateRow> Scheduled)
{
    public static string Source(Rate rate)
    {
        ArgumentNullException.ThrowIfNull(rate);
        return (rate.ProjectId, rate.UserId) switch
        {
            (null, null) => "The organization's rate",
            (_, null) => "The project's rate",
            (null, _) => "Your rate",
            _ => "Your rate on this project",
        };
    }

    public string Amount(decimal amount) => string.Create(CultureInfo.InvariantCulture, $"{amount:0.00} {Currency}");

    public static string Date(LocalDate date) => date.ToString("d MMM yyyy", CultureInfo.CurrentCulture);
}
