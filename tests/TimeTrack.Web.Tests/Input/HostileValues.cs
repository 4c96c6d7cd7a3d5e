using System.Globalization;
using System.Text;

namespace TimeTrack.Web.Tests.Input;

/// <summary>A value an attacker or a broken client sends; <see cref="Raw"/> is already percent-encoded where it must not be encoded again.</summary>
public sealed record HostileValue(string Name, string Text, bool Raw = false)
{
    public override string ToString() => Name;
}

/// <summary>The hostile values of the fuzz test, and how each is written into a URL, a form body or a JSON body.</summary>
public static class HostileValues
{
    public static readonly HostileValue Nul = new("NUL", "a\0b");
    public static readonly HostileValue ControlCharacters = new("control characters", "a\u0001\u0008\u001b\u007fb");
    public static readonly HostileValue VeryLong = new("100k characters", new string('x', 100_000));

    /// <summary>As long as any input may be without declaring a length: longer than every shorter column.</summary>
    public static readonly HostileValue LongestAllowed = new("4,000 characters", new string('y', 4_000));
    public static readonly HostileValue NotBoolean = new("malformed boolean", "maybe");
    public static readonly HostileValue LastDate = new("9999-12-31", "9999-12-31");
    public static readonly HostileValue FirstDate = new("0001-01-01", "0001-01-01");
    public static readonly HostileValue Negative = new("-1", "-1");
    public static readonly HostileValue Overflow = new("1e400", "1e400");
    public static readonly HostileValue NotANumber = new("NaN", "NaN");
    public static readonly HostileValue Infinity = new("Infinity", "-Infinity");
    public static readonly HostileValue NotAGuid = new("non-GUID", "not-a-guid");
    public static readonly HostileValue InvalidUtf8 = new("invalid UTF-8", "%FF%FE%C3%28", Raw: true);
    public static readonly HostileValue Empty = new("empty", "");
    public static readonly HostileValue Huge = new("huge number", "99999999999999999999999999999999999999");

    public static IReadOnlyList<HostileValue> All { get; } =
        [Nul, ControlCharacters, VeryLong, LongestAllowed, NotBoolean, LastDate, FirstDate, Negative, Overflow, NotANumber, Infinity, NotAGuid, InvalidUtf8, Empty, Huge];

    /// <summary>What a field nobody binds can still break: reading the body itself.</summary>
    public static IReadOnlyList<HostileValue> Unbound { get; } = [Nul, ControlCharacters, VeryLong, InvalidUtf8];

    /// <summary>
    /// The values worth sending a kind of input. Text may carry dates and numbers (this app reads many
    /// of them from text), so it gets those as well as what text itself trips on; typed inputs get the
    /// ones their binder or parser could trip on.
    /// </summary>
    public static IReadOnlyList<HostileValue> For(InputKind kind) => kind switch
    {
        InputKind.Boolean => [Nul, VeryLong, NotBoolean, InvalidUtf8, Empty, Huge],
        InputKind.Identifier => [Nul, VeryLong, NotAGuid, InvalidUtf8, Empty, Negative],
        InputKind.Number => [Nul, VeryLong, Negative, Overflow, NotANumber, Infinity, InvalidUtf8, Empty, Huge],
        InputKind.Date => [Nul, VeryLong, LastDate, FirstDate, Negative, Overflow, InvalidUtf8, Empty, Huge],
        InputKind.Choice => [Nul, VeryLong, Negative, Huge, InvalidUtf8, Empty, NotBoolean],
        _ => [Nul, ControlCharacters, VeryLong, LongestAllowed, LastDate, FirstDate, Negative, Overflow, NotANumber, InvalidUtf8, Empty, Huge],
    };

    /// <summary>For a URL path or query, or a form body.</summary>
    public static string Encoded(HostileValue value) => value.Raw ? value.Text : Uri.EscapeDataString(value.Text);

    /// <summary>As a JSON value: numbers as number tokens, everything else as a string (escaped as JSON escapes it).</summary>
    public static byte[] Json(HostileValue value)
    {
        if (value.Raw)
        {
            // Bytes that are not UTF-8, inside a string.
            return [(byte)'"', 0xFF, 0xFE, 0xC3, 0x28, (byte)'"'];
        }

        var isNumber = value.Text.Length > 0 && (value.Text[0] == '-' || char.IsDigit(value.Text[0]))
            && double.TryParse(value.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
            && !value.Text.Contains("Infinity", StringComparison.Ordinal);
        return Encoding.UTF8.GetBytes(isNumber ? value.Text : System.Text.Json.JsonSerializer.Serialize(value.Text));
    }
}
