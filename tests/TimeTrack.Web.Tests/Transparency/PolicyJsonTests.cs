using System.Text.Json.Nodes;
using TimeTrack.Domain.Visibility;
using TimeTrack.Web.Data;

namespace TimeTrack.Web.Tests.Transparency;

/// <summary>Stored policy documents outlive the domain: versions written before a category existed still read.</summary>
public sealed class PolicyJsonTests
{
    [Fact]
    public void A_version_stored_before_billing_existed_reads_with_billing_not_tracked_and_granted_to_nobody()
    {
        var stored = JsonNode.Parse(PolicyJson.Serialize(TransparencyPolicy.Default))?.AsObject() ?? throw new InvalidOperationException("No document.");
        var categories = stored["categories"]?.AsArray() ?? throw new InvalidOperationException("No categories.");
        categories.Remove(categories.Single(c => (string?)c?["category"] == "Billing"));
        Assert.DoesNotContain("Billing", stored.ToJsonString(), StringComparison.Ordinal);

        var policy = PolicyJson.Deserialize(stored.ToJsonString());

        var billing = policy.For(DataCategory.Billing);
        Assert.False(billing.Tracked);
        Assert.Empty(billing.Grants);
        Assert.All(Enum.GetValues<Audience>(), a => Assert.Equal(Granularity.None, policy.GrantFor(DataCategory.Billing, a)));
        // Everything else is as it was stored: publishing anything later lists billing as newly tracked, never silently.
        Assert.Equal(
            ["Billing: no longer tracked."],
            PolicyDiff.Between(TransparencyPolicy.Default, policy).Select(c => c.Text));
    }

    [Fact]
    public void Categories_a_document_does_not_mention_are_not_tracked()
    {
        const string Stored = """
            {"categories":[{"category":"Totals","tracked":true,"purpose":"To approve timesheets.","retentionDays":null,"grants":{"TeamManager":"IndividualTotals"}}]}
            """;

        var policy = PolicyJson.Deserialize(Stored);

        Assert.Equal([DataCategory.Totals], policy.Categories.Where(c => c.Tracked).Select(c => c.Category));
        Assert.Equal(Granularity.IndividualTotals, policy.GrantFor(DataCategory.Totals, Audience.TeamManager));
        Assert.Empty(policy.Exceptions);
        Assert.Equal(PolicySettings.Default, policy.Settings);
    }

    [Fact]
    public void Categories_are_stored_by_name()
    {
        var json = PolicyJson.Serialize(TransparencyPolicy.Default);

        Assert.Contains("\"category\":\"Billing\"", json, StringComparison.Ordinal);
        Assert.Contains("\"category\":\"WorkloadSignals\"", json, StringComparison.Ordinal);
        Assert.Equal(TransparencyPolicy.Default.Categories, PolicyJson.Deserialize(json).Categories, new CategoryComparer());
    }

    [Theory]
    [InlineData("nobody")]
    [InlineData("everyone")]
    [InlineData("teams")]
    public void Whom_a_version_widens_for_reads_back_as_stored(string kind)
    {
        var widening = kind switch
        {
            "nobody" => PolicyWidening.Nobody,
            "everyone" => PolicyWidening.ForEveryone,
            _ => PolicyWidening.ForTeams([Guid.NewGuid(), Guid.NewGuid()]),
        };

        Assert.Equal(widening, PolicyJson.DeserializeWidening(PolicyJson.SerializeWidening(widening)));
    }

    [Fact]
    public void Versions_from_before_widenings_were_recorded_read_as_asking_everyone() =>
        // What the migration writes for every version after the first that was published before.
        Assert.Equal(PolicyWidening.ForEveryone, PolicyJson.DeserializeWidening("""{"everyone":true,"teamIds":[]}"""));

    private sealed class CategoryComparer : IEqualityComparer<CategoryPolicy>
    {
        public bool Equals(CategoryPolicy? x, CategoryPolicy? y) =>
            x is not null && y is not null
            && x.Category == y.Category && x.Tracked == y.Tracked && x.Purpose == y.Purpose && x.RetentionDays == y.RetentionDays
            && Enum.GetValues<Audience>().All(a => x.GrantFor(a) == y.GrantFor(a));

        public int GetHashCode(CategoryPolicy obj) => obj.Category.GetHashCode();
    }
}
