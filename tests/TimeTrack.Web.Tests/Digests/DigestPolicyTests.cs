using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using TimeTrack.Domain.Visibility;
using TimeTrack.Web.Tenancy;
using TimeTrack.Web.Tests.Transparency;
using TimeTrack.Web.Transparency;

namespace TimeTrack.Web.Tests.Digests;

/// <summary>A digest exists only where the policy in force says digests are tracked.</summary>
[Collection(DigestJobsCollection.Name)]
public sealed class DigestPolicyTests(DigestJobsFactory factory)
{
    [Fact]
    public async Task No_digest_is_built_where_the_policy_does_not_track_digests_and_one_is_where_it_does()
    {
        factory.Clock.Reset(DigestJobsFactory.MondayMorning);
        var untracked = await PolicyOrganization.CreateAsync(factory.Services, "nodigest");
        var tracked = await PolicyOrganization.CreateAsync(factory.Services, "digest");
        await using (var scope = factory.Scopes.CreateScope(untracked.Id, untracked.Owner.Id))
        {
            var publisher = scope.ServiceProvider.GetRequiredService<PolicyPublisher>();
            var policy = TransparencyPolicy.Default;
            await publisher.SaveDraftAsync(policy.With(policy.For(DataCategory.Digests) with { Tracked = false }), untracked.Owner.Id);
            var published = await publisher.PublishAsync(untracked.Owner.Id, untracked.Owner.Email, "No weekly digests here.", factory.Clock.GetCurrentInstant());
            Assert.True(published.Succeeded, string.Join("; ", published.Problems.Select(p => p.Message)));
        }

        var withoutDigests = await factory.CreatePersonAsync(untracked.Id);
        var withDigests = await factory.CreatePersonAsync(tracked.Id);
        foreach (var person in new[] { withoutDigests, withDigests })
        {
            await factory.AddEntriesAsync(person, new LocalDate(2026, 11, 18), (9, 12));
        }

        Assert.False(await factory.BuildAsync(withoutDigests));
        Assert.Empty((await factory.RowsAsync(withoutDigests)).Digests);
        Assert.True(await factory.BuildAsync(withDigests));
        Assert.Single((await factory.RowsAsync(withDigests)).Digests);
    }
}
