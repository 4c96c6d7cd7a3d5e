using System.Linq.Expressions;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using TimeTrack.Domain.Billing;
using TimeTrack.Domain.Digests;
using TimeTrack.Domain.Disclosure;
using TimeTrack.Domain.Imports;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Domain.Transparency;
using TimeTrack.Domain.Work;
using TimeTrack.Web.Tenancy;

namespace TimeTrack.Web.Data;

/// <summary>
/// The one DbContext. Tenant-owned entities get the named query filter <see cref="TenantFilter"/>;
/// the connection interceptor tells PostgreSQL the same tenant so row-level security agrees.
/// </summary>
public sealed class TimeTrackDbContext(DbContextOptions<TimeTrackDbContext> options, TenantContext tenant)
    : IdentityDbContext<ApplicationUser, IdentityRole<Guid>, Guid>(options), IDataProtectionKeyContext
{
    public const string TenantFilter = "Tenant";

    /// <summary>The tenant this context acts for; read at query time by the filters and at connection open by the interceptor.</summary>
    public Guid? CurrentTenantId => tenant.TenantId;

    /// <summary>The person acting, if any; lets PostgreSQL show them their own memberships across organizations.</summary>
    public Guid? CurrentUserId => tenant.UserId;

    public DbSet<Organization> Organizations => Set<Organization>();

    public DbSet<Membership> Memberships => Set<Membership>();

    public DbSet<Team> Teams => Set<Team>();

    public DbSet<TeamMember> TeamMembers => Set<TeamMember>();

    public DbSet<TeamManager> TeamManagers => Set<TeamManager>();

    /// <summary>
    /// Teams that are not archived. Everything that decides or shows who is in a team or manages one
    /// reads these three sets: an archived team keeps its rows but grants nothing.
    /// </summary>
    public IQueryable<Team> ActiveTeams => Teams.Where(t => t.ArchivedAt == null);

    /// <summary>Memberships of the <see cref="ActiveTeams"/>.</summary>
    public IQueryable<TeamMember> ActiveTeamMembers => TeamMembers.Where(m => ActiveTeams.Any(t => t.Id == m.TeamId));

    /// <summary>Managers of the <see cref="ActiveTeams"/>.</summary>
    public IQueryable<TeamManager> ActiveTeamManagers => TeamManagers.Where(m => ActiveTeams.Any(t => t.Id == m.TeamId));

    public DbSet<Invitation> Invitations => Set<Invitation>();

    public DbSet<Project> Projects => Set<Project>();

    public DbSet<ProjectMember> ProjectMembers => Set<ProjectMember>();

    public DbSet<Client> Clients => Set<Client>();

    public DbSet<WorkTask> Tasks => Set<WorkTask>();

    public DbSet<Tag> Tags => Set<Tag>();

    public DbSet<Outcome> Outcomes => Set<Outcome>();

    public DbSet<TimeEntry> TimeEntries => Set<TimeEntry>();

    public DbSet<TimeEntryTag> TimeEntryTags => Set<TimeEntryTag>();

    public DbSet<TimeRollup> TimeRollups => Set<TimeRollup>();

    public DbSet<Rate> Rates => Set<Rate>();

    public DbSet<SavedReport> SavedReports => Set<SavedReport>();

    public DbSet<MonthRelease> MonthReleases => Set<MonthRelease>();

    public DbSet<ReleasedTime> ReleasedTime => Set<ReleasedTime>();

    public DbSet<ReleasedMembership> ReleasedMemberships => Set<ReleasedMembership>();

    public DbSet<LockedPeriod> LockedPeriods => Set<LockedPeriod>();

    public DbSet<Invoice> Invoices => Set<Invoice>();

    public DbSet<InvoiceLine> InvoiceLines => Set<InvoiceLine>();

    public DbSet<InvoiceMonth> InvoiceMonths => Set<InvoiceMonth>();

    public DbSet<InvoiceCounter> InvoiceCounters => Set<InvoiceCounter>();

    public DbSet<BillingProfile> BillingProfiles => Set<BillingProfile>();

    public DbSet<WeekSubmission> WeekSubmissions => Set<WeekSubmission>();

    public DbSet<WeekSubmissionEvent> WeekSubmissionEvents => Set<WeekSubmissionEvent>();

    public DbSet<PersonalAccessToken> PersonalAccessTokens => Set<PersonalAccessToken>();

    public DbSet<Notice> Notices => Set<Notice>();

    public DbSet<PolicyVersion> PolicyVersions => Set<PolicyVersion>();

    public DbSet<PolicyAcknowledgement> PolicyAcknowledgements => Set<PolicyAcknowledgement>();

    public DbSet<AccessLogEntry> AccessLog => Set<AccessLogEntry>();

    public DbSet<DataExport> DataExports => Set<DataExport>();

    public DbSet<PersonalDataExport> PersonalDataExports => Set<PersonalDataExport>();

    public DbSet<PersonalDataExportFile> PersonalDataExportFiles => Set<PersonalDataExportFile>();

    public DbSet<PulseSurvey> PulseSurveys => Set<PulseSurvey>();

    public DbSet<PulseQuestion> PulseQuestions => Set<PulseQuestion>();

    public DbSet<PulseParticipation> PulseParticipations => Set<PulseParticipation>();

    public DbSet<PulseAnswer> PulseAnswers => Set<PulseAnswer>();

    public DbSet<Digest> Digests => Set<Digest>();

    public DbSet<OutgoingEmail> OutgoingEmails => Set<OutgoingEmail>();

    public DbSet<ImportBatch> ImportBatches => Set<ImportBatch>();

    public DbSet<ImportFileChunk> ImportFileChunks => Set<ImportFileChunk>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(TimeTrackDbContext).Assembly);
        builder.Entity<DataProtectionKey>().ToTable("data_protection_keys");

        // Identity's tables are global (an account spans organizations); snake_case like the rest.
        builder.Entity<ApplicationUser>().ToTable("users");
        builder.Entity<IdentityRole<Guid>>().ToTable("roles");
        builder.Entity<IdentityUserRole<Guid>>().ToTable("user_roles");
        builder.Entity<IdentityUserClaim<Guid>>().ToTable("user_claims");
        builder.Entity<IdentityUserLogin<Guid>>().ToTable("user_logins");
        builder.Entity<IdentityUserToken<Guid>>().ToTable("user_tokens");
        builder.Entity<IdentityRoleClaim<Guid>>().ToTable("role_claims");

        foreach (var entityType in builder.Model.GetEntityTypes())
        {
            if (typeof(ITenantOwned).IsAssignableFrom(entityType.ClrType))
            {
                builder.Entity(entityType.ClrType).HasQueryFilter(TenantFilter, BuildTenantFilter(entityType.ClrType));
            }
        }
    }

    private LambdaExpression BuildTenantFilter(Type entityClrType)
    {
        // e => (Guid?)e.TenantId == this.CurrentTenantId ; EF parameterizes the context member, so
        // the SQL text is the same for every tenant, and a missing tenant matches nothing.
        var entity = Expression.Parameter(entityClrType, "e");
        var tenantId = Expression.Convert(Expression.Property(entity, nameof(ITenantOwned.TenantId)), typeof(Guid?));
        var current = Expression.Property(Expression.Constant(this), nameof(CurrentTenantId));
        return Expression.Lambda(Expression.Equal(tenantId, current), entity);
    }
}
