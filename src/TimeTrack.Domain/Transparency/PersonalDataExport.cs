using NodaTime;
using TimeTrack.Domain.Tenancy;

namespace TimeTrack.Domain.Transparency;

/// <summary>Where a person's "download all my data" request stands.</summary>
public enum PersonalDataExportStatus
{
    /// <summary>Requested; the job has not finished the file yet.</summary>
    Preparing,

    /// <summary>The file is stored and may be downloaded until it expires.</summary>
    Ready,
}

/// <summary>
/// A person's request for a copy of everything the organization holds about them (GDPR articles 15
/// and 20), and, once a job has built it, the file's size and how long it is offered. The file itself
/// is kept apart (<see cref="PersonalDataExportFile"/>) so that reading a request never loads it.
/// </summary>
public sealed class PersonalDataExport : ITenantOwned
{
    /// <summary>How long a prepared file may be downloaded before it is refused and deleted.</summary>
    public static readonly Duration OfferedFor = Duration.FromHours(24);

    /// <summary>A request no job finished within this time is given up, so the person may ask again.</summary>
    public static readonly Duration GivenUpAfter = Duration.FromHours(24);

    public Guid TenantId { get; set; }

    public Guid Id { get; set; }

    public Guid UserId { get; set; }

    public PersonalDataExportStatus Status { get; set; }

    public Instant RequestedAt { get; set; }

    public Instant? ReadyAt { get; set; }

    /// <summary>When the file stops being offered: <see cref="OfferedFor"/> after it was ready.</summary>
    public Instant? ExpiresAt { get; set; }

    /// <summary>The size of the file in bytes, once it is ready.</summary>
    public long? Size { get; set; }

    /// <summary>A new request of <paramref name="userId"/>, waiting for its job.</summary>
    public static PersonalDataExport Request(Guid userId, Instant now) => new()
    {
        Id = Guid.CreateVersion7(),
        UserId = userId,
        Status = PersonalDataExportStatus.Preparing,
        RequestedAt = now,
    };

    /// <summary>The file of <paramref name="size"/> bytes is stored at <paramref name="now"/>; it is offered for <see cref="OfferedFor"/>.</summary>
    public void MarkReady(long size, Instant now)
    {
        if (Status != PersonalDataExportStatus.Preparing)
        {
            throw new InvalidOperationException("Only a request being prepared can become ready.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(size);
        Status = PersonalDataExportStatus.Ready;
        ReadyAt = now;
        ExpiresAt = now + OfferedFor;
        Size = size;
    }

    /// <summary>True when the file may be downloaded at <paramref name="now"/>.</summary>
    public bool IsDownloadable(Instant now) => Status == PersonalDataExportStatus.Ready && ExpiresAt is { } expires && now < expires;

    /// <summary>True when the file was offered and no longer is at <paramref name="now"/>.</summary>
    public bool IsExpired(Instant now) => Status == PersonalDataExportStatus.Ready && ExpiresAt is { } expires && now >= expires;
}

/// <summary>The ZIP file of a <see cref="PersonalDataExport"/>; written and read as a stream, never through an entity.</summary>
public sealed class PersonalDataExportFile : ITenantOwned
{
    public Guid TenantId { get; set; }

    public Guid ExportId { get; set; }

    public byte[] Content { get; set; } = [];
}
