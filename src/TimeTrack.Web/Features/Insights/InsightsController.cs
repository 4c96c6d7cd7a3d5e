using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Text;
using TimeTrack.Domain.Time;
using TimeTrack.Domain.Tracking;
using TimeTrack.Web.Data;
using TimeTrack.Web.Disclosure;
using TimeTrack.Web.Features.Shared;
using TimeTrack.Web.Infrastructure.Input;
using TimeTrack.Web.Tenancy;
using TimeTrack.Web.Tracking;

namespace TimeTrack.Web.Features.Insights;

/// <summary>"My insights": a person's own week or month. Only ever the person's own data, so no policy question arises.</summary>
[ShowsNoOneElsesData("The person's own insights.")]
public sealed class InsightsController(
    TimeTrackDbContext db,
    PersonTrackingProvider people,
    IClock clock,
    Microsoft.Extensions.Localization.IStringLocalizer<Localization.SharedResource> text) : OrgController
{
    [HttpGet("time/insights")]
    public async Task<IActionResult> Index(string? period, [SupportedDate] string? date, CancellationToken cancellationToken)
    {
        var userId = OrganizationRouteMiddleware.GetUserId(User)!.Value;
        var tracking = await people.ForAsync(userId, cancellationToken);
        var now = clock.GetCurrentInstant();
        var anchor = SupportedDates.Parse(date) ?? now.InZone(tracking.Zone).Date;
        var month = period == "month";
        var english = Time.TimeFormat.IsEnglish;
        var (first, afterLast) = month
            ? (new LocalDate(anchor.Year, anchor.Month, 1), new LocalDate(anchor.Year, anchor.Month, 1).PlusMonths(1))
            : (tracking.WeekOf(anchor).Start, tracking.WeekOf(anchor).End);
        var dates = new DateInterval(first, afterLast.PlusDays(-1));

        // The parts of entries that count on the period's days (ADR 014), on the (tenant, user, day) index.
        var rows = await db.TimeEntries.AsNoTracking()
            .Where(e => e.UserId == userId)
            .CountingOn(dates)
            .Select(e => new { e.Start, e.End, e.Day, e.DayMilliseconds, e.ProjectId, e.OutcomeId, e.IsDurationOnly })
            .ToListAsync(cancellationToken);
        var parts = rows
            .SelectMany(e => DaySplit.PartsOf(e.Start, e.End, e.Day, e.DayMilliseconds, now, tracking.Zone).On(dates).Select(part => (Part: part, e.ProjectId, e.OutcomeId, e.IsDurationOnly)))
            .ToList();
        var entries = parts.Select(p => new InsightEntry(p.Part.Interval, p.ProjectId, p.OutcomeId, p.IsDurationOnly)).ToList();
        var summary = TimeTrack.Domain.Tracking.Insights.Summarize(entries, tracking.Zone, tracking.WorkingHours);

        var projectNames = await db.Projects.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);
        var outcomeNames = await db.Outcomes.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken);
        var byProject = summary.ByProject.OrderByDescending(p => p.Value)
            .Select(p => new Slice(projectNames.GetValueOrDefault(p.Key, text["Unknown project"]), p.Value)).ToList();
        var byOutcome = summary.ByOutcome.OrderByDescending(o => o.Value)
            .Select(o => new Slice(outcomeNames.GetValueOrDefault(o.Key, text["Unknown outcome"]), o.Value)).ToList();
        if (summary.WithoutOutcome > Duration.Zero)
        {
            byOutcome.Add(new Slice(text["No outcome"], summary.WithoutOutcome));
        }

        var byDay = DailyTotals.ByDay(parts.Select(p => p.Part));
        var days = Enumerable.Range(0, Period.Between(first, afterLast, PeriodUnits.Days).Days)
            .Select(i => first.PlusDays(i))
            .Select(d => new Slice(DayLabel(d), byDay.GetValueOrDefault(d)))
            .ToList();
        var longest = summary.LongestFocusBlock is { } block
            ? text[
                "{0}–{1} on {2}, {3}",
                block.Start.InZone(tracking.Zone).ToString(english ? "dddd HH:mm" : "dddd, HH:mm", english ? CultureInfo.InvariantCulture : CultureInfo.CurrentCulture),
                block.End.InZone(tracking.Zone).ToString("HH:mm", CultureInfo.InvariantCulture),
                projectNames.GetValueOrDefault(block.ProjectId, text["a project"]),
                Time.TimeFormat.Total(block.Length)].Value
            : null;

        var title = month
            ? MonthTitle(first)
            : text["Week of {0}", english ? first.ToString("d MMMM yyyy", CultureInfo.InvariantCulture) : Time.TimeFormat.LongDate(first)].Value;
        var previous = month ? first.PlusMonths(-1) : first.PlusDays(-7);
        var next = month ? first.PlusMonths(1) : first.PlusDays(7);
        return View(new InsightsModel(
            month ? "month" : "week",
            title,
            LocalDatePattern.Iso.Format(previous),
            LocalDatePattern.Iso.Format(next),
            summary.Total,
            byProject,
            byOutcome,
            days,
            summary.FocusBlocks.Count,
            longest,
            summary.AfterHoursShare,
            summary.SwitchesPerDay.Count == 0 ? 0 : summary.SwitchesPerDay.Values.Average(),
            await OwnSignalsAsync(userId, tracking, now, cancellationToken)));

        // English keeps its fixed patterns; other languages use the culture's names (chart labels are read by people).
        string DayLabel(LocalDate d) => english
            ? d.ToString(month ? "d MMM" : "ddd d MMM", CultureInfo.InvariantCulture)
            : month ? Time.TimeFormat.DayAndMonth(d) : Time.TimeFormat.ShortDay(d);

        string MonthTitle(LocalDate d)
        {
            var name = d.ToString("MMMM yyyy", english ? CultureInfo.InvariantCulture : CultureInfo.CurrentCulture);
            return char.ToUpper(name[0], CultureInfo.CurrentCulture) + name[1..];
        }
    }

    /// <summary>
    /// The workload signals of the person's last four whole weeks, by the same rules as the team
    /// dashboard, shown to the person first and in their own terms (outside-hours time included, since
    /// it is their own).
    /// </summary>
    private async Task<IReadOnlyList<string>> OwnSignalsAsync(Guid userId, PersonTracking tracking, Instant now, CancellationToken cancellationToken)
    {
        var first = tracking.WeekContaining(now).Start.PlusWeeks(-WorkloadSignals.Weeks);
        var until = first.PlusWeeks(WorkloadSignals.Weeks);
        var days = await db.TimeRollups.AsNoTracking()
            .Where(r => r.UserId == userId && r.Day >= first && r.Day < until)
            .GroupBy(r => r.Day)
            .Select(g => new { Day = g.Key, DurationMs = g.Sum(r => r.DurationMs), OutsideHoursMs = g.Sum(r => r.OutsideHoursMs), Entries = g.Sum(r => r.Entries) })
            .ToListAsync(cancellationToken);
        var weeks = days
            .GroupBy(d => Period.Between(first, d.Day, PeriodUnits.Days).Days / 7)
            .Select(g => new WeekOfWork(g.Key, g.Sum(d => d.DurationMs), g.Sum(d => d.OutsideHoursMs), g.Sum(d => d.Entries), g.Count()))
            .ToList();
        var signal = WorkloadSignals.Of(weeks, outsideHoursTracked: true);
        return [.. new[]
        {
            signal.SeveralLongWeeks ? OwnLongWeeks : null,
            signal.MoreOutsideHours ? OwnOutsideHours : null,
            signal.FrequentSwitching ? OwnSwitching : null,
        }.OfType<string>()];
    }

    public const string OwnLongWeeks = "Several of your last four weeks were longer than 45 hours. Is there something you could use support with?";

    public const string OwnOutsideHours = "More of your time has fallen outside your working hours lately.";

    public const string OwnSwitching = "You have switched between tasks a lot lately; protected focus time might help.";
}

public sealed record Slice(string Label, Duration Duration)
{
    public string Hours => (Duration.TotalMinutes / 60.0).ToString("0.##", CultureInfo.InvariantCulture);
}

public sealed record InsightsModel(
    string Period,
    string Title,
    string Previous,
    string Next,
    Duration Total,
    IReadOnlyList<Slice> ByProject,
    IReadOnlyList<Slice> ByOutcome,
    IReadOnlyList<Slice> ByDay,
    int FocusBlocks,
    string? LongestFocusBlock,
    double AfterHoursShare,
    double SwitchesPerDay,
    IReadOnlyList<string> OwnSignals)
{
    public static string Labels(IEnumerable<Slice> slices) => System.Text.Json.JsonSerializer.Serialize(slices.Select(s => s.Label));

    public static string Values(IEnumerable<Slice> slices) => System.Text.Json.JsonSerializer.Serialize(slices.Select(s => Math.Round(s.Duration.TotalMinutes / 60.0, 2)));
}
