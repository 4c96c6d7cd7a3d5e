using TimeTrack.Web.Tests.Infrastructure;

namespace TimeTrack.Web.Tests.Isolation;

/// <summary>
/// The app on its own database whose every tenant table holds rows of both demo organizations, so
/// "no globex row is visible" can never pass because there was nothing to see. The demo seed leaves
/// invitations empty and gives globex no team; the probes below fill those gaps (inserted as the
/// superuser, below the app's checks, in a database no other test class reads).
/// </summary>
public sealed class IsolationFactory : TimeTrackFactory
{
    public Guid AcmeId { get; private set; }

    public Guid GlobexId { get; private set; }

    public Guid DaveId { get; private set; }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        AcmeId = await Database.OrganizationIdAsync("acme");
        GlobexId = await Database.OrganizationIdAsync("globex");
        DaveId = await Database.UserIdAsync("dave@globex.test");
        var globexOwnerId = await Database.UserIdAsync("owner@globex.test");
        var acmeAdminId = await Database.UserIdAsync("admin@acme.test");

        await using var connection = await Database.OpenAsSuperuserAsync();
        var teamId = Guid.CreateVersion7();
        await connection.ExecuteAsync(
            """
            INSERT INTO teams (tenant_id, id, name, manager_user_id) VALUES (@globex, @team, 'Isolation probe', @owner);
            INSERT INTO team_members (tenant_id, team_id, user_id) VALUES (@globex, @team, @dave);
            INSERT INTO invitations (tenant_id, id, email, role, token_hash, invited_by_user_id, created_at, expires_at, accepted_at, accepted_by_user_id)
            VALUES
              (@globex, @globexInvitation, 'probe@globex.test', 'Employee', repeat('a', 64), @owner, now(), now() + interval '14 days', now(), @dave),
              (@acme, @acmeInvitation, 'probe@acme.test', 'Employee', repeat('b', 64), @admin, now(), now() + interval '14 days', now(), @admin);
            """,
            ("globex", GlobexId),
            ("acme", AcmeId),
            ("team", teamId),
            ("owner", globexOwnerId),
            ("admin", acmeAdminId),
            ("dave", DaveId),
            ("globexInvitation", Guid.CreateVersion7()),
            ("acmeInvitation", Guid.CreateVersion7()));
    }
}

/// <summary>Database-level isolation tests share one <see cref="IsolationFactory"/>.</summary>
[CollectionDefinition(Name)]
public sealed class IsolationCollection : ICollectionFixture<IsolationFactory>
{
    public const string Name = "isolation";
}
