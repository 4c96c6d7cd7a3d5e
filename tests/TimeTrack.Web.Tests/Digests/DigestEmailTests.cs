using NodaTime;
using TimeTrack.Web.Jobs;
using TimeTrack.Web.Tests.Isolation;
using TimeTrack.Web.Tests.Tracking;

namespace TimeTrack.Web.Tests.Digests;

/// <summary>
/// The digest email goes through real SMTP (a listener on loopback), exactly once per digest, and only
/// inside the person's working hours (Mon–Fri 08:00–18:00 in Berlin for the demo organization).
/// </summary>
[Collection(DigestJobsCollection.Name)]
public sealed class DigestEmailTests(DigestJobsFactory factory) : IDisposable
{
    public void Dispose() => factory.Faults.Reset();

    [Fact]
    public async Task Digest_built_inside_working_hours_is_mailed_once_however_often_the_sender_runs()
    {
        // Monday 23 Nov, 10:00 in Berlin.
        factory.Clock.Reset(DigestJobsFactory.MondayMorning);
        var person = await factory.CreatePersonAsync(factory.AcmeId);
        await factory.AddEntriesAsync(person, new LocalDate(2026, 11, 17), (9, 12));
        Assert.True(await factory.BuildAsync(person));
        Assert.Equal(DigestJobsFactory.MondayMorning, Assert.Single((await factory.RowsAsync(person)).Emails).NotBefore);

        await factory.SendEmailAsync(factory.AcmeId);
        await factory.SendEmailAsync(factory.AcmeId);

        var received = Assert.Single(factory.Smtp.To(DigestJobsFactory.EmailOf(person.UserId)));
        Assert.Equal("Your TimeTrack digest for the week of 16 Nov 2026", received.Message.Subject);
        Assert.Contains($"{DigestJobsFactory.BaseUrl}/acme/digests/2026-11-16", received.Message.TextBody, StringComparison.Ordinal);
        var email = Assert.Single((await factory.RowsAsync(person)).Emails);
        Assert.Equal(DigestJobsFactory.MondayMorning, email.SentAt);
        Assert.Equal(1, email.Attempts);
    }

    [Fact]
    public async Task Digest_built_outside_working_hours_is_not_mailed_until_the_window_opens()
    {
        // Monday 23 Nov, 06:00 in Berlin: the week has ended, the working day starts at 08:00 (07:00 UTC).
        var early = Instant.FromUtc(2026, 11, 23, 5, 0);
        var windowOpens = Instant.FromUtc(2026, 11, 23, 7, 0);
        factory.Clock.Reset(early);
        var person = await factory.CreatePersonAsync(factory.AcmeId);
        await factory.AddEntriesAsync(person, new LocalDate(2026, 11, 20), (8, 16));
        Assert.True(await factory.BuildAsync(person));

        var queued = Assert.Single((await factory.RowsAsync(person)).Emails);
        Assert.Equal(windowOpens, queued.NotBefore);
        Assert.Single((await factory.RowsAsync(person)).Notices);

        await factory.SendEmailAsync(factory.AcmeId);
        factory.Clock.Reset(windowOpens - Duration.FromMinutes(1));
        await factory.SendEmailAsync(factory.AcmeId);
        Assert.Empty(factory.Smtp.To(DigestJobsFactory.EmailOf(person.UserId)));

        factory.Clock.Reset(windowOpens + Duration.FromMinutes(1));
        await factory.SendEmailAsync(factory.AcmeId);
        await factory.SendEmailAsync(factory.AcmeId);

        Assert.Single(factory.Smtp.To(DigestJobsFactory.EmailOf(person.UserId)));
        Assert.Equal(windowOpens + Duration.FromMinutes(1), Assert.Single((await factory.RowsAsync(person)).Emails).SentAt);
    }

    [Fact]
    public async Task Digest_finished_on_a_weekend_evening_waits_for_monday_morning()
    {
        // Saturday 28 Nov, 20:00 in Berlin: the email waits for Monday 30 Nov, 08:00.
        var saturdayEvening = Instant.FromUtc(2026, 11, 28, 19, 0);
        factory.Clock.Reset(saturdayEvening);
        var person = await factory.CreatePersonAsync(factory.AcmeId);
        Assert.True(await factory.BuildAsync(person, new LocalDate(2026, 11, 16)));

        Assert.Equal(Instant.FromUtc(2026, 11, 30, 7, 0), Assert.Single((await factory.RowsAsync(person)).Emails).NotBefore);
    }

    [Fact]
    public async Task Refused_message_is_retried_later_and_then_sent_once()
    {
        factory.Clock.Reset(DigestJobsFactory.MondayMorning);
        var person = await factory.CreatePersonAsync(factory.AcmeId);
        var address = DigestJobsFactory.EmailOf(person.UserId);
        Assert.True(await factory.BuildAsync(person));

        factory.Smtp.Refused[address] = true;
        await factory.SendEmailAsync(factory.AcmeId);
        var failed = Assert.Single((await factory.RowsAsync(person)).Emails);
        Assert.Null(failed.SentAt);
        Assert.Null(failed.ClaimedAt);
        Assert.Equal(1, failed.Attempts);
        Assert.NotEmpty(failed.LastError);
        Assert.DoesNotContain("acme/digests", failed.LastError, StringComparison.Ordinal);
        Assert.True(failed.NotBefore > DigestJobsFactory.MondayMorning);

        factory.Smtp.Refused.TryRemove(address, out _);
        await factory.SendEmailAsync(factory.AcmeId);
        Assert.Empty(factory.Smtp.To(address));

        factory.Clock.Reset(failed.NotBefore);
        await factory.SendEmailAsync(factory.AcmeId);
        await factory.SendEmailAsync(factory.AcmeId);
        Assert.Single(factory.Smtp.To(address));
        Assert.Equal(2, Assert.Single((await factory.RowsAsync(person)).Emails).Attempts);
    }

    [Fact]
    public async Task Claim_abandoned_by_a_dead_sender_is_not_sent_again()
    {
        factory.Clock.Reset(DigestJobsFactory.MondayMorning);
        var person = await factory.CreatePersonAsync(factory.AcmeId);
        Assert.True(await factory.BuildAsync(person));
        var email = Assert.Single((await factory.RowsAsync(person)).Emails);

        // A worker claimed it and died before recording whether the server took it.
        await using (var superuser = await Isolation.RawSql.OpenAsSuperuserAsync(factory.Database))
        {
            await Isolation.RawSql.ExecuteAsync(superuser, "UPDATE outgoing_emails SET claimed_at = @at WHERE id = @id", ("at", DigestJobsFactory.MondayMorning.ToDateTimeUtc()), ("id", email.Id));
        }

        factory.Clock.Reset(DigestJobsFactory.MondayMorning + OutgoingEmailJob.AbandonedAfter + Duration.FromMinutes(5));
        await factory.SendEmailAsync(factory.AcmeId);

        Assert.Empty(factory.Smtp.To(DigestJobsFactory.EmailOf(person.UserId)));
        var abandoned = Assert.Single((await factory.RowsAsync(person)).Emails);
        Assert.Null(abandoned.SentAt);
        Assert.Equal(OutgoingEmailJob.AbandonedNote, abandoned.LastError);
    }

    [Fact]
    public async Task Digest_notice_and_email_are_written_in_the_persons_language_else_their_browsers()
    {
        factory.Clock.Reset(DigestJobsFactory.MondayMorning);
        var german = await factory.CreatePersonAsync(factory.AcmeId);
        var spanish = await factory.CreatePersonAsync(factory.AcmeId);
        // A chosen language wins over the browser's; without a choice, the browser's last sign-in counts.
        await SetCulturesAsync(german, chosen: "de", browser: "fr");
        await SetCulturesAsync(spanish, chosen: null, browser: "es");
        Assert.True(await factory.BuildAsync(german));
        Assert.True(await factory.BuildAsync(spanish));
        await factory.SendEmailAsync(factory.AcmeId);

        var toGerman = Assert.Single(factory.Smtp.To(DigestJobsFactory.EmailOf(german.UserId))).Message;
        Assert.Equal("Deine TimeTrack-Übersicht der Woche vom 16. November 2026", toGerman.Subject);
        Assert.StartsWith("Deine Übersicht der Woche vom 16. November 2026 ist fertig.", toGerman.TextBody, StringComparison.Ordinal);
        Assert.Matches(@"Nur du siehst sie, bis du sie freigibst oder bis \d{1,2}\. [A-Z][a-zä]+ 2026, \d\d:\d\d\.", toGerman.TextBody);
        Assert.Contains($"Öffnen: {DigestJobsFactory.BaseUrl}/acme/digests/2026-11-16", toGerman.TextBody, StringComparison.Ordinal);
        Assert.StartsWith("Deine Übersicht der Woche vom 16. November 2026 ist fertig — nur du siehst sie", await NoticeOfAsync(german), StringComparison.Ordinal);

        var toSpanish = Assert.Single(factory.Smtp.To(DigestJobsFactory.EmailOf(spanish.UserId))).Message;
        Assert.Equal("Tu resumen de TimeTrack de la semana del 16 de noviembre de 2026", toSpanish.Subject);
        Assert.Contains($"Ábrelo: {DigestJobsFactory.BaseUrl}/acme/digests/2026-11-16", toSpanish.TextBody, StringComparison.Ordinal);
        Assert.StartsWith("Tu resumen de la semana del 16 de noviembre de 2026 está listo", await NoticeOfAsync(spanish), StringComparison.Ordinal);
    }

    private async Task SetCulturesAsync(TestPerson person, string? chosen, string? browser)
    {
        await using var superuser = await Isolation.RawSql.OpenAsSuperuserAsync(factory.Database);
        await Isolation.RawSql.ExecuteAsync(
            superuser,
            "UPDATE users SET culture = @chosen, browser_culture = @browser WHERE id = @id",
            ("chosen", (object?)chosen ?? DBNull.Value),
            ("browser", (object?)browser ?? DBNull.Value),
            ("id", person.UserId));
    }

    private async Task<string> NoticeOfAsync(TestPerson person)
    {
        await using var superuser = await Isolation.RawSql.OpenAsSuperuserAsync(factory.Database);
        var texts = await superuser.QueryAsync("SELECT text FROM notices WHERE user_id = @user", r => r.GetString(0), ("user", person.UserId));
        return Assert.Single(texts);
    }
}
