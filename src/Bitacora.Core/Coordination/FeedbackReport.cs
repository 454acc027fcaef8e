using Bitacora.Bot.Commitments;
using Bitacora.Bot.Guides;
using Bitacora.Bot.Registry.Model;
using Bitacora.Bot.Rubric;
using Bitacora.Bot.Sessions.Flow;
using NodaTime;

namespace Bitacora.Bot.Coordination;

/// <summary>A force-majeure / emergent situation as shown in a summary.</summary>
public sealed record EmergentSituation(string Kind, string Description, DateOnly Start, DateOnly? End, int Commitments);

/// <summary>One criterion's current level.</summary>
public sealed record RubricLevelLine(string Criterion, string Level);

/// <summary>
/// The feedback of one unit in a period (DEP "informe sintético de retroalimentación"): commitments of the period
/// (accountability date inside it), met vs due (date reached, or already met), adjusted, overdue, emergent
/// situations, rubric levels of the school year, sessions about the unit and who took part.
/// </summary>
public sealed record UnitReport(
    Unit Unit,
    int Total,
    int Due,
    int Met,
    int Adjusted,
    int Overdue,
    IReadOnlyList<EmergentSituation> Situations,
    IReadOnlyList<RubricLevelLine> Rubric,
    int SessionsHeld,
    int Participants,
    IReadOnlyList<string> Highlights)
{
    /// <summary>Distinct people present (attendance) at the unit's sessions of the period.</summary>
    public int Present { get; init; }

    /// <summary>Sí / Parcialmente / No and answered questions per component of the unit's sessions (<see cref="ComponentTally"/>).</summary>
    public IReadOnlyList<ComponentTallyRow> Components { get; init; } = [];
}

public sealed record TerritoryReport(Territory Territory, IReadOnlyList<UnitReport> Units, int SessionsHeld, int Participants)
{
    /// <summary>Distinct people present (attendance) at the territory's sessions of the period.</summary>
    public int Present { get; init; }

    /// <summary>Per component of the territory's sessions and period logbooks (<see cref="ComponentTally"/>).</summary>
    public IReadOnlyList<ComponentTallyRow> Components { get; init; } = [];

    public int Total => Units.Sum(u => u.Total);
    public int Due => Units.Sum(u => u.Due);
    public int Met => Units.Sum(u => u.Met);
    public int Adjusted => Units.Sum(u => u.Adjusted);
    public int Overdue => Units.Sum(u => u.Overdue);
    public int Situations => Units.Sum(u => u.Situations.Count);
}

/// <summary>Computes <see cref="UnitReport"/>s and <see cref="TerritoryReport"/>s from the stores (partition reads only).</summary>
public sealed class FeedbackReportBuilder(CoordinationReader reader, RubricScoreRepository rubricScores, GuideCatalog guides, ChileTime clock,
    CoordinationTexts texts)
{
    public string KindLabel(ForceMajeureKind kind) => texts.ForceMajeure(kind);

    public async Task<IReadOnlyList<TerritoryReport>> BuildAsync(CoordinationScope scope, CancellationToken ct)
    {
        var today = LocalDate.FromDateOnly(clock.Today);
        var sessions = await reader.SessionsAsync(scope, ct);
        var byUnit = await reader.CommitmentsAsync(scope, ct);
        var reports = new List<TerritoryReport>();
        foreach (var territory in scope.Territories)
        {
            var unitReports = new List<UnitReport>();
            foreach (var uc in byUnit.Where(u => u.Unit.TerritoryId == territory.Id))
            {
                unitReports.Add(await BuildUnitAsync(uc, sessions.Where(s => s.Session.Unit?.Id == uc.Unit.Code.Id).ToList(), scope.Period, today, ct));
            }
            var territorySessions = sessions.Where(s => s.Territory.Id == territory.Id).ToList();
            reports.Add(new TerritoryReport(territory, unitReports, territorySessions.Count,
                territorySessions.SelectMany(s => s.Participants).Select(p => p.Id).Distinct().Count())
            {
                Present = DistinctPresent(territorySessions),
                Components = ComponentTally.Compute(await FillingsAsync(territorySessions, withLogbooks: true, ct)),
            });
        }
        return reports;
    }

    private async Task<UnitReport> BuildUnitAsync(UnitCommitments uc, IReadOnlyList<SessionFacts> sessions, ReportPeriod period,
        LocalDate today, CancellationToken ct)
    {
        var inPeriod = uc.Commitments.Where(c => period.Contains(c.AccountabilityDate.ToDateOnly())).ToList();
        var met = inPeriod.Count(c => c.Status == CommitmentStatus.Cumplido);
        // Suspended or dropped by an approved force-majeure request: not due (nobody owes them now), counted as adjusted.
        var due = inPeriod.Count(c => c.Status == CommitmentStatus.Cumplido || (c.IsOpen && c.AccountabilityDate <= today));
        var adjusted = inPeriod.Count(c => c.Status is CommitmentStatus.Ajustado or CommitmentStatus.Suspendido or CommitmentStatus.Eliminado
                                           || (c.IsOpen && c.ForceMajeureEventIds.Count > 0));
        var overdue = inPeriod.Count(c => c.IsOpen && c.AccountabilityDate < today);

        var situations = new List<EmergentSituation>();
        foreach (var id in uc.Commitments.SelectMany(c => c.ForceMajeureEventIds).Distinct())
        {
            if (await reader.ForceMajeureAsync(uc.Unit.Code.Id, id, ct) is { } e
                && (period.Contains(e.StartDate.ToDateOnly()) || (e.NewDate is { } newDate && period.Contains(newDate.ToDateOnly()))))
            {
                situations.Add(new EmergentSituation(KindLabel(e.Kind), e.Description, e.StartDate.ToDateOnly(), e.EndDate?.ToDateOnly(), e.CommitmentIds.Count));
            }
        }

        var rubric = new List<RubricLevelLine>();
        foreach (var guide in guides.Guides.Where(g => g.Rubric is not null))
        {
            var scores = await rubricScores.GetScoresAsync(uc.Unit.Code.Id, period.SchoolYear, guide.Rubric!.Id, ct);
            foreach (var criterion in guide.Rubric.Criteria)
            {
                var score = scores.FirstOrDefault(s => s.CriterionId == criterion.Id);
                rubric.Add(new RubricLevelLine(criterion.Title,
                    score is null ? texts[CoordinationTexts.ReportNotScored] : guide.Rubric.FindLevel(score.LevelId)?.Title ?? score.LevelId));
            }
        }

        var highlights = inPeriod.Where(c => c.Status == CommitmentStatus.Cumplido)
            .OrderByDescending(c => c.AccountabilityDate)
            .Take(3)
            .Select(c => c.Evidence?.Text is { Length: > 0 } ev ? texts.Format(CoordinationTexts.ReportHighlightEvidence, c.What, ev) : texts.Format(CoordinationTexts.ReportHighlight, c.What))
            .ToList();
        if (due > 0 && met == due)
        {
            highlights.Insert(0, texts[CoordinationTexts.ReportAllMet]);
        }

        return new UnitReport(uc.Unit, inPeriod.Count, due, met, adjusted, overdue, situations, rubric, sessions.Count,
            sessions.SelectMany(s => s.Participants).Select(p => p.Id).Distinct().Count(), highlights)
        {
            Present = DistinctPresent(sessions),
            // A period logbook belongs to the territory, not to one unit: a unit's tally counts its own sessions only.
            Components = ComponentTally.Compute(await FillingsAsync(sessions, withLogbooks: false, ct)),
        };
    }

    /// <summary>Each session's answers, and (territory) each period logbook its sessions belong to, read once.</summary>
    private async Task<IReadOnlyList<GuideFilling>> FillingsAsync(IReadOnlyList<SessionFacts> sessions, bool withLogbooks, CancellationToken ct)
    {
        var fillings = new List<GuideFilling>();
        foreach (var s in sessions)
        {
            if (guides.Find(s.Session.GuideId) is { } guide) fillings.Add(new GuideFilling(guide, false, s.Answers));
        }
        if (!withLogbooks) return fillings;
        foreach (var logbook in sessions.Where(s => s.Session.Logbook is { Length: > 0 }).GroupBy(s => s.Session.Logbook!, StringComparer.Ordinal))
        {
            if (guides.Find(logbook.First().Session.GuideId) is { } guide)
            {
                fillings.Add(new GuideFilling(guide, true, await reader.LogbookAnswersAsync(logbook.Key, ct)));
            }
        }
        return fillings;
    }

    private static int DistinctPresent(IEnumerable<SessionFacts> sessions) =>
        sessions.SelectMany(s => s.Present).Select(p => p.Key).Distinct(StringComparer.Ordinal).Count();
}
