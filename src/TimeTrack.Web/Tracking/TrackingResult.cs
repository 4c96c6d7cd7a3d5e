namespace TimeTrack.Web.Tracking;

/// <summary>A problem with what the person asked for, tied to the field it is about ("" for the whole form).</summary>
public sealed record TrackingProblem(string Field, string Message);

public enum TrackingFailure
{
    None,
    Invalid,
    NotFound,

    /// <summary>Someone else changed the entry since it was read; nothing was overwritten.</summary>
    Conflict,
}

/// <summary>The outcome of a tracking command: a value, or why not. Callers map it to a form, a problem-details body or a notice.</summary>
public sealed class TrackingResult<T>
{
    private TrackingResult(T? value, TrackingFailure failure, IReadOnlyList<TrackingProblem> problems)
    {
        Value = value;
        Failure = failure;
        Problems = problems;
    }

    public T? Value { get; }

    public TrackingFailure Failure { get; }

    public IReadOnlyList<TrackingProblem> Problems { get; }

    public bool Succeeded => Failure == TrackingFailure.None;

    public static TrackingResult<T> Ok(T value) => new(value, TrackingFailure.None, []);

    public static TrackingResult<T> Invalid(IReadOnlyList<TrackingProblem> problems) => new(default, TrackingFailure.Invalid, problems);

    public static TrackingResult<T> Invalid(string field, string message) => Invalid([new TrackingProblem(field, message)]);

    public static TrackingResult<T> NotFound() => new(default, TrackingFailure.NotFound, []);

    public static TrackingResult<T> Conflict() => new(default, TrackingFailure.Conflict,
        [new TrackingProblem("", "Someone changed this entry after you opened it (perhaps in another tab). Reload to see the latest version; your change was not saved.")]);
}
