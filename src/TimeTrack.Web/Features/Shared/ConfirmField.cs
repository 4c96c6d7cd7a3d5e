namespace TimeTrack.Web.Features.Shared;

/// <summary>A "Yes, …" box for <c>_Confirm.cshtml</c>: its id, its visible label, and what it is about for screen readers.</summary>
public sealed record ConfirmField(string Id, string Label, string? Subject = null);
