using NodaTime;
using TimeTrack.Web.Reports;

namespace TimeTrack.Web.Features.Reports;

/// <summary>The report form's query string, as typed; nothing here is trusted before it is read.</summary>
public class ReportForm
{
    public string? Preset { get; set; }

    public string? From { get; set; }

    public string? To { get; set; }

    public string? GroupBy { get; set; }

    public Guid? Client { get; set; }

    public Guid? Project { get; set; }

    public Guid? Outcome { get; set; }

    public Guid? Task { get; set; }

    public Guid? Person { get; set; }

    public Guid? Team { get; set; }

    public string? Scope { get; set; }

    public ReportInput ToInput() => new(Preset, From, To, GroupBy, Client, Project, Outcome, Task, Person, Team, Scope);
}

public sealed record ReportOption(Guid Id, string Name);

/// <summary>The reports page: the form with its choices, and the report (null when the form is invalid).</summary>
public sealed record ReportsPageModel(
    ReportForm Form,
    LocalDate From,
    LocalDate To,
    ReportGrouping GroupBy,
    IReadOnlyList<ReportOption> Clients,
    IReadOnlyList<ReportOption> Projects,
    IReadOnlyList<ReportOption> Outcomes,
    IReadOnlyList<ReportOption> Tasks,
    IReadOnlyList<ReportOption> People,
    IReadOnlyList<ReportOption> Teams,
    Report? Report,
    string? Error)
{
    public static IReadOnlyList<(string Value, string Label)> Presets => ReportRunner.Presets;

    /// <summary>Whose time the report adds up.</summary>
    public ReportScope Scope { get; init; } = ReportScope.People;

    /// <summary>The scopes the viewer may choose, the default first.</summary>
    public IReadOnlyList<ReportScope> Scopes { get; init; } = [ReportScope.People];

    public static string ScopeLabel(ReportScope scope) => scope switch
    {
        ReportScope.Groups => "Group figures (the organization or a team, by month)",
        ReportScope.Billing => "Billing (per client and project, by month)",
        _ => "People you see one by one",
    };

    public static IReadOnlyList<ReportGrouping> Groupings { get; } = Enum.GetValues<ReportGrouping>();

    /// <summary>The query string of one client's invoice summary over this report's period.</summary>
    public string InvoiceQuery(Guid clientId) =>
        $"format=pdf&from={ReportPeriod.Iso(From)}&to={ReportPeriod.Iso(To)}&groupBy=project&client={clientId}&scope={Scope.ToString().ToLowerInvariant()}";

    /// <summary>The query string of this report, for its downloads.</summary>
    public string Query
    {
        get
        {
            var parts = new List<string>
            {
                "scope=" + Scope.ToString().ToLowerInvariant(),
                "from=" + ReportPeriod.Iso(From),
                "to=" + ReportPeriod.Iso(To),
                "groupBy=" + GroupBy.ToString().ToLowerInvariant(),
            };
            void Add(string name, Guid? value)
            {
                if (value is { } id)
                {
                    parts.Add(name + "=" + id);
                }
            }

            Add("client", Form.Client);
            Add("project", Form.Project);
            Add("outcome", Form.Outcome);
            Add("task", Form.Task);
            Add("person", Form.Person);
            Add("team", Form.Team);
            return string.Join("&", parts);
        }
    }
}
