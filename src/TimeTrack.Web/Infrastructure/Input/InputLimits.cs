namespace TimeTrack.Web.Infrastructure.Input;

/// <summary>The limits every request and every text input is held to (ADR 013).</summary>
public static class InputLimits
{
    /// <summary>
    /// The largest request body, forms and JSON alike: 1 MiB, hundreds of times what any form or entry
    /// needs. An endpoint that needs more says so with <c>[RequestSizeLimit]</c>.
    /// </summary>
    public const long RequestBodyBytes = 1024 * 1024;

    /// <summary>The most fields a form may post (ASP.NET Core's own default).</summary>
    public const int FormValueCount = 1024;

    /// <summary>The longest field name a form may post (ASP.NET Core's own default).</summary>
    public const int FormKeyLength = 2048;

    /// <summary>
    /// The longest text any input may carry when it declares no length of its own: the longest text
    /// column (a digest's reflection). Inputs stored in shorter columns declare their column's length.
    /// </summary>
    public const int LongestText = 4000;
}
