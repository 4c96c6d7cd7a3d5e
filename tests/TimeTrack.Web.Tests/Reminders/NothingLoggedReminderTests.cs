using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Jobs;
using TimeTrack.Web.Tests.Digests;
using TimeTrack.Web.Tests.Isolation;
using TimeTrack.Web.Tests.Tracking;
using TimeTrack.Web.Tracking;

namespace TimeTrack.Web.Tests.Reminders;

/// <summary>
/// The "nothing logged today" reminder, run as its per-organization job with a movable clock: one email
/// in the last half hour of a working day when the person logged nothing that day, at most once a day,
/// to them alone. The people here work Monday to Friday, 09:00–17:00 in Berlin (UTC+1 in November).
/// </summary>
[Collection(DigestJobsCollection.Name)]
public sealed class NothingLoggedReminderTests(DigestJobsFactory factory)
{
    /// <summary>Tuesday 24 November 2026.</summary>
    private static readonly LocalDate Tuesday = new(2026, 11, 24);

    private static readonly DateTimeZone Berlin = DateTimeZoneProviders.Tzdb[Tracker.BerlinZoneId];

    [Fact]
    public async Task Reminder_goes_out_once_in_the_last_half_hour_to_the_person_only()
    {
        var person = await PersonWithReminderAsync(factory.AcmeId);

        await RunAsync(At(Tuesday, 16, 30));
        await RunAsync(At(Tuesday, 16, 45));
        await RunAsync(At(Tuesday, 16, 59));

        var email = Assert.Single(await EmailsAsync(person));
        Assert.Equal(DigestJobsFactory.EmailOf(person.UserId), email.To);
        Assert.Equal($"nothing-logged:{person.UserId:N}:2026-11-24", email.Key);
        Assert.Contains("Nothing logged today", email.Subject, StringComparison.Ordinal);
        Assert.Contains($"{DigestJobsFactory.BaseUrl}/acme/time", email.Body, StringComparison.Ordinal);
        Assert.Contains($"To turn it off, untick it on your reminders page: {DigestJobsFactory.BaseUrl}/acme/settings/reminders", email.Body, StringComparison.Ordinal);
        Assert.Equal("2026-11-24", await RemindedOnAsync(person));

        // The outbox sends it at once (it is inside the working day), to that one address.
        await factory.SendEmailAsync(factory.AcmeId);
        var received = Assert.Single(factory.Smtp.To(DigestJobsFactory.EmailOf(person.UserId)));
        Assert.Equal([DigestJobsFactory.EmailOf(person.UserId)], received.Recipients);
        Assert.Equal(email.Subject, received.Message.Subject);

        // The next working day is another day.
        await RunAsync(At(Tuesday.PlusDays(1), 16, 40));
        Assert.Equal(2, (await EmailsAsync(person)).Count);
        Assert.Equal("2026-11-25", await RemindedOnAsync(person));
    }

    [Fact]
    public async Task Reminder_is_written_in_the_language_the_persons_browser_last_signed_in_with()
    {
        var person = await PersonWithReminderAsync(factory.AcmeId);
        await using (var superuser = await factory.Database.OpenAsSuperuserAsync())
        {
            await superuser.ExecuteAsync("UPDATE users SET culture = NULL, browser_culture = 'fr' WHERE id = @id", ("id", person.UserId));
        }

        await RunAsync(At(Tuesday, 16, 40));

        var email = Assert.Single(await EmailsAsync(person));
        Assert.StartsWith("Rien de saisi aujourd’hui (Mardi 24 novembre) dans ", email.Subject, StringComparison.Ordinal);
        Assert.StartsWith("Vous n’avez saisi aucun temps aujourd’hui (Mardi 24 novembre) dans ", email.Body, StringComparison.Ordinal);
        Assert.Contains($"Pour le désactiver, décochez-le sur votre page de rappels : {DigestJobsFactory.BaseUrl}/acme/settings/reminders", email.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_runs_at_the_same_moment_queue_one_email()
    {
        var person = await PersonWithReminderAsync(factory.AcmeId);
        factory.Clock.Reset(At(Tuesday, 16, 35));

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => RemindAsync(factory.AcmeId)));

        Assert.Single(await EmailsAsync(person));
    }

    [Theory]
    [InlineData(16, 29)]
    [InlineData(17, 0)]
    [InlineData(17, 10)]
    [InlineData(10, 0)]
    public async Task No_reminder_outside_the_last_half_hour(int hour, int minute)
    {
        var person = await PersonWithReminderAsync(factory.AcmeId);

        await RunAsync(At(Tuesday, hour, minute));

        Assert.Empty(await EmailsAsync(person));
        Assert.Equal("", await RemindedOnAsync(person));
    }

    [Fact]
    public async Task No_reminder_on_a_day_that_is_not_a_working_day()
    {
        var person = await PersonWithReminderAsync(factory.AcmeId);

        await RunAsync(At(new LocalDate(2026, 11, 28), 16, 40));

        Assert.Empty(await EmailsAsync(person));
    }

    [Fact]
    public async Task No_reminder_when_anything_is_logged_today_or_a_timer_runs()
    {
        var withEntry = await PersonWithReminderAsync(factory.AcmeId);
        var withDurationOnly = await PersonWithReminderAsync(factory.AcmeId);
        var withTimer = await PersonWithReminderAsync(factory.AcmeId);
        var withYesterdayOnly = await PersonWithReminderAsync(factory.AcmeId);
        factory.Clock.Reset(At(Tuesday, 16, 40));
        await factory.AddEntriesAsync(withEntry, Tuesday, (10, 11));
        await factory.AddEntriesAsync(withYesterdayOnly, Tuesday.PlusDays(-1), (10, 16));
        var durationOnly = await TrackAsync(withDurationOnly, s => s.CreateDurationAsync(
            withDurationOnly.UserId, new EntryDetails(withDurationOnly.Project), Tuesday, Duration.FromMinutes(45), EntrySource.Manual));
        Assert.True(durationOnly.Succeeded, Tracker.Describe(durationOnly));
        await using (var superuser = await factory.Database.OpenAsSuperuserAsync())
        {
            // Started yesterday evening and still running.
            await superuser.InsertEntryAsync(withTimer, At(Tuesday.PlusDays(-1), 18, 0), null, noOverlap: true);
        }

        await RunAsync(At(Tuesday, 16, 40));

        Assert.Empty(await EmailsAsync(withEntry));
        Assert.Empty(await EmailsAsync(withDurationOnly));
        Assert.Empty(await EmailsAsync(withTimer));
        Assert.Single(await EmailsAsync(withYesterdayOnly));
    }

    [Fact]
    public async Task No_reminder_for_someone_who_did_not_turn_it_on()
    {
        var person = await factory.CreatePersonAsync(factory.AcmeId);
        await SetHoursAsync(person, remind: false);

        await RunAsync(At(Tuesday, 16, 40));

        Assert.Empty(await EmailsAsync(person));
    }

    [Fact]
    public async Task Each_organizations_job_reminds_only_its_own_people()
    {
        var globexId = await factory.Database.OrganizationIdAsync("globex");
        var globex = await PersonWithReminderAsync(globexId);

        await RunAsync(At(Tuesday, 16, 40));
        Assert.Empty(await EmailsAsync(globex));

        await RemindAsync(globexId);
        var email = Assert.Single(await EmailsAsync(globex));
        Assert.Contains("/globex/time", email.Body, StringComparison.Ordinal);
        Assert.Equal(globexId, email.TenantId);
    }

    private static Instant At(LocalDate date, int hour, int minute) =>
        Berlin.AtStrictly(date.At(new LocalTime(hour, minute))).ToInstant();

    private async Task<TestPerson> PersonWithReminderAsync(Guid tenantId)
    {
        var person = await factory.CreatePersonAsync(tenantId);
        await SetHoursAsync(person, remind: true);
        return person;
    }

    private async Task SetHoursAsync(TestPerson person, bool remind)
    {
        await using var superuser = await factory.Database.OpenAsSuperuserAsync();
        await superuser.ExecuteAsync(
            """
            UPDATE memberships SET remind_nothing_logged = @remind, working_days = 31, workday_start = '09:00', workday_end = '17:00'
            WHERE tenant_id = @tenant AND user_id = @user
            """,
            ("remind", remind),
            ("tenant", person.TenantId),
            ("user", person.UserId));
    }

    /// <summary>Sets the clock to <paramref name="now"/> and runs acme's job as Hangfire would.</summary>
    private Task<int> RunAsync(Instant now)
    {
        factory.Clock.Reset(now);
        return RemindAsync(factory.AcmeId);
    }

    private async Task<int> RemindAsync(Guid tenantId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NothingLoggedReminderJob>().RemindForTenantAsync(tenantId, CancellationToken.None);
    }

    private async Task<T> TrackAsync<T>(TestPerson person, Func<TimeEntryService, Task<T>> command)
    {
        await using var scope = factory.Scopes.CreateScope(person.TenantId, person.UserId);
        return await command(scope.ServiceProvider.GetRequiredService<TimeEntryService>());
    }

    private async Task<IReadOnlyList<ReminderEmail>> EmailsAsync(TestPerson person)
    {
        await using var superuser = await factory.Database.OpenAsSuperuserAsync();
        return await superuser.QueryAsync(
            """SELECT tenant_id, key, "to", subject, text_body FROM outgoing_emails WHERE user_id = @user AND key LIKE 'nothing-logged:%' ORDER BY created_at""",
            r => new ReminderEmail(r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4)),
            ("user", person.UserId));
    }

    private async Task<string> RemindedOnAsync(TestPerson person)
    {
        await using var superuser = await factory.Database.OpenAsSuperuserAsync();
        return await superuser.ScalarAsync<string>(
            "SELECT coalesce(nothing_logged_reminded_on::text, '') FROM memberships WHERE tenant_id = @tenant AND user_id = @user",
            ("tenant", person.TenantId),
            ("user", person.UserId));
    }

    private sealed record ReminderEmail(Guid TenantId, string Key, string To, string Subject, string Body);
}
