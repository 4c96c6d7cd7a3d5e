using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using NetArchTest.Rules;
using TimeTrack.Domain.Visibility;
using TimeTrack.Web.Disclosure;

namespace TimeTrack.Web.Tests.Disclosure;

/// <summary>
/// The read side's shape, by construction: controllers, view components and views render what the
/// readers hand out through <see cref="PersonDataDoor"/>; they never decide visibility or write the
/// access log themselves, and every read model declares what it holds in a way that can be withheld.
/// </summary>
public sealed class ArchitectureTests
{
    private static readonly Assembly Web = typeof(PersonDataDoor).Assembly;

    private static readonly string[] DecisionsAndLog =
    [
        "TimeTrack.Domain.Visibility.Visibility",
        "TimeTrack.Web.Transparency.AccessRecorder",
        "TimeTrack.Web.Disclosure.Redaction",
        "TimeTrack.Web.Disclosure.ViewerDirectory",
    ];

    [Fact]
    public void Controllers_view_components_and_views_neither_decide_visibility_nor_write_the_access_log()
    {
        var rendering = Types.InAssembly(Web)
            .That().Inherit(typeof(ControllerBase))
            .Or().Inherit(typeof(ViewComponent))
            .Or().ResideInNamespace("AspNetCoreGeneratedDocument");
        var selected = rendering.GetTypes().ToList();
        Assert.Contains(selected, t => t.Name == "ReportsController");
        Assert.Contains(selected, t => t.Namespace == "AspNetCoreGeneratedDocument" && t.Name.Contains("Reports_Index", StringComparison.Ordinal));

        var result = rendering.ShouldNot().HaveDependencyOnAny(DecisionsAndLog).GetResult();

        Assert.True(result.IsSuccessful, "These go around the door: " + string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void Only_the_door_writes_the_access_log()
    {
        var result = Types.InAssembly(Web)
            .That().DoNotResideInNamespace("TimeTrack.Web.Disclosure")
            .And().DoNotResideInNamespace("TimeTrack.Web.Transparency")
            .And().DoNotResideInNamespace("TimeTrack.Web.Extensions")
            .ShouldNot().HaveDependencyOnAny("TimeTrack.Web.Transparency.AccessRecorder")
            .GetResult();

        Assert.True(result.IsSuccessful, "These write the access log without the door: " + string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void Every_property_that_holds_person_data_can_be_withheld()
    {
        var declaring = typeof(Visibility).Assembly.GetTypes().Concat(Web.GetTypes())
            .Where(t => t.GetProperties().Any(p => p.GetCustomAttribute<PersonDataAttribute>() is not null))
            .ToList();

        Assert.NotEmpty(declaring);
        Assert.Empty(declaring.SelectMany(Redaction.NonNullableDeclarations));
    }
}
