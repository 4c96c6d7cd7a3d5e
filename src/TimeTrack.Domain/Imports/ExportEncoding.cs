using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace TimeTrack.Domain.Imports;

/// <summary>The character encodings an export is read in.</summary>
public enum ExportEncoding
{
    /// <summary>UTF-8 without a byte order mark (Clockify, Harvest, Kimai).</summary>
    Utf8,

    /// <summary>UTF-8 starting with a byte order mark (Toggl Track, Excel's "CSV UTF-8").</summary>
    Utf8WithBom,

    /// <summary>Windows-1252, what Excel's plain "CSV" saves on Western European and American Windows.</summary>
    Windows1252,
}

/// <summary>
/// Settles a file's encoding from its bytes: a UTF-8 byte order mark, else UTF-8 if every byte sequence
/// in the file is valid UTF-8, else Windows-1252. Text in Windows-1252 with any letter outside ASCII is
/// almost never valid UTF-8 by accident, while UTF-8 read as Windows-1252 would turn "é" into "Ã©".
/// </summary>
internal static class ExportEncodings
{
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    public static Encoding Windows1252 { get; } =
        CodePagesEncodingProvider.Instance.GetEncoding(1252)
        ?? throw new InvalidOperationException("Windows-1252 is not available in this runtime.");

    public static Encoding Utf8NoBom { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    public static Encoding For(ExportEncoding encoding) => encoding == ExportEncoding.Windows1252 ? Windows1252 : Utf8NoBom;

    /// <summary>Reads the stream from where it stands to its end; the caller puts it back.</summary>
    public static ExportEncoding Detect(Stream stream)
    {
        var bytes = ArrayPool<byte>.Shared.Rent(64 * 1024);
        var chars = ArrayPool<char>.Shared.Rent(64 * 1024);
        try
        {
            var carried = 0;
            var first = true;
            while (true)
            {
                var read = stream.Read(bytes, carried, 64 * 1024 - carried);
                var available = carried + read;
                if (first)
                {
                    // A short stream may deliver the mark over more than one read.
                    while (read > 0 && available < Utf8Bom.Length)
                    {
                        read = stream.Read(bytes, available, 64 * 1024 - available);
                        available += read;
                    }

                    if (bytes.AsSpan(0, available).StartsWith(Utf8Bom))
                    {
                        return ExportEncoding.Utf8WithBom;
                    }

                    first = false;
                }

                var status = Utf8.ToUtf16(bytes.AsSpan(0, available), chars, out var consumed, out _,
                    replaceInvalidSequences: false, isFinalBlock: read == 0);
                if (status == OperationStatus.InvalidData)
                {
                    return ExportEncoding.Windows1252;
                }

                if (read == 0)
                {
                    return status == OperationStatus.Done ? ExportEncoding.Utf8 : ExportEncoding.Windows1252;
                }

                // What is left is the start of a character cut by the end of this read.
                carried = available - consumed;
                bytes.AsSpan(consumed, carried).CopyTo(bytes);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
            ArrayPool<char>.Shared.Return(chars);
        }
    }
}
