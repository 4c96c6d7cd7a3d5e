using System.Net;
using TimeTrack.Web.Tests.Infrastructure;
using TimeTrack.Web.Tests.Isolation;

namespace TimeTrack.Web.Tests.Work;

/// <summary>Planned hours on outcomes, typed on the outcome forms of one demo project, on their own database.</summary>
public sealed class OutcomePlanTests(WorkFactory factory) : IClassFixture<WorkFactory>
{
    [Fact]
    public async Task Planned_hours_are_saved_as_typed_with_a_decimal_point_shown_again_for_editing_and_can_be_cleared()
    {
        var (manager, projectPath) = await ProjectAsync();

        var added = await manager.SubmitAsync(projectPath, projectPath + "/outcomes", new Dictionary<string, string>
        {
            ["NewOutcome.Name"] = "Planned rollout",
            ["NewOutcome.Status"] = "Planned",
            ["NewOutcome.PlannedHours"] = " 12.5 ",
        });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var outcomeId = await OutcomeIdAsync("Planned rollout");
        Assert.Equal("12.50", await PlannedAsync(outcomeId));

        var editPath = $"{projectPath}/outcomes/{outcomeId}";
        var edit = await manager.GetDocumentAsync(editPath);
        Assert.Equal("12.5", edit.QuerySelector("#Outcome_PlannedHours")?.GetAttribute("value"));

        var changed = await manager.SubmitAsync(editPath, editPath, new Dictionary<string, string>
        {
            ["Outcome.Name"] = "Planned rollout",
            ["Outcome.Status"] = "InProgress",
            ["Outcome.PlannedHours"] = "9999",
        });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal("9999.00", await PlannedAsync(outcomeId));

        var cleared = await manager.SubmitAsync(editPath, editPath, new Dictionary<string, string>
        {
            ["Outcome.Name"] = "Planned rollout",
            ["Outcome.Status"] = "InProgress",
            ["Outcome.PlannedHours"] = "",
        });
        Assert.Equal(HttpStatusCode.Redirect, cleared.StatusCode);
        Assert.Equal("none", await PlannedAsync(outcomeId));
    }

    [Theory]
    [InlineData("12,5", "Enter the planned hours as a number with a decimal point, for example 12.5.")]
    [InlineData("-1", "Planned hours cannot be negative.")]
    [InlineData("10000", "Plan at most 9999 hours.")]
    [InlineData("1.255", "Use at most two decimal places.")]
    [InlineData("twelve", "Enter the planned hours as a number with a decimal point, for example 12.5.")]
    public async Task A_plan_that_is_not_a_valid_number_of_hours_is_refused_next_to_the_field_and_kept_as_typed(string typed, string error)
    {
        var (manager, projectPath) = await ProjectAsync();

        // The name is missing too: both errors are shown at once.
        var refused = await manager.SubmitAsync(projectPath, projectPath + "/outcomes", new Dictionary<string, string>
        {
            ["NewOutcome.Name"] = "",
            ["NewOutcome.Status"] = "Planned",
            ["NewOutcome.PlannedHours"] = typed,
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var page = await Forms.ParseAsync(refused);
        Assert.Equal(typed, page.QuerySelector("#NewOutcome_PlannedHours")?.GetAttribute("value"));
        Assert.Equal("true", page.QuerySelector("#NewOutcome_PlannedHours")?.GetAttribute("aria-invalid"));
        Assert.Equal(error, page.QuerySelector("#NewOutcome_PlannedHours-error")?.TextContent.Trim());
        Assert.False(string.IsNullOrEmpty(page.QuerySelector("#NewOutcome_Name-error")?.TextContent.Trim()));
    }

    [Fact]
    public async Task Editing_with_a_bad_plan_keeps_every_typed_value_and_changes_nothing()
    {
        var (manager, projectPath) = await ProjectAsync();
        var added = await manager.SubmitAsync(projectPath, projectPath + "/outcomes", new Dictionary<string, string>
        {
            ["NewOutcome.Name"] = "Guide",
            ["NewOutcome.Status"] = "Planned",
            ["NewOutcome.PlannedHours"] = "4",
        });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var outcomeId = await OutcomeIdAsync("Guide");
        var editPath = $"{projectPath}/outcomes/{outcomeId}";

        var refused = await manager.SubmitAsync(editPath, editPath, new Dictionary<string, string>
        {
            ["Outcome.Name"] = "Guide, second edition",
            ["Outcome.Status"] = "Planned",
            ["Outcome.PlannedHours"] = "4 h",
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var page = await Forms.ParseAsync(refused);
        Assert.Equal("4 h", page.QuerySelector("#Outcome_PlannedHours")?.GetAttribute("value"));
        Assert.Equal("Guide, second edition", page.QuerySelector("#Outcome_Name")?.GetAttribute("value"));
        Assert.NotNull(page.QuerySelector("#Outcome_PlannedHours-error"));
        Assert.Equal("4.00", await PlannedAsync(outcomeId));
    }

    private async Task<(HttpClient Manager, string ProjectPath)> ProjectAsync()
    {
        var manager = factory.CreateBrowserlikeClient();
        await manager.LogInAsync("manager@acme.test");
        await using var superuser = await factory.Database.OpenAsSuperuserAsync();
        var project = await superuser.ScalarAsync<Guid>(
            "SELECT p.id FROM projects p JOIN organizations o ON o.id = p.tenant_id WHERE o.slug = 'acme' AND p.name = 'Internal tools'");
        return (manager, $"/acme/work/projects/{project}");
    }

    private async Task<Guid> OutcomeIdAsync(string name)
    {
        await using var superuser = await factory.Database.OpenAsSuperuserAsync();
        return await superuser.ScalarAsync<Guid>("SELECT id FROM outcomes WHERE name = @name", ("name", name));
    }

    /// <summary>The stored plan as PostgreSQL prints it, or "none".</summary>
    private async Task<string> PlannedAsync(Guid outcomeId)
    {
        await using var superuser = await factory.Database.OpenAsSuperuserAsync();
        return await superuser.ScalarAsync<string>("SELECT coalesce(planned_hours::text, 'none') FROM outcomes WHERE id = @id", ("id", outcomeId));
    }
}
