using NodaTime;
using TimeTrack.Domain.Tenancy;

namespace TimeTrack.Domain.Transparency;

/// <summary>A short anonymous survey about how the tracking itself feels.</summary>
public sealed class PulseSurvey : ITenantOwned
{
    public Guid TenantId { get; set; }

    public Guid Id { get; set; }

    public string Title { get; set; } = "";

    public string Introduction { get; set; } = "";

    public Guid CreatedByUserId { get; set; }

    public Instant OpenedAt { get; set; }

    public Instant? ClosedAt { get; set; }

    public List<PulseQuestion> Questions { get; set; } = [];
}

public enum PulseQuestionKind
{
    /// <summary>A statement answered on a five-point scale from "strongly disagree" to "strongly agree".</summary>
    Likert,

    /// <summary>An open question answered in free text.</summary>
    FreeText,
}

public sealed class PulseQuestion : ITenantOwned
{
    public Guid TenantId { get; set; }

    public Guid Id { get; set; }

    public Guid SurveyId { get; set; }

    public int Position { get; set; }

    public PulseQuestionKind Kind { get; set; }

    public string Text { get; set; } = "";
}

/// <summary>
/// That a person has answered a survey, and nothing about what they answered: answers are stored
/// apart, with no person, no time and no link between one person's answers.
/// </summary>
public sealed class PulseParticipation : ITenantOwned
{
    public Guid TenantId { get; set; }

    public Guid SurveyId { get; set; }

    public Guid UserId { get; set; }
}

/// <summary>One answer to one question, not linked to a person, a time or the person's other answers.</summary>
public sealed class PulseAnswer : ITenantOwned
{
    public Guid TenantId { get; set; }

    public Guid Id { get; set; }

    public Guid SurveyId { get; set; }

    public Guid QuestionId { get; set; }

    /// <summary>1 (strongly disagree) to 5 (strongly agree), for Likert questions.</summary>
    public int? Score { get; set; }

    public string? Text { get; set; }
}
