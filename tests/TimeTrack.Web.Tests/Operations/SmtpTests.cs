using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MimeKit;
using TimeTrack.Web.Tests.Infrastructure;

namespace TimeTrack.Web.Tests.Operations;

/// <summary>One message as the SMTP server received it: the envelope recipients and the raw DATA.</summary>
public sealed record ReceivedSmtpMessage(string? Sender, IReadOnlyList<string> Recipients, string Data)
{
    public MimeMessage Parse() => MimeMessage.Load(new MemoryStream(Encoding.Latin1.GetBytes(Data)));
}

/// <summary>
/// A minimal SMTP server on loopback: enough of RFC 5321 for MailKit without TLS or authentication.
/// It accepts every sender and recipient and records each message.
/// </summary>
public sealed class LoopbackSmtpServer : IAsyncDisposable
{
    private static readonly TimeSpan StopDeadline = TimeSpan.FromSeconds(5);
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<Task, TcpClient> _sessions = new();
    private readonly Task _acceptLoop;

    public LoopbackSmtpServer()
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = AcceptLoopAsync();
    }

    public int Port { get; }

    public ConcurrentQueue<ReceivedSmtpMessage> Messages { get; } = new();

    /// <summary>Errors a session hit (a protocol the server did not expect); tests assert there are none.</summary>
    public ConcurrentQueue<Exception> Errors { get; } = new();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        foreach (var client in _sessions.Values)
        {
            client.Dispose();
        }

        try
        {
            await Task.WhenAll([_acceptLoop, .. _sessions.Keys]).WaitAsync(StopDeadline);
        }
        catch (TimeoutException)
        {
            // A session that does not notice its closed socket must not hold up the test run.
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            var session = Task.Run(() => SessionAsync(client));
            _sessions[session] = client;
            _ = session.ContinueWith(finished => _sessions.TryRemove(finished, out _), TaskScheduler.Default);
        }
    }

    private async Task SessionAsync(TcpClient client)
    {
        using var connection = client;
        try
        {
            var stream = connection.GetStream();
            using var reader = new StreamReader(stream, Encoding.Latin1);
            await using var writer = new StreamWriter(stream, Encoding.Latin1) { NewLine = "\r\n", AutoFlush = true };
            await writer.WriteLineAsync("220 localhost ESMTP test server");

            string? sender = null;
            var recipients = new List<string>();
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        await writer.WriteLineAsync("250-localhost");
                        await writer.WriteLineAsync("250 HELP");
                        break;
                    case "HELO":
                        await writer.WriteLineAsync("250 localhost");
                        break;
                    case "MAIL":
                        sender = Address(line);
                        recipients.Clear();
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "RCPT":
                        recipients.Add(Address(line));
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "DATA":
                        await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                        var data = await ReadDataAsync(reader);
                        Messages.Enqueue(new ReceivedSmtpMessage(sender, [.. recipients], data));
                        sender = null;
                        recipients.Clear();
                        await writer.WriteLineAsync("250 OK: queued");
                        break;
                    case "RSET":
                        sender = null;
                        recipients.Clear();
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "NOOP":
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 Bye");
                        return;
                    default:
                        await writer.WriteLineAsync("502 Command not implemented");
                        break;
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // Expected when the server stops; otherwise the test should know.
            if (!_stop.IsCancellationRequested)
            {
                Errors.Enqueue(e);
            }
        }
    }

    private async Task<string> ReadDataAsync(StreamReader reader)
    {
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(_stop.Token) is { } line)
        {
            if (line == ".")
            {
                return data.ToString();
            }

            // Undo the client's dot-stuffing.
            data.Append(line.StartsWith('.') ? line[1..] : line).Append("\r\n");
        }

        throw new IOException("The connection closed in the middle of DATA.");
    }

    /// <summary>The address of <c>MAIL FROM:&lt;a@b&gt; PARAM=…</c> or <c>RCPT TO:&lt;a@b&gt;</c>.</summary>
    private static string Address(string line)
    {
        var start = line.IndexOf('<', StringComparison.Ordinal);
        var end = line.IndexOf('>', start + 1);
        return start >= 0 && end > start ? line[(start + 1)..end] : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
    }
}

/// <summary>The app configured to send through SMTP (no TLS, no authentication) to <see cref="Smtp"/>.</summary>
public sealed class SmtpFactory(LoopbackSmtpServer smtp) : TimeTrackFactory
{
    public LoopbackSmtpServer Smtp { get; } = smtp;

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Email:SmtpHost"] = "127.0.0.1",
        ["Email:SmtpPort"] = Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Email:SmtpSecurity"] = "None",
    };
}

/// <summary>Starts the SMTP server before the app and stops it after the app.</summary>
public sealed class SmtpFixture : IAsyncLifetime
{
    public SmtpFixture() => Factory = new SmtpFactory(Smtp);

    public LoopbackSmtpServer Smtp { get; } = new();

    public SmtpFactory Factory { get; }

    public Task InitializeAsync() => Factory.InitializeAsync();

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)Factory).DisposeAsync();
        await Smtp.DisposeAsync();
    }
}

/// <summary>With an SMTP host configured, account emails go over SMTP and never to the pickup folder.</summary>
public sealed class SmtpTests(SmtpFixture fixture) : IClassFixture<SmtpFixture>
{
    private const string ConfirmationPath = "/account/forgot-password-confirmation";
    private static readonly TimeSpan DeliveryDeadline = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan SilenceWindow = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Password_reset_link_is_delivered_over_smtp_and_not_to_the_pickup_folder()
    {
        var before = fixture.Smtp.Messages.Count;

        var response = await ForgotPasswordAsync("alice@acme.test");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var received = await WaitForMessagesAsync(before, count: 1);
        var message = Assert.Single(received);
        Assert.Equal(["alice@acme.test"], message.Recipients);
        var mime = message.Parse();
        Assert.Equal("alice@acme.test", Assert.Single(mime.To.Mailboxes).Address);
        Assert.Contains("/account/reset-password?", mime.TextBody, StringComparison.Ordinal);
        Assert.Contains("/account/reset-password?", mime.HtmlBody, StringComparison.Ordinal);
        Assert.Empty(fixture.Smtp.Errors);
        Assert.False(
            Directory.Exists(fixture.Factory.MailDirectory) && Directory.EnumerateFiles(fixture.Factory.MailDirectory, "*.eml").Any(),
            "A message was written to the pickup folder although SMTP is configured.");
    }

    [Fact]
    public async Task Unknown_address_gets_no_message_and_the_same_answer_as_a_known_one()
    {
        var beforeKnown = fixture.Smtp.Messages.Count;
        var known = await ForgotPasswordAsync("alice@acme.test");
        Assert.Single(await WaitForMessagesAsync(beforeKnown, count: 1));

        var beforeUnknown = fixture.Smtp.Messages.Count;
        var unknownAddress = $"nobody-{Guid.NewGuid():N}@example.test";
        var unknown = await ForgotPasswordAsync(unknownAddress);
        await Task.Delay(SilenceWindow);

        Assert.Equal(beforeUnknown, fixture.Smtp.Messages.Count);
        Assert.DoesNotContain(fixture.Smtp.Messages, m => m.Recipients.Contains(unknownAddress, StringComparer.OrdinalIgnoreCase));
        Assert.Equal(HttpStatusCode.Redirect, unknown.StatusCode);
        Assert.Equal(known.StatusCode, unknown.StatusCode);
        Assert.Equal(known.Headers.Location, unknown.Headers.Location);
        Assert.Equal(ConfirmationPath, unknown.Headers.Location?.OriginalString);
    }

    private async Task<HttpResponseMessage> ForgotPasswordAsync(string email) =>
        await fixture.Factory.CreateBrowserlikeClient().SubmitAsync("/account/forgot-password", new Dictionary<string, string>
        {
            ["Email"] = email,
        });

    /// <summary>The messages received after the first <paramref name="before"/>, once at least <paramref name="count"/> arrived (bounded wait).</summary>
    private async Task<List<ReceivedSmtpMessage>> WaitForMessagesAsync(int before, int count)
    {
        var clock = Stopwatch.StartNew();
        while (fixture.Smtp.Messages.Count - before < count && clock.Elapsed < DeliveryDeadline)
        {
            await Task.Delay(50);
        }

        return [.. fixture.Smtp.Messages.Skip(before)];
    }
}
