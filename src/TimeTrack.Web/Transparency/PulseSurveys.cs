using Microsoft.EntityFrameworkCore;
using NodaTime;
using Npgsql;
using TimeTrack.Domain.Transparency;
using TimeTrack.Domain.Visibility;
using TimeTrack.Web.Data;

namespace TimeTrack.Web.Transparency;

/// <summary>The five points of a Likert statement, from 1 (strongly disagree) to 5 (strongly agree).</summary>
public static class PulseScale
{
    public const int Lowest = 1;

    public const int Highest = 5;

    public static IReadOnlyList<string> Labels { get; } =
        ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"];

    public static string Label(int score) => Labels[score - Lowest];

    public static bool IsValid(int score) => score is >= Lowest and <= Highest;
}

public sealed record PulseQuestionInput(PulseQuestionKind Kind, string? Text);

public sealed record PulseSurveyInput(string? Title, string? Introduction, IReadOnlyList<PulseQuestionInput> Questions);

/// <summary>One person's answer to one question, as typed; the question is named by id.</summary>
public sealed record PulseResponseInput(Guid QuestionId, int? Score, string? Text);

/// <summary>A problem with the input, keyed by the field it is about ("Title", "Questions[1].Text", "Answers[0].Score").</summary>
public sealed record PulseProblem(string Field, string Message);

public enum PulseAnswerOutcome
{
    Answered,
    Invalid,
    AlreadyAnswered,
    Closed,
    NotFound,
}

public sealed record PulseAnswerResult(PulseAnswerOutcome Outcome, IReadOnlyList<PulseProblem> Problems)
{
    public static PulseAnswerResult Of(PulseAnswerOutcome outcome) => new(outcome, []);
}

/// <summary>A survey as the pages show it.</summary>
public sealed record PulseSurveyDetails(Guid Id, string Title, string Introduction, Instant OpenedAt, Instant? ClosedAt, IReadOnlyList<PulseQuestionDetails> Questions)
{
    public bool IsOpen => ClosedAt is null;
}

public sealed record PulseQuestionDetails(Guid Id, PulseQuestionKind Kind, string Text);

public sealed record PulseSurveyListing(Guid Id, string Title, Instant OpenedAt, Instant? ClosedAt, int Respondents, bool AnsweredByMe);

/// <summary>
/// The results of a survey. Below the minimum group size <see cref="Questions"/> is empty: the numbers
/// are not even read from the database.
/// </summary>
public sealed record PulseResults(
    PulseSurveyDetails Survey,
    int Respondents,
    int MinimumGroupSize,
    bool Shown,
    IReadOnlyList<PulseQuestionResult> Questions);

/// <summary>
/// One question's aggregate. <see cref="Counts"/> holds the number of answers per score (index 0 is
/// score 1); <see cref="Texts"/> are free-text answers in ordinal order, never in the order they came.
/// </summary>
public sealed record PulseQuestionResult(
    PulseQuestionDetails Question,
    IReadOnlyList<int> Counts,
    double? Mean,
    IReadOnlyList<string> Texts)
{
    public int Answers => Question.Kind == PulseQuestionKind.Likert ? Counts.Sum() : Texts.Count;
}

/// <summary>
/// Pulse surveys about the tracking itself: admins open and close them, every member answers once,
/// and results appear only once at least the policy's minimum group size have answered. Answers are
/// stored with no person, no time and no link between one person's answers; the participation row
/// says only that the person answered. Answer content is never logged.
/// </summary>
public sealed class PulseSurveys(TimeTrackDbContext db, PolicyStore policies, IClock clock)
{
    public const int MaximumQuestions = 10;
    public const int TitleLength = 200;
    public const int IntroductionLength = 2000;
    public const int QuestionLength = 500;
    public const int AnswerLength = 2000;

    /// <summary>What a new survey starts with; the admin may change every part of it.</summary>
    public static IReadOnlyList<PulseQuestionInput> SuggestedQuestions { get; } =
    [
        new(PulseQuestionKind.Likert, "I understand what TimeTrack records about me and why."),
        new(PulseQuestionKind.Likert, "Tracking my time feels fair."),
        new(PulseQuestionKind.Likert, "I trust how my manager uses this data."),
        new(PulseQuestionKind.Likert, "Tracking takes little of my time."),
        new(PulseQuestionKind.FreeText, "What would make tracking feel better?"),
    ];

    public const string SuggestedIntroduction =
        "Tell us honestly how time tracking feels. Your answers are anonymous: nobody, admins included, "
        + "can see who gave which answer, and results appear only once enough people have answered.";

    /// <summary>Open surveys first (newest first), then closed ones, with whether <paramref name="userId"/> answered each.</summary>
    public async Task<IReadOnlyList<PulseSurveyListing>> ListAsync(Guid userId, CancellationToken cancellationToken = default) =>
        await db.PulseSurveys.AsNoTracking()
            .OrderBy(s => s.ClosedAt != null).ThenByDescending(s => s.OpenedAt)
            .Select(s => new PulseSurveyListing(
                s.Id,
                s.Title,
                s.OpenedAt,
                s.ClosedAt,
                db.PulseParticipations.Count(p => p.SurveyId == s.Id),
                db.PulseParticipations.Any(p => p.SurveyId == s.Id && p.UserId == userId)))
            .ToListAsync(cancellationToken);

    /// <summary>A survey of the current organization with its questions in order, or null.</summary>
    public async Task<PulseSurveyDetails?> FindAsync(Guid surveyId, CancellationToken cancellationToken = default)
    {
        var survey = await db.PulseSurveys.AsNoTracking()
            .Include(s => s.Questions)
            .FirstOrDefaultAsync(s => s.Id == surveyId, cancellationToken);
        return survey is null
            ? null
            : new PulseSurveyDetails(
                survey.Id,
                survey.Title,
                survey.Introduction,
                survey.OpenedAt,
                survey.ClosedAt,
                [.. survey.Questions.OrderBy(q => q.Position).Select(q => new PulseQuestionDetails(q.Id, q.Kind, q.Text))]);
    }

    public Task<bool> HasAnsweredAsync(Guid surveyId, Guid userId, CancellationToken cancellationToken = default) =>
        db.PulseParticipations.AnyAsync(p => p.SurveyId == surveyId && p.UserId == userId, cancellationToken);

    public static IReadOnlyList<PulseProblem> Validate(PulseSurveyInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var problems = new List<PulseProblem>();
        var title = input.Title?.Trim() ?? "";
        if (title.Length == 0)
        {
            problems.Add(new("Title", "Give the survey a title."));
        }
        else if (title.Length > TitleLength)
        {
            problems.Add(new("Title", $"Use at most {TitleLength} characters."));
        }

        if ((input.Introduction?.Trim().Length ?? 0) > IntroductionLength)
        {
            problems.Add(new("Introduction", $"Use at most {IntroductionLength} characters."));
        }

        if (input.Questions.Count == 0)
        {
            problems.Add(new("", "Ask at least one question."));
        }
        else if (input.Questions.Count > MaximumQuestions)
        {
            problems.Add(new("", $"Ask at most {MaximumQuestions} questions."));
        }

        for (var i = 0; i < input.Questions.Count; i++)
        {
            var question = input.Questions[i];
            var text = question.Text?.Trim() ?? "";
            if (!Enum.IsDefined(question.Kind))
            {
                problems.Add(new($"Questions[{i}].Kind", "Choose a statement or an open question."));
            }

            if (text.Length == 0)
            {
                problems.Add(new($"Questions[{i}].Text", "Write the question, or remove it."));
            }
            else if (text.Length > QuestionLength)
            {
                problems.Add(new($"Questions[{i}].Text", $"Use at most {QuestionLength} characters."));
            }
        }

        return problems;
    }

    /// <summary>Opens a survey; returns its id, or the problems with the input (nothing is written then).</summary>
    public async Task<(Guid? Id, IReadOnlyList<PulseProblem> Problems)> CreateAsync(PulseSurveyInput input, Guid createdByUserId, CancellationToken cancellationToken = default)
    {
        var problems = Validate(input);
        if (problems.Count > 0)
        {
            return (null, problems);
        }

        var survey = new PulseSurvey
        {
            Id = Guid.CreateVersion7(),
            Title = input.Title!.Trim(),
            Introduction = input.Introduction?.Trim() ?? "",
            CreatedByUserId = createdByUserId,
            OpenedAt = clock.GetCurrentInstant(),
        };
        survey.Questions.AddRange(input.Questions.Select((q, i) => new PulseQuestion
        {
            Id = Guid.CreateVersion7(),
            SurveyId = survey.Id,
            Position = i,
            Kind = q.Kind,
            Text = q.Text!.Trim(),
        }));
        db.PulseSurveys.Add(survey);
        await db.SaveChangesAsync(cancellationToken);
        return (survey.Id, []);
    }

    /// <summary>Closes an open survey; false when there is no such survey. Closing twice changes nothing.</summary>
    public async Task<bool> CloseAsync(Guid surveyId, CancellationToken cancellationToken = default)
    {
        var survey = await db.PulseSurveys.FirstOrDefaultAsync(s => s.Id == surveyId, cancellationToken);
        if (survey is null)
        {
            return false;
        }

        if (survey.ClosedAt is null)
        {
            survey.ClosedAt = clock.GetCurrentInstant();
            await db.SaveChangesAsync(cancellationToken);
        }

        return true;
    }

    /// <summary>
    /// Checks one person's answers against the survey's questions: every statement needs a score from
    /// 1 to 5; open questions may be left blank. Problems are keyed by the question's index.
    /// </summary>
    public static IReadOnlyList<PulseProblem> Validate(IReadOnlyList<PulseQuestionDetails> questions, IReadOnlyList<PulseResponseInput> responses)
    {
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentNullException.ThrowIfNull(responses);
        var problems = new List<PulseProblem>();
        for (var i = 0; i < questions.Count; i++)
        {
            var response = responses.FirstOrDefault(r => r.QuestionId == questions[i].Id);
            if (questions[i].Kind == PulseQuestionKind.Likert)
            {
                if (response?.Score is not { } score)
                {
                    problems.Add(new($"Answers[{i}].Score", "Choose how much you agree."));
                }
                else if (!PulseScale.IsValid(score))
                {
                    problems.Add(new($"Answers[{i}].Score", "Choose one of the five answers."));
                }
            }
            else if ((response?.Text?.Trim().Length ?? 0) > AnswerLength)
            {
                problems.Add(new($"Answers[{i}].Text", $"Keep your answer under {AnswerLength} characters."));
            }
        }

        return problems;
    }

    /// <summary>
    /// Records that <paramref name="userId"/> answered and, in the same transaction, the answers
    /// themselves: the participation's primary key makes "once" hold even for two submits at once.
    /// </summary>
    public async Task<PulseAnswerResult> AnswerAsync(Guid surveyId, Guid userId, IReadOnlyList<PulseResponseInput> responses, CancellationToken cancellationToken = default)
    {
        var survey = await FindAsync(surveyId, cancellationToken);
        if (survey is null)
        {
            return PulseAnswerResult.Of(PulseAnswerOutcome.NotFound);
        }

        if (await HasAnsweredAsync(surveyId, userId, cancellationToken))
        {
            return PulseAnswerResult.Of(PulseAnswerOutcome.AlreadyAnswered);
        }

        if (!survey.IsOpen)
        {
            return PulseAnswerResult.Of(PulseAnswerOutcome.Closed);
        }

        var problems = Validate(survey.Questions, responses);
        if (problems.Count > 0)
        {
            return new PulseAnswerResult(PulseAnswerOutcome.Invalid, problems);
        }

        var answers = new List<PulseAnswer>();
        foreach (var question in survey.Questions)
        {
            var response = responses.FirstOrDefault(r => r.QuestionId == question.Id);
            var text = response?.Text?.Trim();
            if (question.Kind == PulseQuestionKind.Likert)
            {
                answers.Add(NewAnswer(surveyId, question.Id, response!.Score, null));
            }
            else if (!string.IsNullOrEmpty(text))
            {
                answers.Add(NewAnswer(surveyId, question.Id, null, text));
            }
        }

        try
        {
            var written = await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                // The row lock keeps a concurrent close from slipping between this check and the insert.
                var open = await db.Database
                    .SqlQuery<bool>($"SELECT closed_at IS NULL AS \"Value\" FROM pulse_surveys WHERE id = {surveyId} FOR SHARE")
                    .ToListAsync(ct);
                if (open is not [true])
                {
                    await transaction.RollbackAsync(ct);
                    return false;
                }

                db.PulseParticipations.Add(new PulseParticipation { SurveyId = surveyId, UserId = userId });
                db.PulseAnswers.AddRange(answers);
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                return true;
            }, cancellationToken);
            if (!written)
            {
                return PulseAnswerResult.Of(PulseAnswerOutcome.Closed);
            }
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // The same person submitted twice at once; the other submit's answers stand.
            db.ChangeTracker.Clear();
            return PulseAnswerResult.Of(PulseAnswerOutcome.AlreadyAnswered);
        }

        return PulseAnswerResult.Of(PulseAnswerOutcome.Answered);

        static PulseAnswer NewAnswer(Guid surveyId, Guid questionId, int? score, string? text) => new()
        {
            // Random, not time-ordered: an id must not tell when, or in which order, answers came in.
            Id = Guid.NewGuid(),
            SurveyId = surveyId,
            QuestionId = questionId,
            Score = score,
            Text = text,
        };
    }

    /// <summary>
    /// The aggregate results, decided by the policy in force: below its minimum group size only the
    /// number of people who answered is returned.
    /// </summary>
    public async Task<PulseResults?> ResultsAsync(Guid surveyId, CancellationToken cancellationToken = default)
    {
        var survey = await FindAsync(surveyId, cancellationToken);
        if (survey is null)
        {
            return null;
        }

        var policy = await policies.ActiveAsync(cancellationToken);
        var respondents = await db.PulseParticipations.CountAsync(p => p.SurveyId == surveyId, cancellationToken);
        if (!Visibility.AggregateIsShown(policy, respondents))
        {
            return new PulseResults(survey, respondents, policy.MinimumGroupSize, Shown: false, []);
        }

        var scores = await db.PulseAnswers.AsNoTracking()
            .Where(a => a.SurveyId == surveyId && a.Score != null)
            .GroupBy(a => new { a.QuestionId, a.Score })
            .Select(g => new { g.Key.QuestionId, g.Key.Score, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var texts = await db.PulseAnswers.AsNoTracking()
            .Where(a => a.SurveyId == surveyId && a.Text != null)
            .Select(a => new { a.QuestionId, a.Text })
            .ToListAsync(cancellationToken);

        var questions = survey.Questions.Select(question =>
        {
            var counts = Enumerable.Range(PulseScale.Lowest, PulseScale.Labels.Count)
                .Select(score => scores.Where(s => s.QuestionId == question.Id && s.Score == score).Sum(s => s.Count))
                .ToList();
            var total = counts.Sum();
            double? mean = total == 0 ? null : counts.Select((count, i) => (double)count * (i + PulseScale.Lowest)).Sum() / total;
            var answers = texts.Where(t => t.QuestionId == question.Id).Select(t => t.Text!).Order(StringComparer.Ordinal).ToList();
            return new PulseQuestionResult(question, counts, mean, answers);
        }).ToList();
        return new PulseResults(survey, respondents, policy.MinimumGroupSize, Shown: true, questions);
    }

}
