using NodaTime;
using NodaTime.Testing;
using TimeTrack.Domain.Tenancy;

namespace TimeTrack.Domain.Tests.Tenancy;

public sealed class InvitationTests
{
    private static readonly Instant Created = Instant.FromUtc(2026, 3, 1, 9, 0);
    private static readonly Duration ValidFor = Duration.FromDays(7);

    [Theory]
    [InlineData(0, false, true)]
    [InlineData(60, false, true)]
    [InlineData(7 * 24 * 60 - 1, false, true)]
    // Expiry is exclusive: at the expiry instant the link no longer works.
    [InlineData(7 * 24 * 60, false, false)]
    [InlineData(8 * 24 * 60, false, false)]
    // An accepted invitation is never usable again, however fresh.
    [InlineData(0, true, false)]
    [InlineData(60, true, false)]
    [InlineData(8 * 24 * 60, true, false)]
    public void Invitation_is_usable_only_before_expiry_and_until_accepted(int minutesLater, bool accepted, bool expected)
    {
        var clock = new FakeClock(Created);
        var invitation = new Invitation
        {
            Email = "invitee@example.test",
            CreatedAt = clock.GetCurrentInstant(),
            ExpiresAt = clock.GetCurrentInstant() + ValidFor,
        };
        if (accepted)
        {
            invitation.AcceptedAt = clock.GetCurrentInstant();
            invitation.AcceptedByUserId = Guid.NewGuid();
        }

        clock.AdvanceMinutes(minutesLater);

        Assert.Equal(expected, invitation.IsUsable(clock.GetCurrentInstant()));
    }

    [Fact]
    public void Invitation_that_expired_before_it_was_created_is_never_usable()
    {
        var clock = new FakeClock(Created);
        var invitation = new Invitation { CreatedAt = Created, ExpiresAt = Created - Duration.FromSeconds(1) };

        Assert.False(invitation.IsUsable(clock.GetCurrentInstant()));
    }

    [Theory]
    [InlineData(0, false, InvitationState.Open)]
    [InlineData(7 * 24 * 60 - 1, false, InvitationState.Open)]
    [InlineData(7 * 24 * 60, false, InvitationState.Expired)]
    // Spent wins over expired, so a late visitor learns the link was used rather than that it ran out.
    [InlineData(0, true, InvitationState.Spent)]
    [InlineData(8 * 24 * 60, true, InvitationState.Spent)]
    public void Invitation_state_tells_open_spent_and_expired_apart(int minutesLater, bool accepted, InvitationState expected)
    {
        var invitation = new Invitation { CreatedAt = Created, ExpiresAt = Created + ValidFor, AcceptedAt = accepted ? Created : null };

        Assert.Equal(expected, invitation.StateAt(Created + Duration.FromMinutes(minutesLater)));
    }

    [Theory]
    [InlineData("invitee@example.test", "i***@example.test")]
    [InlineData("Dave@GLOBEX.test", "D***@GLOBEX.test")]
    [InlineData("x@example.test", "x***@example.test")]
    [InlineData("odd\"@\"name@example.test", "o***@example.test")]
    [InlineData("not-an-address", "***")]
    [InlineData("@example.test", "***")]
    public void Masked_email_shows_only_the_first_character_and_the_domain(string email, string expected) =>
        Assert.Equal(expected, new Invitation { Email = email }.MaskedEmail());
}
