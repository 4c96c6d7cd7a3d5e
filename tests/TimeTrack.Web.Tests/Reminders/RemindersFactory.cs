using Npgsql;
using TimeTrack.Web.Tests.Infrastructure;
using TimeTrack.Web.Tests.Isolation;

namespace TimeTrack.Web.Tests.Reminders;

/// <summary>
/// Its own app and database, with no job server (process role Web): these tests turn reminders on for
/// demo people, and no reminder job may act on them with the wall clock meanwhile.
/// </summary>
public sealed class RemindersFactory : TimeTrackFactory
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["TimeTrack:ProcessRole"] = "Web",
    };

    /// <summary>The person's reminder columns in <paramref name="slug"/>, read as the superuser: "on 10", "off -".</summary>
    public async Task<string> RemindersOfAsync(Guid userId, string slug = "acme")
    {
        await using var superuser = await Database.OpenAsSuperuserAsync();
        return await superuser.ScalarAsync<string>(
            """
            SELECT CASE WHEN m.remind_nothing_logged THEN 'on' ELSE 'off' END || ' ' || coalesce(m.idle_reminder_minutes::text, '-')
            FROM memberships m JOIN organizations o ON o.id = m.tenant_id
            WHERE o.slug = @slug AND m.user_id = @user
            """,
            ("slug", slug),
            ("user", userId));
    }

    public async Task SetRemindersAsync(Guid userId, bool nothingLogged, int? idleMinutes)
    {
        await using var superuser = await Database.OpenAsSuperuserAsync();
        await superuser.ExecuteAsync(
            "UPDATE memberships SET remind_nothing_logged = @on, idle_reminder_minutes = @idle WHERE user_id = @user",
            ("on", nothingLogged),
            ("idle", idleMinutes is { } minutes ? minutes : DBNull.Value),
            ("user", userId));
    }

    public Task<NpgsqlConnection> SuperuserAsync() => Database.OpenAsSuperuserAsync();
}

[CollectionDefinition(Name)]
public sealed class RemindersCollection : ICollectionFixture<RemindersFactory>
{
    public const string Name = "reminders";
}
