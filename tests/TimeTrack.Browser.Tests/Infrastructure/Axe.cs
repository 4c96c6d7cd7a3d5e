using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace TimeTrack.Browser.Tests.Infrastructure;

/// <summary>Runs axe-core (from the test project's node_modules, or TIMETRACK_AXE_PATH) on a page.</summary>
public static class Axe
{
    private const string RelativePath = "tests/TimeTrack.Browser.Tests/node_modules/axe-core/axe.min.js";

    private static readonly Lazy<string> ScriptPath = new(FindScript);

    /// <summary>
    /// The violations axe-core finds on the page as it is now, one readable paragraph each: of all its
    /// rules, or of <paramref name="onlyRules"/> (ids such as "color-contrast") when some are named.
    /// </summary>
    public static async Task<IReadOnlyList<string>> FindViolationsAsync(IPage page, params string[] onlyRules)
    {
        if (!await page.EvaluateAsync<bool>("() => typeof axe !== 'undefined'"))
        {
            await page.AddScriptTagAsync(new PageAddScriptTagOptions { Path = ScriptPath.Value });
        }

        var results = await page.EvaluateAsync<JsonElement>(
            "async rules => await axe.run(document, rules.length ? { runOnly: { type: 'rule', values: rules } } : {})", onlyRules);
        if (results.GetProperty("passes").GetArrayLength() == 0)
        {
            // A run that checked nothing would pass silently.
            throw new InvalidOperationException($"axe-core checked nothing on {page.Url}.");
        }

        return [.. results.GetProperty("violations").EnumerateArray().Select(Describe)];
    }

    private static string Describe(JsonElement violation)
    {
        var text = new StringBuilder()
            .Append(violation.GetProperty("id").GetString())
            .Append(" (").Append(violation.GetProperty("impact").ToString()).Append("): ")
            .Append(violation.GetProperty("help").GetString())
            .Append(" — ").Append(violation.GetProperty("helpUrl").GetString());
        foreach (var node in violation.GetProperty("nodes").EnumerateArray())
        {
            text.Append("\n    at ").Append(node.GetProperty("target").ToString())
                .Append(": ").Append(node.GetProperty("failureSummary").GetString()?.ReplaceLineEndings(" "));
        }

        return text.ToString();
    }

    private static string FindScript()
    {
        if (Environment.GetEnvironmentVariable("TIMETRACK_AXE_PATH") is { Length: > 0 } configured)
        {
            return File.Exists(configured)
                ? configured
                : throw new FileNotFoundException($"TIMETRACK_AXE_PATH points to a missing file: {configured}");
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, RelativePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(
            $"axe-core was not found above {AppContext.BaseDirectory}. Run `npm ci --ignore-scripts` in tests/TimeTrack.Browser.Tests or set TIMETRACK_AXE_PATH.");
    }
}
