namespace TimeTrack.Web.Disclosure;

/// <summary>
/// Marks a controller or action that shows one person's data to someone else. Every such endpoint
/// decides through <see cref="PersonDataDoor"/>, writes the access log, and is listed in the integration
/// test that proves denied viewers see nothing.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, Inherited = false)]
public sealed class ReadsPersonDataAttribute : Attribute;
