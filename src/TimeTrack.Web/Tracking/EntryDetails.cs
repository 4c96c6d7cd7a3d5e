namespace TimeTrack.Web.Tracking;

/// <summary>What a person says about an entry, apart from its times. Every path (form, grid, API, import) builds one.</summary>
public sealed record EntryDetails(
    Guid ProjectId,
    Guid? TaskId = null,
    Guid? OutcomeId = null,
    IReadOnlyList<Guid>? TagIds = null,
    bool? IsBillable = null,
    string? Description = null);
