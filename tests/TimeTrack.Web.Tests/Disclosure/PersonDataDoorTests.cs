using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TimeTrack.Domain.Visibility;
using TimeTrack.Web.Data;
using TimeTrack.Web.Disclosure;
using TimeTrack.Web.Tenancy;
using TimeTrack.Web.Tests.Infrastructure;

namespace TimeTrack.Web.Tests.Disclosure;

/// <summary>The door every read of another person's data goes through, against the demo team.</summary>
[Collection(AppCollection.Name)]
public sealed class PersonDataDoorTests(TimeTrackFactory factory)
{
    public static TheoryData<string, string, DataCategory, string, bool> Cases => new()
    {
        { "alice@acme.test", "alice@acme.test", DataCategory.EntryDetails, nameof(Granularity.IndividualDetail), true },
        { "alice@acme.test", "alice@acme.test", DataCategory.Reflections, nameof(Granularity.IndividualDetail), true },
        { "manager@acme.test", "alice@acme.test", DataCategory.Totals, nameof(Granularity.IndividualTotals), true },
        { "manager@acme.test", "alice@acme.test", DataCategory.EntryDetails, nameof(Granularity.IndividualDetail), false },
        { "manager@acme.test", "alice@acme.test", DataCategory.OutsideHours, nameof(Granularity.IndividualTotals), false },
        { "manager@acme.test", "alice@acme.test", DataCategory.Reflections, nameof(Granularity.IndividualTotals), false },
        { "manager@acme.test", "admin@acme.test", DataCategory.Totals, nameof(Granularity.IndividualTotals), false },
        { "bob@acme.test", "alice@acme.test", DataCategory.Totals, nameof(Granularity.IndividualTotals), false },
        { "admin@acme.test", "alice@acme.test", DataCategory.Totals, nameof(Granularity.IndividualTotals), false },
        { "owner@acme.test", "alice@acme.test", DataCategory.Totals, nameof(Granularity.IndividualTotals), false },
        { "owner@acme.test", "manager@acme.test", DataCategory.EntryDetails, nameof(Granularity.IndividualDetail), false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Reads_of_a_persons_data_are_decided_by_the_visibility_policy(string viewer, string subject, DataCategory category, string operation, bool allowed)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<TimeTrackDbContext>();
        var acme = await db.Organizations.AsNoTracking().SingleAsync(o => o.Slug == "acme");
        var viewerId = await UserIdAsync(db, viewer);
        var subjectId = await UserIdAsync(db, subject);

        var tenant = services.GetRequiredService<TenantContext>();
        tenant.SetUser(viewerId);
        tenant.SetTenantId(acme.Id);
        var role = await db.Memberships.Where(m => m.UserId == viewerId).Select(m => m.Role).SingleAsync();
        tenant.SetTenant(acme, role);

        var looker = await services.GetRequiredService<PersonDataDoor>().LookerAsync();

        Assert.NotNull(looker);
        Assert.Equal(allowed, looker.Sees(subjectId, category, Enum.Parse<Granularity>(operation)));
    }

    [Fact]
    public async Task Without_an_organization_nobody_may_read_anyones_data()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<TimeTrackDbContext>();
        var alice = await UserIdAsync(db, "alice@acme.test");
        services.GetRequiredService<TenantContext>().SetUser(alice);
        Assert.Null(await services.GetRequiredService<PersonDataDoor>().LookerAsync());
    }

    private static Task<Guid> UserIdAsync(TimeTrackDbContext db, string email) =>
        db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
}
