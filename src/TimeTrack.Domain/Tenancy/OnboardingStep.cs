namespace TimeTrack.Domain.Tenancy;

/// <summary>
/// The first-run checklist of a new organization, in order. Three steps are confirmed by an admin
/// (the settings they chose may already be right); the others are done when the data says so.
/// </summary>
public enum OnboardingStep
{
    /// <summary>The organization's time zone and the day its weeks start (confirmed).</summary>
    ZoneAndWeek,

    /// <summary>Working days and hours, part of the transparency policy's settings (confirmed).</summary>
    WorkingHours,

    /// <summary>A first project exists (its creator is a member of it).</summary>
    FirstProject,

    /// <summary>Someone has been invited, or the organization has more than one member.</summary>
    InvitePeople,

    /// <summary>The default transparency policy and each of its purposes reviewed (confirmed).</summary>
    ReviewPolicy,
}

public static class OnboardingSteps
{
    /// <summary>The steps an admin confirms with a button; the others follow from the data.</summary>
    public static readonly IReadOnlyList<OnboardingStep> Confirmed = [OnboardingStep.ZoneAndWeek, OnboardingStep.WorkingHours, OnboardingStep.ReviewPolicy];

    /// <summary>The key stored in <see cref="Organization.OnboardingConfirmed"/> and used in addresses.</summary>
    public static string Key(this OnboardingStep step) => step switch
    {
        OnboardingStep.ZoneAndWeek => "zone-and-week",
        OnboardingStep.WorkingHours => "working-hours",
        OnboardingStep.FirstProject => "first-project",
        OnboardingStep.InvitePeople => "invite-people",
        OnboardingStep.ReviewPolicy => "review-policy",
        _ => throw new ArgumentOutOfRangeException(nameof(step), step, null),
    };

    /// <summary>The confirmed step named by <paramref name="key"/>, or null.</summary>
    public static OnboardingStep? ConfirmedFromKey(string? key) =>
        Confirmed.Cast<OnboardingStep?>().FirstOrDefault(s => s!.Value.Key() == key);
}
