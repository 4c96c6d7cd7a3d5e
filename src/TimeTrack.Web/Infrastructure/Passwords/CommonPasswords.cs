using System.Collections.Frozen;

namespace TimeTrack.Web.Infrastructure.Passwords;

/// <summary>
/// The shipped list of commonly used passwords (Resources/common-passwords.txt, one per line).
/// Compared case-insensitively: "Password1234" is as guessable as "password1234".
/// </summary>
public sealed class CommonPasswords(IEnumerable<string> passwords)
{
    private readonly FrozenSet<string> _passwords = passwords
        .Select(p => p.Trim())
        .Where(p => p.Length > 0 && !p.StartsWith('#'))
        .ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    public int Count => _passwords.Count;

    public bool Contains(string password) => _passwords.Contains(password);

    public static CommonPasswords LoadEmbedded()
    {
        var assembly = typeof(CommonPasswords).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith("common-passwords.txt", StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException("The common password list is missing from the build.");
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }

        return new CommonPasswords(lines);
    }
}
