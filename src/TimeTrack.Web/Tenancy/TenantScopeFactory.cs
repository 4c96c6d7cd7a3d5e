namespace TimeTrack.Web.Tenancy;

/// <summary>
/// Creates a DI scope that acts in one organization: for jobs (no HttpContext) and for flows that
/// must write into an organization the request is not scoped to (creating one, accepting an invitation).
/// </summary>
public sealed class TenantScopeFactory(IServiceScopeFactory scopes)
{
    public AsyncServiceScope CreateScope(Guid tenantId, Guid? userId = null)
    {
        var scope = scopes.CreateAsyncScope();
        var tenant = scope.ServiceProvider.GetRequiredService<TenantContext>();
        tenant.SetTenantId(tenantId);
        tenant.SetUser(userId);
        return scope;
    }
}
