using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Data;
using TimeTrack.Web.Extensions;
using TimeTrack.Web.Tenancy;

namespace TimeTrack.Web.Tests.Isolation;

/// <summary>
/// The EF Core layer: the named query filter and the stamping interceptor, each checked with the
/// other layer (RLS) out of the way where that is possible, so neither hides the other's absence.
/// </summary>
[Collection(IsolationCollection.Name)]
public sealed class EfCoreTenantLayerTests(IsolationFactory factory)
{
    private static readonly MethodInfo TenantIdsOfRowsMethod =
        typeof(EfCoreTenantLayerTests).GetMethod(nameof(TenantIdsOfRowsAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    [Fact]
    public async Task Every_tenant_owned_entity_has_the_named_tenant_query_filter()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
        var tenantOwned = TenantOwnedEntities(db);

        Assert.NotEmpty(tenantOwned);
        Assert.All(tenantOwned, entity => Assert.NotNull(entity.FindDeclaredQueryFilter(TimeTrackDbContext.TenantFilter)));
    }

    [Fact]
    public async Task Acme_scope_never_returns_globex_rows_even_with_query_filters_ignored()
    {
        var scopes = factory.Services.GetRequiredService<TenantScopeFactory>();
        await using var scope = scopes.CreateScope(factory.AcmeId);
        var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();

        foreach (var ignoreFilters in new[] { false, true })
        {
            foreach (var (entity, tenantIds) in await TenantIdsByEntityAsync(db, ignoreFilters))
            {
                Assert.True(tenantIds.Count > 0, $"{entity}: the acme scope sees no rows at all (ignoreFilters: {ignoreFilters}).");
                Assert.All(tenantIds, id => Assert.Equal(factory.AcmeId, id));
            }
        }
    }

    [Fact]
    public async Task Query_filter_alone_hides_other_tenants_rows_when_row_level_security_is_bypassed()
    {
        // Connected as the superuser, PostgreSQL shows every row: what remains is the EF filter alone.
        foreach (var (tenantId, otherId) in new[] { (factory.AcmeId, factory.GlobexId), (factory.GlobexId, factory.AcmeId) })
        {
            var tenant = new TenantContext();
            tenant.SetTenantId(tenantId);
            await using var db = CreateSuperuserContext(tenant);

            var unfiltered = await TenantIdsByEntityAsync(db, ignoreFilters: true);
            Assert.All(unfiltered, pair => Assert.Contains(otherId, pair.Value));

            foreach (var (entity, tenantIds) in await TenantIdsByEntityAsync(db, ignoreFilters: false))
            {
                Assert.True(tenantIds.Count > 0, $"{entity}: the filter hid this tenant's own rows too.");
                Assert.All(tenantIds, id => Assert.Equal(tenantId, id));
            }
        }

        await using (var noTenant = CreateSuperuserContext(new TenantContext()))
        {
            Assert.All(await TenantIdsByEntityAsync(noTenant, ignoreFilters: false), pair => Assert.Empty(pair.Value));
        }
    }

    [Fact]
    public async Task Saving_a_row_of_another_tenant_throws_TenantMismatchException()
    {
        var scopes = factory.Services.GetRequiredService<TenantScopeFactory>();
        await using var scope = scopes.CreateScope(factory.AcmeId);
        var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
        var id = Guid.CreateVersion7();
        db.Projects.Add(new Project { Id = id, TenantId = factory.GlobexId, Name = "Planted by acme" });

        await Assert.ThrowsAsync<TenantMismatchException>(() => db.SaveChangesAsync());
        Assert.Equal(0L, await CountProjectAsync(id));
    }

    [Fact]
    public async Task New_row_without_tenant_is_stamped_with_the_scopes_tenant()
    {
        var scopes = factory.Services.GetRequiredService<TenantScopeFactory>();
        await using var scope = scopes.CreateScope(factory.AcmeId);
        var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
        var project = new Project { Id = Guid.CreateVersion7(), Name = "Stamped " + Guid.NewGuid().ToString("N")[..8] };
        db.Projects.Add(project);

        await db.SaveChangesAsync();
        try
        {
            Assert.Equal(factory.AcmeId, project.TenantId);
            await using var superuser = await factory.Database.OpenAsSuperuserAsync();
            Assert.Equal(factory.AcmeId, await superuser.ScalarAsync<Guid>("SELECT tenant_id FROM projects WHERE id = @id", ("id", project.Id)));
        }
        finally
        {
            db.Projects.Remove(project);
            await db.SaveChangesAsync();
        }
    }

    [Fact]
    public async Task Saving_a_tenant_owned_row_with_no_tenant_set_throws()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TimeTrackDbContext>();
        Assert.Null(db.CurrentTenantId);
        var unstamped = new Project { Id = Guid.CreateVersion7(), Name = "Nobody's" };
        db.Projects.Add(unstamped);
        await Assert.ThrowsAsync<TenantMismatchException>(() => db.SaveChangesAsync());

        db.Entry(unstamped).State = EntityState.Detached;
        var explicitTenant = new Project { Id = Guid.CreateVersion7(), TenantId = factory.AcmeId, Name = "Claims acme" };
        db.Projects.Add(explicitTenant);
        await Assert.ThrowsAsync<TenantMismatchException>(() => db.SaveChangesAsync());

        Assert.Equal(0L, await CountProjectAsync(unstamped.Id) + await CountProjectAsync(explicitTenant.Id));
    }

    private TimeTrackDbContext CreateSuperuserContext(TenantContext tenant)
    {
        var options = new DbContextOptionsBuilder<TimeTrackDbContext>().UseApplicationServiceProvider(factory.Services);
        PersistenceExtensions.ConfigureDbContext(options, factory.Database.SuperuserConnectionString, factory.Services);
        return new TimeTrackDbContext(options.Options, tenant);
    }

    private async Task<long> CountProjectAsync(Guid id)
    {
        await using var superuser = await factory.Database.OpenAsSuperuserAsync();
        return await superuser.ScalarAsync<long>("SELECT count(*) FROM projects WHERE id = @id", ("id", id));
    }

    private static List<Microsoft.EntityFrameworkCore.Metadata.IEntityType> TenantOwnedEntities(DbContext db) =>
        [.. db.Model.GetEntityTypes().Where(e => typeof(ITenantOwned).IsAssignableFrom(e.ClrType))];

    /// <summary>For every tenant-owned entity in the model (so a new one is covered without editing this test): the tenant id of each row the context returns.</summary>
    private static async Task<Dictionary<string, List<Guid>>> TenantIdsByEntityAsync(TimeTrackDbContext db, bool ignoreFilters)
    {
        var result = new Dictionary<string, List<Guid>>();
        foreach (var entity in TenantOwnedEntities(db))
        {
            var query = (Task<List<Guid>>)TenantIdsOfRowsMethod.MakeGenericMethod(entity.ClrType).Invoke(null, [db, ignoreFilters])!;
            result[entity.ClrType.Name] = await query;
        }

        Assert.NotEmpty(result);
        return result;
    }

    private static Task<List<Guid>> TenantIdsOfRowsAsync<T>(TimeTrackDbContext db, bool ignoreFilters)
        where T : class, ITenantOwned
    {
        IQueryable<T> rows = db.Set<T>();
        if (ignoreFilters)
        {
            rows = rows.IgnoreQueryFilters([TimeTrackDbContext.TenantFilter]);
        }

        return rows.Select(e => e.TenantId).ToListAsync();
    }
}
