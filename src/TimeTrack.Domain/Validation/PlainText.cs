namespace TimeTrack.Domain.Validation;

/// <summary>
/// What text the app accepts, stores and shows: anything but the C0 control characters other than tab,
/// line feed and carriage return. PostgreSQL cannot store NUL in text at all; the others are invisible,
/// break exports and terminals, and no keyboard types them.
/// </summary>
public static class PlainText
{
    public const string Message = "Remove the control character (such as NUL) from this text: it cannot be saved.";

    public static bool IsPlain(string? text) => text is null || FirstControlCharacter(text) < 0;

    /// <summary>The position of the first character that is not plain text, or -1.</summary>
    public static int FirstControlCharacter(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] < ' ' && text[i] is not ('\t' or '\n' or '\r'))
            {
                return i;
            }
        }

        return -1;
    }
}
