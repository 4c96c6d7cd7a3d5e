using System.ComponentModel.DataAnnotations;
using System.Globalization;
using TimeTrack.Domain.Reminders;

namespace TimeTrack.Web.Features.Reminders;

/// <summary>The reminders a person chooses for themself, as the reminders page posts them.</summary>
public sealed class RemindersForm
{
    /// <summary>The value of the "Off" choice for idle time.</summary>
    public const string Off = "";

    [Display(Name = "Email me near the end of my working day when I have logged nothing that day")]
    public bool NothingLogged { get; set; }

    /// <summary>Minutes as text, so that whatever was sent can be named in the error and kept.</summary>
    [Display(Name = "When a timer runs and I've been away from the time page for … ask whether to keep the idle time")]
    public string? IdleMinutes { get; set; }

    /// <summary>Each choice's form value and its minutes (null is "Off"); the page writes the text in the person's language.</summary>
    public static IReadOnlyList<(string Value, int? Minutes)> IdleChoices { get; } =
        [(Off, null), .. ReminderRules.IdleMinuteChoices.Select(m => (m.ToString(CultureInfo.InvariantCulture), (int?)m))];

    public static RemindersForm From(bool nothingLogged, int? idleMinutes) => new()
    {
        NothingLogged = nothingLogged,
        IdleMinutes = idleMinutes?.ToString(CultureInfo.InvariantCulture) ?? Off,
    };

    /// <summary>The chosen idle minutes (null is off), or the sent value (shortened) when it is not one of the choices.</summary>
    public (int? Minutes, string? Rejected) ParseIdleMinutes()
    {
        var text = IdleMinutes?.Trim() ?? Off;
        if (text.Length == 0 || string.Equals(text, "off", StringComparison.OrdinalIgnoreCase))
        {
            return (null, null);
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) && ReminderRules.IsIdleChoice(minutes)
            ? (minutes, null)
            : (null, Shorten(text));
    }

    /// <summary>The error for a rejected idle value: a format resource, so the page can show it in the person's language.</summary>
    public const string IdleProblemFormat = "Choose Off or one of {0} minutes; “{1}” is not one of them.";

    /// <summary>The choices as the error lists them.</summary>
    public static string IdleChoiceList => string.Join(", ", ReminderRules.IdleMinuteChoices);

    private static string Shorten(string text) => text.Length <= 20 ? text : text[..20] + "…";
}

public sealed record RemindersPageModel(RemindersForm Form, string WorkingHours);
