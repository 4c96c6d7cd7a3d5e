using System.ComponentModel.DataAnnotations;
using NodaTime;
using TimeTrack.Domain.Tracking;

namespace TimeTrack.Web.Features.Work;

/// <summary>Working days and the workday's window, as the tracking-settings and working-hours forms post them.</summary>
public class WorkingHoursForm
{
    /// <summary>Monday to Sunday, in the order the forms list them.</summary>
    public static IReadOnlyList<WorkingDays> WeekDays { get; } =
        [WorkingDays.Monday, WorkingDays.Tuesday, WorkingDays.Wednesday, WorkingDays.Thursday, WorkingDays.Friday, WorkingDays.Saturday, WorkingDays.Sunday];

    [Display(Name = "Working days")]
    public List<WorkingDays> Days { get; set; } = [];

    [Required(ErrorMessage = "Enter when the working day starts.")]
    [DataType(DataType.Time)]
    [Display(Name = "Workday starts")]
    public TimeOnly? WorkdayStart { get; set; }

    [Required(ErrorMessage = "Enter when the working day ends.")]
    [DataType(DataType.Time)]
    [Display(Name = "Workday ends")]
    public TimeOnly? WorkdayEnd { get; set; }

    public WorkingDays DayFlags => Days.Aggregate(WorkingDays.None, (all, day) => all | day);

    public bool Includes(WorkingDays day) => (DayFlags & day) != WorkingDays.None;

    public LocalTime? Start => WorkdayStart is { } start ? LocalTime.FromTimeOnly(start) : null;

    public LocalTime? End => WorkdayEnd is { } end ? LocalTime.FromTimeOnly(end) : null;

    public void Fill(WorkingHours hours)
    {
        Days = [.. WeekDays.Where(d => (hours.Days & d) != WorkingDays.None)];
        WorkdayStart = hours.Start.ToTimeOnly();
        WorkdayEnd = hours.End.ToTimeOnly();
    }

    /// <summary>
    /// Puts <see cref="WorkingHours.Validate"/>'s reason next to the field it is about: an empty or
    /// inverted window next to the end, a problem with days next to the days.
    /// </summary>
    public string? ValidateHours(out string field)
    {
        field = nameof(Days);
        if (Start is not { } start || End is not { } end)
        {
            return null;
        }

        var problem = WorkingHours.Validate(start, end, DayFlags);
        if (problem is not null && start >= end)
        {
            field = nameof(WorkdayEnd);
        }

        return problem;
    }

    public static string Describe(WorkingHours hours) =>
        $"{DescribeDays(hours.Days)}, {hours.Start:HH:mm}–{hours.End:HH:mm}";

    public static string DescribeDays(WorkingDays days)
    {
        var names = WeekDays.Where(d => (days & d) != WorkingDays.None).Select(d => d.ToString()[..3]).ToList();
        return names.Count == 0 ? "no days" : string.Join(", ", names);
    }
}

public sealed record WorkingHoursModel(WorkingHours Organization, WorkingHours? Personal, WorkingHoursForm Form);
