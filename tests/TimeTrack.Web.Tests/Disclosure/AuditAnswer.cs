using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using NodaTime;
using NodaTime.Text;

namespace TimeTrack.Web.Tests.Disclosure;

/// <summary>One question to <c>GET /api/v1/reports</c>: a scope, a period, a grouping and at most one filter of each kind.</summary>
public sealed record AuditAsk(
    string Scope,
    LocalDate From,
    LocalDate To,
    string GroupBy,
    Guid? Team = null,
    Guid? Client = null,
    Guid? Project = null,
    Guid? Outcome = null)
{
    public string Query
    {
        get
        {
            var query = new StringBuilder().Append(CultureInfo.InvariantCulture, $"from={Iso(From)}&to={Iso(To)}&group_by={GroupBy}&scope={Scope}");
            void Add(string name, Guid? value)
            {
                if (value is { } id)
                {
                    query.Append(CultureInfo.InvariantCulture, $"&{name}={id}");
                }
            }

            Add("team", Team);
            Add("client", Client);
            Add("project", Project);
            Add("outcome", Outcome);
            return query.ToString();
        }
    }

    /// <summary>The same question over the whole calendar months the period touches.</summary>
    public AuditAsk WholeMonths() => this with
    {
        From = new LocalDate(From.Year, From.Month, 1),
        To = new LocalDate(To.Year, To.Month, 1).PlusMonths(1).PlusDays(-1),
    };

    public static string Iso(LocalDate date) => LocalDatePattern.Iso.Format(date);
}

/// <summary>A row or total as the API gave it: hours null when withheld.</summary>
public sealed record AuditFigure(string? Key, string Label, decimal? Hours)
{
    public Guid? Id => Key is null ? null : Guid.Parse(Key);
}

/// <summary>An answer of the reports API, reduced to what a viewer could combine: the period it covers, the rows and the total.</summary>
public sealed record AuditAnswer(AuditAsk Ask, LocalDate From, LocalDate To, IReadOnlyList<AuditFigure> Rows, AuditFigure Total, IReadOnlyList<string> Notes)
{
    /// <summary>Everything a viewer could compute with, in one string: equal strings, equal knowledge.</summary>
    public string Figures => $"{AuditAsk.Iso(From)}..{AuditAsk.Iso(To)}: {RowsAndTotal}";

    /// <summary>The rows and the total without the period (which people figures repeat as asked).</summary>
    public string RowsAndTotal =>
        string.Join("; ", Rows.Append(Total).Select(r => $"{r.Key}|{r.Label}|{r.Hours?.ToString(CultureInfo.InvariantCulture) ?? "withheld"}"));

    public IEnumerable<AuditFigure> All => Rows.Append(Total);

    public static async Task<AuditAnswer> GetAsync(HttpClient api, AuditAsk ask)
    {
        var response = await api.GetAsync($"/api/v1/reports?{ask.Query}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /api/v1/reports?{ask.Query} returned {(int)response.StatusCode}: {body}");
        var json = JsonNode.Parse(body) ?? throw new InvalidOperationException("Empty body.");
        Assert.Equal(ask.Scope, json["scope"]?.GetValue<string>());
        var rows = json["rows"]?.AsArray() ?? throw new InvalidOperationException($"No rows in {body}");
        return new AuditAnswer(
            ask,
            LocalDatePattern.Iso.Parse(json["period"]?["from"]?.GetValue<string>() ?? "").GetValueOrThrow(),
            LocalDatePattern.Iso.Parse(json["period"]?["to"]?.GetValue<string>() ?? "").GetValueOrThrow(),
            [.. rows.Select(r => Figure(r, body))],
            Figure(json["total"], body),
            [.. (json["notes"]?.AsArray() ?? []).Select(n => n?.GetValue<string>() ?? "")]);
    }

    private static AuditFigure Figure(JsonNode? row, string body)
    {
        if (row is null)
        {
            throw new InvalidOperationException($"A null row in {body}");
        }

        var hours = row["hours"]?.GetValue<decimal>();
        var withheld = row["withheld"]?.GetValue<bool>() ?? false;
        Assert.True(withheld == (hours is null), $"withheld and hours disagree in {row.ToJsonString()}");
        return new AuditFigure(row["key"]?.GetValue<string>(), row["label"]?.GetValue<string>() ?? "", hours);
    }
}
