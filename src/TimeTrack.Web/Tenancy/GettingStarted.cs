using Microsoft.EntityFrameworkCore;
using NodaTime;
using TimeTrack.Domain.Tenancy;
using TimeTrack.Web.Data;

namespace TimeTrack.Web.Tenancy;

/// <summary>
/// A new organization's first-run checklist: which <see cref="OnboardingStep"/>s are done, and
/// confirming the ones an admin confirms. It shows until every step is done; organizations that
/// existed before it, and the demo, are past it.
/// </summary>
public sealed class GettingStarted(TimeTrackDbContext db, TenantContext tenant, IClock clock)
{
    /// <summary>One step and whether it is done.</summary>
    public sealed record Step(OnboardingStep Kind, bool Done);

    /// <summary>The checklist of the current organization.</summary>
    public sealed record Checklist(Organization Organization, IReadOnlyList<Step> Steps)
    {
        public int DoneCount => Steps.Count(s => s.Done);

        public bool AllDone => Steps.All(s => s.Done);

        public bool IsDone(OnboardingStep step) => Steps.Single(s => s.Kind == step).Done;
    }

    /// <summary>The checklist while it still has something to do; null once the organization is past it.</summary>
    public async Task<Checklist?> PendingAsync(CancellationToken cancellationToken = default)
    {
        // Asked on every admin's My time: an organization past its first run costs one read, not four.
        var organization = await LoadAsync(cancellationToken);
        if (organization.OnboardedAt is not null)
        {
            return null;
        }

        var checklist = await ReadAsync(organization, cancellationToken);
        return checklist.AllDone ? null : checklist;
    }

    /// <summary>Every step of the current organization and whether it is done.</summary>
    public async Task<Checklist> ReadAsync(CancellationToken cancellationToken = default) =>
        await ReadAsync(await LoadAsync(cancellationToken), cancellationToken);

    private Task<Organization> LoadAsync(CancellationToken cancellationToken) =>
        db.Organizations.AsNoTracking().SingleAsync(o => o.Id == tenant.RequiredTenantId, cancellationToken);

    private async Task<Checklist> ReadAsync(Organization organization, CancellationToken cancellationToken)
    {
        var hasProject = await db.Projects.AnyAsync(cancellationToken);
        var hasInvited = await db.Invitations.AnyAsync(cancellationToken) || await db.Memberships.CountAsync(cancellationToken) > 1;
        bool Done(OnboardingStep step) => step switch
        {
            OnboardingStep.FirstProject => hasProject,
            OnboardingStep.InvitePeople => hasInvited,
            // An organization past its first run (set up before the checklist existed, or the demo) chose them long ago.
            _ => organization.OnboardedAt is not null || organization.OnboardingConfirmed.Contains(step.Key()),
        };
        return new Checklist(organization, [.. Enum.GetValues<OnboardingStep>().Select(s => new Step(s, Done(s)))]);
    }

    /// <summary>
    /// Records that an admin confirmed <paramref name="step"/> (one of <see cref="OnboardingSteps.Confirmed"/>);
    /// idempotent, and safe when two admins confirm at once. Returns the checklist afterwards.
    /// </summary>
    public async Task<Checklist> ConfirmAsync(OnboardingStep step, CancellationToken cancellationToken = default)
    {
        if (!OnboardingSteps.Confirmed.Contains(step))
        {
            throw new ArgumentException($"{step} is done by the data, not confirmed.", nameof(step));
        }

        var key = step.Key();
        var id = tenant.RequiredTenantId;
        await db.Database.ExecuteSqlAsync(
            $"UPDATE organizations SET onboarding_confirmed = array_append(onboarding_confirmed, {key}) WHERE id = {id} AND NOT ({key} = ANY (onboarding_confirmed))",
            cancellationToken);
        var checklist = await ReadAsync(cancellationToken);
        if (checklist.AllDone && checklist.Organization.OnboardedAt is null)
        {
            var now = clock.GetCurrentInstant();
            await db.Database.ExecuteSqlAsync($"UPDATE organizations SET onboarded_at = {now} WHERE id = {id} AND onboarded_at IS NULL", cancellationToken);
        }

        return checklist;
    }
}
