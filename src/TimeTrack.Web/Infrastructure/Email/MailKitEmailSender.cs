using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace TimeTrack.Web.Infrastructure.Email;

public interface IEmailSender
{
    Task SendAsync(string recipient, string subject, string textBody, string htmlBody, CancellationToken cancellationToken = default);
}

/// <summary>Sends through SMTP when configured, else drops .eml files into the pickup folder.</summary>
public sealed class MailKitEmailSender(IOptions<EmailOptions> options, IHostEnvironment environment, ILogger<MailKitEmailSender> logger) : IEmailSender
{
    public async Task SendAsync(string recipient, string subject, string textBody, string htmlBody, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(settings.From));
        message.To.Add(MailboxAddress.Parse(recipient));
        message.Subject = subject;
        message.Body = new BodyBuilder { TextBody = textBody, HtmlBody = htmlBody }.ToMessageBody();

        if (string.IsNullOrWhiteSpace(settings.SmtpHost))
        {
            var folder = Path.Combine(environment.ContentRootPath, settings.PickupDirectory);
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, $"{DateTime.UtcNow:yyyyMMddTHHmmssfff}-{Guid.NewGuid():N}.eml");
            await message.WriteToAsync(path, cancellationToken);
            logger.LogInformation("Email written to {PickupPath}", path);
            return;
        }

        using var client = new SmtpClient();
        var security = settings.SmtpSecurity.ToUpperInvariant() switch
        {
            "NONE" => SecureSocketOptions.None,
            "SSLONCONNECT" => SecureSocketOptions.SslOnConnect,
            "STARTTLS" => SecureSocketOptions.StartTls,
            _ => SecureSocketOptions.Auto,
        };
        await client.ConnectAsync(settings.SmtpHost, settings.SmtpPort, security, cancellationToken);
        if (!string.IsNullOrEmpty(settings.SmtpUsername))
        {
            await client.AuthenticateAsync(settings.SmtpUsername, settings.SmtpPassword ?? "", cancellationToken);
        }

        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(true, cancellationToken);
        logger.LogInformation("Email sent through {SmtpHost}", settings.SmtpHost);
    }
}
