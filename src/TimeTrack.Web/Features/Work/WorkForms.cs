using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using TimeTrack.Domain.Work;

namespace TimeTrack.Web.Features.Work;

/// <summary>Rules shared by the work-structure forms.</summary>
public static partial class WorkRules
{
    public const string ColorPattern = "^#[0-9a-fA-F]{6}$";

    /// <summary>Whether <paramref name="color"/> is a plain <c>#rrggbb</c> colour, safe to put in an SVG attribute.</summary>
    public static bool IsColor(string? color) => color is not null && ColorRegex().IsMatch(color);

    /// <summary>A colour the views may render; anything else falls back to the default.</summary>
    public static string SafeColor(string? color) => IsColor(color) ? color! : "#3b6ea5";

    /// <summary>Another request saved the same name between our check and our insert.</summary>
    public static bool IsUniqueViolation(DbUpdateException exception) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    /// <summary>Saves a removal; a row another request (a second click) removed meanwhile is gone either way.</summary>
    public static async Task SaveRemovalAsync(DbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
        }
    }

    public static string Label(OutcomeStatus status) => status switch
    {
        OutcomeStatus.InProgress => "In progress",
        _ => status.ToString(),
    };

    public static IEnumerable<SelectListItem> StatusOptions() =>
        Enum.GetValues<OutcomeStatus>().Select(s => new SelectListItem(Label(s), s.ToString()));

    [GeneratedRegex(ColorPattern, RegexOptions.CultureInvariant)]
    private static partial Regex ColorRegex();
}

public sealed class ClientForm
{
    [Required(ErrorMessage = "Enter the client's name.")]
    [StringLength(120, ErrorMessage = "Use at most 120 characters.")]
    [Display(Name = "Client name")]
    public string? Name { get; set; }

    [StringLength(500, ErrorMessage = "Use at most 500 characters.")]
    [Display(Name = "Billing address")]
    public string? BillingAddress { get; set; }

    [StringLength(60, ErrorMessage = "Use at most 60 characters.")]
    [Display(Name = "Tax or VAT number")]
    public string? TaxNumber { get; set; }

    [StringLength(254, ErrorMessage = "Use at most 254 characters.")]
    [EmailAddress(ErrorMessage = "Enter an email address, such as billing@example.com.")]
    [Display(Name = "Billing email (optional)")]
    public string? BillingEmail { get; set; }
}

public sealed class TagForm
{
    [Required(ErrorMessage = "Enter the tag's name.")]
    [StringLength(60, ErrorMessage = "Use at most 60 characters.")]
    [Display(Name = "Tag name")]
    public string? Name { get; set; }
}

public sealed class ProjectForm
{
    [Required(ErrorMessage = "Enter the project's name.")]
    [StringLength(120, ErrorMessage = "Use at most 120 characters.")]
    [Display(Name = "Name")]
    public string? Name { get; set; }

    [Display(Name = "Client")]
    public Guid? ClientId { get; set; }

    [Required(ErrorMessage = "Choose a colour.")]
    [RegularExpression(WorkRules.ColorPattern, ErrorMessage = "Enter the colour as # followed by six hexadecimal digits, for example #3b6ea5.")]
    [Display(Name = "Colour")]
    public string? Color { get; set; } = "#3b6ea5";

    [Display(Name = "Billable by default")]
    public bool IsBillableByDefault { get; set; }
}

public sealed class MemberForm
{
    [Required(ErrorMessage = "Choose a person to add.")]
    [Display(Name = "Person")]
    public Guid? UserId { get; set; }

    [Display(Name = "Project manager")]
    public bool IsProjectManager { get; set; }
}

public sealed class TaskForm
{
    [Required(ErrorMessage = "Enter the task's name.")]
    [StringLength(120, ErrorMessage = "Use at most 120 characters.")]
    [Display(Name = "Task name")]
    public string? Name { get; set; }
}

public sealed class OutcomeForm
{
    /// <summary>The most hours an outcome may plan: the column holds 8 digits with 2 decimals.</summary>
    public const decimal MostPlannedHours = 9999m;
    [Required(ErrorMessage = "Enter the outcome's name.")]
    [StringLength(200, ErrorMessage = "Use at most 200 characters.")]
    [Display(Name = "Outcome")]
    public string? Name { get; set; }

    [EnumDataType(typeof(OutcomeStatus), ErrorMessage = "Choose a status from the list.")]
    [Display(Name = "Status")]
    public OutcomeStatus Status { get; set; } = OutcomeStatus.Planned;

    [DataType(DataType.Date)]
    [Display(Name = "Due date")]
    public DateOnly? DueDate { get; set; }

    [Display(Name = "Responsible")]
    public Guid? OwnerUserId { get; set; }

    /// <summary>Typed as text so that "12.5" means the same in every browser language and is kept as typed when refused.</summary>
    [PlannedHours]
    [Display(Name = "Planned hours")]
    public string? PlannedHours { get; set; }

    /// <summary>The planned hours as a number; null when none were given (or they are not valid: validation reports that).</summary>
    public decimal? PlannedHoursValue => ParsePlannedHours(PlannedHours, out var hours) is null ? hours : null;

    /// <summary>How a stored plan is shown in the form: invariant, without trailing zeros.</summary>
    public static string? FormatPlannedHours(decimal? hours) =>
        hours is { } value ? value.ToString("0.##", CultureInfo.InvariantCulture) : null;

    /// <summary>Null when <paramref name="text"/> is empty or a valid plan (then in <paramref name="hours"/>); otherwise what is wrong.</summary>
    public static string? ParsePlannedHours(string? text, out decimal? hours)
    {
        hours = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (!decimal.TryParse(text.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return "Enter the planned hours as a number with a decimal point, for example 12.5.";
        }

        if (value < 0)
        {
            return "Planned hours cannot be negative.";
        }

        if (value > MostPlannedHours)
        {
            return "Plan at most 9999 hours.";
        }

        if (value != Math.Round(value, 2))
        {
            return "Use at most two decimal places.";
        }

        hours = value;
        return null;
    }
}

/// <summary>Checks a plan typed as text with <see cref="OutcomeForm.ParsePlannedHours"/>; on the property, so it reports alongside the other fields' errors.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PlannedHoursAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        ArgumentNullException.ThrowIfNull(validationContext);
        return OutcomeForm.ParsePlannedHours(value as string, out _) is { } problem
            ? new ValidationResult(problem, validationContext.MemberName is { } member ? [member] : null)
            : ValidationResult.Success;
    }
}

/// <summary>A person of the organization, as the work pages list them.</summary>
public sealed record PersonOption(Guid UserId, string Name);

public sealed record ProjectRow(Guid Id, string Name, string? ClientName, string Color, bool IsBillableByDefault, bool IsArchived, int MemberCount);

public sealed record ClientRow(Guid Id, string Name, bool IsArchived, int ProjectCount);

public sealed record TagRow(Guid Id, string Name);

public sealed record WorkOverviewModel(
    IReadOnlyList<ProjectRow> Projects,
    IReadOnlyList<ClientRow> Clients,
    IReadOnlyList<TagRow> Tags,
    ClientForm NewClient,
    TagForm NewTag);

public sealed record ClientOption(Guid Id, string Name);

public sealed record ProjectEditModel(Guid? Id, ProjectForm Project, IReadOnlyList<ClientOption> Clients);

public sealed record ClientEditModel(Guid Id, bool IsArchived, ClientForm Client);

public sealed record TagEditModel(Guid Id, TagForm Tag);

public sealed record ProjectMemberRow(Guid UserId, string Name, bool IsProjectManager);

public sealed record TaskRow(Guid Id, string Name, bool IsArchived);

public sealed record OutcomeRow(Guid Id, string Name, OutcomeStatus Status, DateOnly? DueDate, string? OwnerName, NodaTime.Instant? CompletedAt);

public sealed record ProjectPageModel(
    Guid Id,
    string Name,
    string? ClientName,
    string Color,
    bool IsBillableByDefault,
    bool IsArchived,
    IReadOnlyList<ProjectMemberRow> Members,
    IReadOnlyList<PersonOption> Candidates,
    IReadOnlyList<TaskRow> Tasks,
    IReadOnlyList<OutcomeRow> Outcomes,
    MemberForm NewMember,
    TaskForm NewTask,
    OutcomeForm NewOutcome);

public sealed record TaskEditModel(Guid ProjectId, string ProjectName, Guid Id, TaskForm Task);

public sealed record OutcomeEditModel(Guid ProjectId, string ProjectName, Guid Id, IReadOnlyList<PersonOption> Owners, OutcomeForm Outcome);
