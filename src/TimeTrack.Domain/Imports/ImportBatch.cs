using NodaTime;
using TimeTrack.Domain.Tenancy;

namespace TimeTrack.Domain.Imports;

/// <summary>Whose time an import brings: the whole organization's (an admin, rows map to people by email) or the importer's own.</summary>
public enum ImportScope
{
    Own,
    Organization,
}

/// <summary>Where an import stands. Staging and importing may run in a background job; the page follows the status.</summary>
public enum ImportStatus
{
    /// <summary>Uploaded and read once for its names; waiting for the importer to map them.</summary>
    Mapping,

    /// <summary>The dry run: rows are being read into the staging table and checked.</summary>
    Staging,

    /// <summary>The dry run is done: its rejections and counts are shown, waiting for confirmation.</summary>
    Staged,

    /// <summary>Confirmed: the staged rows are being written as time entries.</summary>
    Importing,

    Imported,

    Cancelled,

    /// <summary>Something unexpected stopped the job; nothing was imported.</summary>
    Failed,
}

/// <summary>
/// One upload of another tracker's export and its way through mapping, dry run and confirmation
/// (ADR 020). The file itself is kept in <see cref="ImportFileChunk"/> rows until the batch ends.
/// </summary>
public sealed class ImportBatch : ITenantOwned
{
    public Guid TenantId { get; set; }

    public Guid Id { get; set; }

    /// <summary>Who uploaded the file; the only person who sees the batch.</summary>
    public Guid UserId { get; set; }

    public ImportScope Scope { get; set; }

    public string FileName { get; set; } = "";

    /// <summary>SHA-256 of the file (hex).</summary>
    public string Sha256 { get; set; } = "";

    public long SizeBytes { get; set; }

    /// <summary>The format the reader recognised ("Toggl Track detailed report").</summary>
    public string FormatName { get; set; } = "";

    public ImportStatus Status { get; set; }

    /// <summary>The names of the file and what each maps to, as JSON (see the import feature's mapping types).</summary>
    public string Mappings { get; set; } = "{}";

    /// <summary>Progress of the step running now: bytes of the file read so far.</summary>
    public long BytesRead { get; set; }

    public int RowsRead { get; set; }

    public int RejectedRows { get; set; }

    public int ToImport { get; set; }

    public int AlreadyImported { get; set; }

    public int Imported { get; set; }

    /// <summary>Set by the Cancel button; a running job notices it between chunks and cleans up.</summary>
    public bool CancelRequested { get; set; }

    /// <summary>What the importer should know about the last step, in words ("Nothing was imported: …").</summary>
    public string? Message { get; set; }

    public Instant CreatedAt { get; set; }

    public Instant UpdatedAt { get; set; }
}

/// <summary>A piece of an uploaded file, kept in the database so any process can continue the import.</summary>
public sealed class ImportFileChunk : ITenantOwned
{
    public Guid TenantId { get; set; }

    public Guid BatchId { get; set; }

    public int Sequence { get; set; }

    public byte[] Data { get; set; } = [];
}
