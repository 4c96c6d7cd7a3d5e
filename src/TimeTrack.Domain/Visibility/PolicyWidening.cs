namespace TimeTrack.Domain.Visibility;

/// <summary>
/// Whose data a policy version lets others see more of than the version before it: nobody,
/// everyone, or the members of some teams (an exception about one team widens only for its members).
/// A person must acknowledge a version that widens for them before tracking more time.
/// </summary>
public sealed class PolicyWidening : IEquatable<PolicyWidening>
{
    private PolicyWidening(bool everyone, IEnumerable<Guid> teamIds)
    {
        Everyone = everyone;
        TeamIds = everyone ? [] : [.. teamIds.Distinct().Order()];
    }

    /// <summary>A version that widens nothing: a notice is enough.</summary>
    public static PolicyWidening Nobody { get; } = new(false, []);

    /// <summary>A version that lets others see more of everyone's data.</summary>
    public static PolicyWidening ForEveryone { get; } = new(true, []);

    /// <summary>True when the version widens what others may see of every member.</summary>
    public bool Everyone { get; }

    /// <summary>The teams whose members it widens for, in id order; empty when <see cref="Everyone"/>.</summary>
    public IReadOnlyList<Guid> TeamIds { get; }

    public bool IsNobody => !Everyone && TeamIds.Count == 0;

    /// <summary>A version that widens for the members of <paramref name="teamIds"/> only; nobody when there are none.</summary>
    public static PolicyWidening ForTeams(IEnumerable<Guid> teamIds)
    {
        ArgumentNullException.ThrowIfNull(teamIds);
        var widening = new PolicyWidening(false, teamIds);
        return widening.IsNobody ? Nobody : widening;
    }

    /// <summary>Whether it widens for a person in the teams <paramref name="teamIdsOfPerson"/> (read at the time of asking).</summary>
    public bool Includes(IEnumerable<Guid> teamIdsOfPerson)
    {
        ArgumentNullException.ThrowIfNull(teamIdsOfPerson);
        return Everyone || teamIdsOfPerson.Any(TeamIds.Contains);
    }

    /// <summary>Everyone it widens for, and those it widens for according to <paramref name="other"/>.</summary>
    public PolicyWidening Or(PolicyWidening other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Everyone || other.Everyone ? ForEveryone : ForTeams(TeamIds.Concat(other.TeamIds));
    }

    public bool Equals(PolicyWidening? other) =>
        other is not null && Everyone == other.Everyone && TeamIds.SequenceEqual(other.TeamIds);

    public override bool Equals(object? obj) => Equals(obj as PolicyWidening);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Everyone);
        foreach (var teamId in TeamIds)
        {
            hash.Add(teamId);
        }

        return hash.ToHashCode();
    }

    public override string ToString() =>
        Everyone ? "everyone" : IsNobody ? "nobody" : "members of " + string.Join(", ", TeamIds);
}
