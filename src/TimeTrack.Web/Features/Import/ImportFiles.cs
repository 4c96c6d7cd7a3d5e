using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using TimeTrack.Domain.Imports;
using TimeTrack.Web.Data;

namespace TimeTrack.Web.Features.Import;

/// <summary>
/// Keeps an uploaded file in the database in 1 MiB pieces, so that whichever process runs the next
/// step can read it, and hands it back as a seekable temporary file (the reader reads it three times).
/// </summary>
public sealed class ImportFiles(TimeTrackDbContext db)
{
    public const int ChunkBytes = 1024 * 1024;

    /// <summary>Stores <paramref name="content"/> (from its start) for the batch; returns its SHA-256 in hex.</summary>
    public async Task<string> StoreAsync(Guid batchId, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        content.Position = 0;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[ChunkBytes];
        var sequence = 0;
        while (true)
        {
            var read = await content.ReadAtLeastAsync(buffer, ChunkBytes, throwOnEndOfStream: false, cancellationToken);
            if (read == 0)
            {
                break;
            }

            hash.AppendData(buffer, 0, read);
            db.ImportFileChunks.Add(new ImportFileChunk { BatchId = batchId, Sequence = sequence++, Data = buffer[..read] });
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The stored file as a temporary file, deleted when the stream is disposed.</summary>
    public async Task<FileStream> OpenAsync(Guid batchId, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), "timetrack-import-" + Guid.NewGuid().ToString("N"));
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            // One piece at a time: a query streaming them all would be buffered whole by the retry strategy.
            for (var sequence = 0; ; sequence++)
            {
                var data = await db.ImportFileChunks.AsNoTracking()
                    .Where(c => c.BatchId == batchId && c.Sequence == sequence)
                    .Select(c => c.Data)
                    .SingleOrDefaultAsync(cancellationToken);
                if (data is null)
                {
                    break;
                }

                await file.WriteAsync(data, cancellationToken);
            }

            file.Position = 0;
            return file;
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }
}
