using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Mvc.Rendering;
using NodaTime;
using TimeTrack.Domain.Transparency;
using TimeTrack.Web.Transparency;

namespace TimeTrack.Web.Features.Pulse;

/// <summary>The form an admin fills in to open a survey.</summary>
public sealed class PulseSurveyForm
{
    [Display(Name = "Title")]
    public string? Title { get; set; }

    [Display(Name = "Introduction")]
    public string? Introduction { get; set; }

    public List<PulseQuestionForm> Questions { get; set; } = [];

    public static PulseSurveyForm Suggested() => new()
    {
        Introduction = PulseSurveys.SuggestedIntroduction,
        Questions = [.. PulseSurveys.SuggestedQuestions.Select(q => new PulseQuestionForm { Kind = q.Kind, Text = q.Text })],
    };

    public PulseSurveyInput ToInput() =>
        new(Title, Introduction, [.. Questions.Select(q => new PulseQuestionInput(q.Kind, q.Text))]);
}

public sealed class PulseQuestionForm
{
    [Display(Name = "Kind of question")]
    public PulseQuestionKind Kind { get; set; }

    [Display(Name = "Wording")]
    public string? Text { get; set; }

    public static IEnumerable<SelectListItem> KindOptions() =>
    [
        new("Statement, answered from “Strongly disagree” to “Strongly agree”", nameof(PulseQuestionKind.Likert)),
        new("Open question, answered in the person's own words", nameof(PulseQuestionKind.FreeText)),
    ];
}

/// <summary>One person's answers as posted: one entry per question, in the survey's order.</summary>
public sealed class PulseAnswerForm
{
    public List<PulseAnswerField> Answers { get; set; } = [];

    public IReadOnlyList<PulseResponseInput> ToInput() =>
        [.. Answers.Select(a => new PulseResponseInput(a.QuestionId, a.Score, a.Text))];

    /// <summary>The posted answers lined up with the survey's questions, for showing the form again.</summary>
    public static PulseAnswerForm For(PulseSurveyDetails survey, PulseAnswerForm? posted = null) => new()
    {
        Answers = [.. survey.Questions.Select(q =>
            posted?.Answers.FirstOrDefault(a => a.QuestionId == q.Id) is { } answer
                ? new PulseAnswerField { QuestionId = q.Id, Score = answer.Score, Text = answer.Text }
                : new PulseAnswerField { QuestionId = q.Id })],
    };
}

public sealed class PulseAnswerField
{
    public Guid QuestionId { get; set; }

    public int? Score { get; set; }

    public string? Text { get; set; }
}

public sealed record PulseListRow(Guid Id, string Title, string Opened, string? Closed, int Respondents, bool AnsweredByMe);

public sealed record PulseListModel(IReadOnlyList<PulseListRow> Open, IReadOnlyList<PulseListRow> Closed, bool CanManage);

public enum PulseAnswerState
{
    /// <summary>The person may answer now.</summary>
    Open,

    /// <summary>The person answered already.</summary>
    Answered,

    /// <summary>The survey takes no more answers.</summary>
    Closed,
}

public sealed record PulseAnswerPageModel(PulseSurveyDetails Survey, PulseAnswerForm Form, PulseAnswerState State, string? Message);

public sealed record PulseResultsModel(PulseResults Results, string Opened, string? Closed, bool AnsweredByMe, bool CanManage)
{
    public IEnumerable<PulseQuestionResult> Statements => Results.Questions.Where(q => q.Question.Kind == PulseQuestionKind.Likert);

    public IEnumerable<PulseQuestionResult> OpenQuestions => Results.Questions.Where(q => q.Question.Kind == PulseQuestionKind.FreeText);

    public static string Mean(double? mean) => mean?.ToString("0.0", CultureInfo.InvariantCulture) ?? "–";
}

public static class PulseDates
{
    /// <summary>"25 November 2026", in the reader's time zone.</summary>
    public static string Day(Instant instant, DateTimeZone zone) =>
        Time.TimeFormat.IsEnglish
            ? instant.InZone(zone).Date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)
            : Time.TimeFormat.LongDate(instant.InZone(zone).Date);
}
