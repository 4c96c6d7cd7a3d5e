using System.ComponentModel.DataAnnotations;
using NodaTime;
using TimeTrack.Domain.Tenancy;

namespace TimeTrack.Web.Features.Admin;

/// <summary>The form keys of the teams pages, so messages land next to the field they are about.</summary>
public static class TeamFields
{
    public const string NewTeamName = "NewTeam.Name";

    public const string TeamName = "Team.Name";

    public const string NewMember = "NewMember.UserId";

    public const string NewManager = "NewManager.UserId";
}

/// <summary>A team's name, as the create and rename forms post it.</summary>
public sealed class TeamNameForm
{
    [Required(ErrorMessage = "Enter the team's name.")]
    [StringLength(Domain.Tenancy.Team.MaxNameLength, ErrorMessage = "Use at most 120 characters.")]
    [Display(Name = "Team name")]
    public string? Name { get; set; }
}

/// <summary>A person to add to a team, as a member or as a manager.</summary>
public sealed class TeamPersonForm
{
    [Required(ErrorMessage = "Choose a person to add.")]
    [Display(Name = "Person")]
    public Guid? UserId { get; set; }
}

/// <summary>A team as the list shows it.</summary>
public sealed record TeamRow(Guid Id, string Name, int MemberCount, IReadOnlyList<string> Managers, Instant? ArchivedAt);

public sealed record TeamsAdminModel(IReadOnlyList<TeamRow> Active, IReadOnlyList<TeamRow> Archived, TeamNameForm NewTeam);

/// <summary>A person of the organization on a team's page.</summary>
public sealed record TeamPerson(Guid UserId, string Name);

public sealed record TeamAdminModel(
    Guid Id,
    string Name,
    Instant? ArchivedAt,
    IReadOnlyList<TeamPerson> Members,
    IReadOnlyList<TeamPerson> Managers,
    IReadOnlyList<TeamPerson> MemberCandidates,
    IReadOnlyList<TeamPerson> ManagerCandidates,
    TeamNameForm Team,
    TeamPersonForm NewMember,
    TeamPersonForm NewManager)
{
    public bool IsArchived => ArchivedAt is not null;
}
