namespace Bitacora.Bot.Sessions;

/// <summary>The current answer to one question of one session.</summary>
public sealed record Answer(
    string SessionId,
    string QuestionId,
    AnswerValue Value,
    string? Note,
    Participant Respondent,
    DateTimeOffset AnsweredAt,
    int GuideVersion,
    int Revision)
{
    /// <summary>The value this answer replaced (kept on the current row so a card never reads history to show it).</summary>
    public AnswerPrevious? Previous { get; init; }
}

/// <summary>What an edited answer said before (the revision just before the current one), who gave it and when.</summary>
public sealed record AnswerPrevious(AnswerValue Value, string? Note, Participant Respondent, DateTimeOffset AnsweredAt);

/// <summary>A value an answer had before it was changed: who gave it and when, and who replaced it and when.</summary>
public sealed record AnswerRevision(
    string QuestionId,
    int Revision,
    AnswerValue Value,
    string? Note,
    Participant Respondent,
    DateTimeOffset AnsweredAt,
    int GuideVersion,
    Participant ReplacedBy,
    DateTimeOffset ReplacedAt);

/// <summary>One person's answer to one question, as the card submitted it (already parsed and validated).</summary>
public sealed record SaveAnswer(
    string SessionId,
    string QuestionId,
    AnswerValue Value,
    string? Note,
    Participant Respondent,
    int GuideVersion);

public sealed record AnswerWriteResult(Answer Answer, VersionedWriteOutcome Outcome, int Attempts);
