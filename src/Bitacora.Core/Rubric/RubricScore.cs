using Bitacora.Bot.Sessions;

namespace Bitacora.Bot.Rubric;

/// <summary>The current level of one criterion for one unit and period, with the evidence that supports it.</summary>
public sealed record RubricScore(
    string UnitId,
    string Period,
    string GuideId,
    string RubricId,
    string CriterionId,
    string LevelId,
    string? Evidence,
    Participant ScoredBy,
    DateTimeOffset ScoredAt,
    int Revision);

/// <summary>A previous score of a criterion, and who replaced it when.</summary>
public sealed record RubricScoreRevision(
    string CriterionId,
    int Revision,
    string LevelId,
    string? Evidence,
    Participant ScoredBy,
    DateTimeOffset ScoredAt,
    Participant ReplacedBy,
    DateTimeOffset ReplacedAt);

/// <summary>One criterion scored on the rubric card.</summary>
public sealed record SaveRubricScore(
    string UnitId,
    string Period,
    string GuideId,
    string RubricId,
    string CriterionId,
    string LevelId,
    string? Evidence,
    Participant ScoredBy)
{
    public const int MaxEvidenceLength = 2000;

    /// <summary>Null when the score fits the guide's rubric; else why not (a text key the card formats).</summary>
    public Bitacora.Bot.Texts.TextRef? Validate(Guides.Guide guide)
    {
        if (guide.Id != GuideId || guide.Rubric is not { } rubric || rubric.Id != RubricId) return new Bitacora.Bot.Texts.TextRef(RubricMessages.OtherRubric);
        if (!SessionPeriods.IsValid(Period)) return new Bitacora.Bot.Texts.TextRef(RubricMessages.BadPeriod);
        if (rubric.FindCriterion(CriterionId) is null) return new Bitacora.Bot.Texts.TextRef(RubricMessages.UnknownCriterion);
        if (rubric.FindLevel(LevelId) is null) return new Bitacora.Bot.Texts.TextRef(RubricMessages.UnknownLevel);
        if (Evidence is { Length: > MaxEvidenceLength }) return new Bitacora.Bot.Texts.TextRef(RubricMessages.EvidenceTooLong, MaxEvidenceLength);
        return null;
    }
}

public sealed record RubricWriteResult(RubricScore Score, VersionedWriteOutcome Outcome);
