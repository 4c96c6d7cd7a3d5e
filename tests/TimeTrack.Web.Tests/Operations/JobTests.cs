using System.Diagnostics;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TimeTrack.Web.Jobs;
using TimeTrack.Web.Tests.Infrastructure;
using TimeTrack.Web.Tests.Isolation;

namespace TimeTrack.Web.Tests.Operations;

/// <summary>
/// A host whose job workers poll every second. Hangfire wakes idle workers through a process-wide
/// signal that, with several test hosts in one process, often wakes a worker of another host; the
/// jobs of this one would then wait for the default 15-second poll.
/// </summary>
public sealed class QuickPollingFactory : TimeTrackFactory
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["TimeTrack:JobPollIntervalSeconds"] = "1",
    };
}

/// <summary>Jobs act as the app role with their tenant set in their own scope, so row-level security applies to them too.</summary>
public sealed class JobTests(QuickPollingFactory factory) : IClassFixture<QuickPollingFactory>
{
    private static readonly TimeSpan HangfireDeadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Expired_invitations_job_deletes_only_its_own_tenants_invitations_and_the_fan_out_covers_every_tenant()
    {
        var acme = await factory.Database.OrganizationIdAsync("acme");
        var globex = await factory.Database.OrganizationIdAsync("globex");
        var inviter = await factory.Database.UserIdAsync("owner@globex.test");
        await using var superuser = await factory.Database.OpenAsSuperuserAsync();
        var acmeExpired = await InsertInvitationAsync(superuser, acme, inviter, "44 days", "30 days");
        var globexExpired = await InsertInvitationAsync(superuser, globex, inviter, "44 days", "30 days");
        var globexPending = await InsertInvitationAsync(superuser, globex, inviter, "1 day", "-13 days");
        try
        {
            await using (var scope = factory.Services.CreateAsyncScope())
            {
                var job = scope.ServiceProvider.GetRequiredService<ExpiredInvitationsJob>();
                Assert.True(await job.RunForTenantAsync(acme, CancellationToken.None) >= 1);
            }

            Assert.False(await ExistsAsync(superuser, acmeExpired));
            Assert.True(await ExistsAsync(superuser, globexExpired));

            factory.Services.GetRequiredService<IBackgroundJobClient>()
                .Enqueue<ExpiredInvitationsJob>(job => job.FanOutAsync(CancellationToken.None));
            var clock = Stopwatch.StartNew();
            while (await ExistsAsync(superuser, globexExpired))
            {
                Assert.True(clock.Elapsed < HangfireDeadline, $"The fan-out had not removed globex's expired invitation after {HangfireDeadline.TotalSeconds} s.");
                await Task.Delay(250);
            }

            Assert.True(await ExistsAsync(superuser, globexPending));
        }
        finally
        {
            await superuser.ExecuteAsync(
                "DELETE FROM invitations WHERE id = ANY(@ids)", ("ids", new[] { acmeExpired, globexExpired, globexPending }));
        }
    }

    private static async Task<Guid> InsertInvitationAsync(NpgsqlConnection superuser, Guid tenantId, Guid inviter, string createdAgo, string expiredAgo)
    {
        var id = Guid.CreateVersion7();
        await superuser.ExecuteAsync(
            """
            INSERT INTO invitations (tenant_id, id, email, role, token_hash, invited_by_user_id, created_at, expires_at)
            VALUES (@tenant, @id, 'expired@example.test', 'Employee', @hash, @inviter,
                    now() - CAST(@created AS interval), now() - CAST(@expired AS interval))
            """,
            ("tenant", tenantId),
            ("id", id),
            ("hash", id.ToString("N") + id.ToString("N")),
            ("inviter", inviter),
            ("created", createdAgo),
            ("expired", expiredAgo));
        return id;
    }

    private static async Task<bool> ExistsAsync(NpgsqlConnection superuser, Guid invitationId) =>
        await superuser.ScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM invitations WHERE id = @id)", ("id", invitationId));
}
