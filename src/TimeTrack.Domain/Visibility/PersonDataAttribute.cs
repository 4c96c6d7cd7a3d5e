namespace TimeTrack.Domain.Visibility;

/// <summary>
/// Declares which kind of a person's data a property of a read model holds, and how finely the viewer
/// must be allowed to see that kind for the property to be shown. The web layer's redaction clears every
/// property the policy does not grant, and the categories of the properties left are what the access
/// log records. A property carrying this attribute must be nullable: withheld means absent, never zero.
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = true)]
public sealed class PersonDataAttribute(DataCategory category, Granularity needed = Granularity.IndividualTotals) : Attribute
{
    public DataCategory Category { get; } = category;

    public Granularity Needed { get; } = needed;
}

/// <summary>
/// A part of a read model that is about the person's time on one project. Project managers may be
/// granted a person's time on the projects they manage only, so lists of these are filtered element
/// by element rather than shown or withheld as a whole.
/// </summary>
public interface IOnProject
{
    Guid ProjectId { get; }
}
