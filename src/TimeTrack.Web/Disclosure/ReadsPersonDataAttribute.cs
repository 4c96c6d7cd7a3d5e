namespace TimeTrack.Web.Disclosure;

/// <summary>
/// Declares an endpoint that shows people's data to someone else, with the formats it offers
/// ("html", "json", "csv", "xlsx", "pdf", and "entries" for the per-entry CSV). Every such endpoint
/// reads through <see cref="PersonDataDoor"/>; the conformance test takes the endpoints from the app's
/// endpoint data source and checks every declared format against every relationship and policy, and
/// fails for any endpoint that reads a person's data without a declaration.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, Inherited = false)]
public sealed class ReadsPersonDataAttribute(params string[] formats) : Attribute
{
    /// <summary>The formats the endpoint answers in; html when none is named.</summary>
    public IReadOnlyList<string> Formats { get; } = formats.Length == 0 ? ["html"] : formats;
}

/// <summary>
/// Declares a controller or endpoint that shows nobody's data to anyone else: one's own data, the
/// organization's structure, or nothing about people. The conformance test requires every GET endpoint
/// to carry this or <see cref="ReadsPersonDataAttribute"/>, so a new endpoint cannot skip the question.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, Inherited = false)]
public sealed class ShowsNoOneElsesDataAttribute(string why) : Attribute
{
    /// <summary>Why the endpoint shows no one else's data.</summary>
    public string Why { get; } = why;
}
