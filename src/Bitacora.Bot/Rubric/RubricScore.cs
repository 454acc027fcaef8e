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

    /// <summary>Null when the score fits the guide's rubric; else the Spanish message for the card.</summary>
    public string? Validate(Guides.Guide guide)
    {
        if (guide.Id != GuideId || guide.Rubric is not { } rubric || rubric.Id != RubricId) return "Esta guía no tiene esa rúbrica.";
        if (!SessionPeriods.IsValid(Period)) return "El periodo no es válido.";
        if (rubric.FindCriterion(CriterionId) is null) return "Ese criterio no existe en la rúbrica.";
        if (rubric.FindLevel(LevelId) is null) return "Elige un nivel de logro de la rúbrica.";
        if (Evidence is { Length: > MaxEvidenceLength }) return $"La evidencia admite hasta {MaxEvidenceLength} caracteres.";
        return null;
    }
}

public sealed record RubricWriteResult(RubricScore Score, VersionedWriteOutcome Outcome);
