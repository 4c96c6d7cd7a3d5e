namespace TimeTrack.Web.Infrastructure.Email;

/// <summary>
/// Outgoing mail. With <see cref="SmtpHost"/> set, mail goes through SMTP; otherwise each message
/// is written as an .eml file to <see cref="PickupDirectory"/> (development and tests).
/// </summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    public string From { get; set; } = "TimeTrack <no-reply@timetrack.local>";

    public string? SmtpHost { get; set; }

    public int SmtpPort { get; set; } = 587;

    public string? SmtpUsername { get; set; }

    public string? SmtpPassword { get; set; }

    /// <summary>StartTLS when the server offers it (the default), or "None" for a local relay, or "SslOnConnect".</summary>
    public string SmtpSecurity { get; set; } = "Auto";

    /// <summary>Where messages are written when no SMTP host is configured. Relative paths are under the content root.</summary>
    public string PickupDirectory { get; set; } = "App_Data/mail";
}
