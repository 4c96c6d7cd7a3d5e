namespace TimeTrack.Web.Disclosure;

/// <summary>
/// How a read reached the viewer, for the access log: the channel, what was read in words, and the
/// period of the person's data it covered (when it covers one).
/// </summary>
public sealed record AccessRead(Domain.Transparency.AccessChannel Channel, string Resource, NodaTime.DateInterval? Period = null);
