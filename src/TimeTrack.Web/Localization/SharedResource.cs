namespace TimeTrack.Web.Localization;

/// <summary>
/// The one resource set of the pages' text (ADR 026): the English text is the key, and
/// <c>Resources/Localization/SharedResource.{de,fr,es}.resx</c> hold its translations. A text with no
/// translation shows in English.
/// </summary>
public sealed class SharedResource;
