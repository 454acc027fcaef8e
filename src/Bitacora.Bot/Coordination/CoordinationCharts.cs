using Bitacora.Bot.Cards;
using System.Text.Json.Nodes;
using Bitacora.Bot.Sessions.Flow;

namespace Bitacora.Bot.Coordination;

/// <summary>
/// The charts of «resumen», «participación» and «resumen semestral» (<see cref="CardCharts"/>), with their fallbacks in
/// words, and the "nothing to report" test that folds quiet units into one line.
/// </summary>
public sealed class CoordinationCharts(CoordinationTexts texts, Guides.GuideCatalog guides)
{
    private static string N(int v) => v.ToString("N0", ChileTime.Culture);

    /// <summary>Met / pending / overdue / adjusted (pending = the rest of the period's commitments; never below zero).</summary>
    public IReadOnlyList<ChartPoint> CommitmentPoints(UnitReport u) =>
    [
        new(texts[CoordinationTexts.ChartMet], u.Met, "good"),
        new(texts[CoordinationTexts.ChartPending], Math.Max(0, u.Total - u.Met - u.Overdue - u.Adjusted), "neutral"),
        new(texts[CoordinationTexts.ChartOverdue], u.Overdue, "attention"),
        new(texts[CoordinationTexts.ChartAdjusted], u.Adjusted, "warning"),
    ];

    private string CommitmentLine(string name, IReadOnlyList<ChartPoint> p) =>
        texts.Format(CoordinationTexts.ChartCommitmentsLine, name, N(p[0].Value), N(p[1].Value), N(p[2].Value), N(p[3].Value));

    /// <summary>A stacked bar per unit with commitments; null when no unit has any.</summary>
    public JsonObject? CommitmentsByUnit(IEnumerable<UnitReport> units)
    {
        var rows = units.Where(u => u.Total > 0).Select(u => (Row: u.Unit.Name, Points: CommitmentPoints(u))).ToList();
        return rows.Count == 0 ? null : CardCharts.StackedBars(texts[CoordinationTexts.ChartCommitmentsTitle], rows,
            string.Join("\n", rows.Select(r => CommitmentLine(r.Row, r.Points))));
    }

    /// <summary>The unit's commitments as a donut; null when it has none in the period.</summary>
    public JsonObject? UnitCommitments(UnitReport u)
    {
        if (u.Total == 0)
        {
            return null;
        }
        var points = CommitmentPoints(u);
        return CardCharts.Donut(texts[CoordinationTexts.ChartUnitCommitmentsTitle], points, CommitmentLine(u.Unit.Name, points));
    }

    /// <summary>Participants per session of one territory, in date order; null without sessions.</summary>
    public JsonObject? ParticipantsPerSession(string territory, IReadOnlyList<SessionFacts> sessions)
    {
        if (sessions.Count == 0)
        {
            return null;
        }
        // Short axis labels ("N°3": longer ones are cut by the client); the fallback and the list below give the dates.
        var bars = sessions.Select(s => (X: texts.Format(CoordinationTexts.ChartSessionLabel, s.Session.Number, s.Session.Date.ToString("dd-MM", ChileTime.Culture)),
            Y: s.Participants.Count)).ToList();
        return CardCharts.VerticalBar(texts.Format(CoordinationTexts.ChartParticipationTitle, territory), texts[CoordinationTexts.ChartSessionAxis],
            texts[CoordinationTexts.ChartPeopleAxis], bars,
            string.Join("\n", bars.Select(b => texts.Format(CoordinationTexts.ChartParticipationLine, b.X, N(b.Y)))));
    }

    /// <summary>
    /// Per session of one territory, who was present against who answered (stacked: present and answered, present and
    /// silent, answered without being marked present); null when no session of the list has attendance.
    /// </summary>
    public JsonObject? PresentVersusAnswered(string territory, IReadOnlyList<SessionFacts> sessions)
    {
        if (sessions.All(s => s.Present.Count == 0))
        {
            return null;
        }
        var rows = sessions.Select(s =>
        {
            var both = s.PresentRespondents;
            return (Row: texts.Format(CoordinationTexts.ChartSessionLabel, s.Session.Number, s.Session.Date.ToString("dd-MM", ChileTime.Culture)),
                Points: (IReadOnlyList<ChartPoint>)
                [
                    new(texts[CoordinationTexts.ChartPresentAnswered], both, "good"),
                    new(texts[CoordinationTexts.ChartPresentSilent], s.Present.Count - both, "neutral"),
                    new(texts[CoordinationTexts.ChartAnsweredNotMarked], s.Respondents.Count - both, "warning"),
                ]);
        }).ToList();
        return CardCharts.StackedBars(texts.Format(CoordinationTexts.ChartAttendanceTitle, territory), rows, string.Join("\n", rows.Select(r =>
            texts.Format(CoordinationTexts.ChartAttendanceLine, r.Row, N(r.Points[0].Value + r.Points[1].Value), N(r.Points[0].Value), N(r.Points[2].Value)))));
    }

    /// <summary>How many units reached each level of each criterion (unscored ones counted too); null when nobody was scored.</summary>
    public JsonObject? RubricByCriterion(IReadOnlyList<UnitReport> units)
    {
        if (RubricRows(units) is not { } rows)
        {
            return null;
        }
        return CardCharts.StackedBars(texts[CoordinationTexts.ChartRubricTitle], rows, string.Join("\n", RubricLines(rows)));
    }

    /// <summary>The rubric chart in words, one line per criterion (the card's text fallback, the informe's caption).</summary>
    public IEnumerable<string> RubricLines(IReadOnlyList<(string Row, IReadOnlyList<ChartPoint> Points)> rows) => rows.Select(r =>
        texts.Format(CoordinationTexts.ChartRubricLine, r.Row,
            string.Join(", ", r.Points.Where(p => p.Value > 0).Select(p => texts.Format(CoordinationTexts.ChartRubricCount, N(p.Value), p.Legend)))));

    /// <summary>The rubric chart's title (the card's chart and the informe's image).</summary>
    public string RubricTitle => texts[CoordinationTexts.ChartRubricTitle];

    /// <summary>
    /// Units per level, one row per criterion, levels in the rubric's own order then «sin puntaje»; colours are the
    /// card's semantic names. Null when no unit has a level.
    /// </summary>
    public IReadOnlyList<(string Row, IReadOnlyList<ChartPoint> Points)>? RubricRows(IReadOnlyList<UnitReport> units)
    {
        var notScored = texts[CoordinationTexts.ReportNotScored];
        if (units.All(u => u.Rubric.All(r => r.Level == notScored)))
        {
            return null;
        }
        // Levels in the rubric's own order (lowest first), so colours read attention → warning → good.
        var order = guides.Guides.Where(g => g.Rubric is not null).SelectMany(g => g.Rubric!.Levels.Select(l => l.Title)).Distinct().ToList();
        var levels = units.SelectMany(u => u.Rubric).Select(r => r.Level).Where(l => l != notScored).Distinct()
            .OrderBy(l => order.IndexOf(l) is var i and >= 0 ? i : int.MaxValue).ToList();
        // Three levels (incipiente, medianamente logrado, logrado) read as attention → warning → good; other scales get plain colours.
        string[] scale = order.Count == 3 ? ["attention", "warning", "good"] : [];
        var colors = levels.Select((l, i) => order.IndexOf(l) is var at and >= 0 && at < scale.Length ? scale[at]
            : (string[])["categoricalBlue", "categoricalPurple", "categoricalTeal"] is var plain ? plain[i % plain.Length] : "").ToArray();
        return units.SelectMany(u => u.Rubric).GroupBy(r => r.Criterion).Select(g => (Row: g.Key, Points: (IReadOnlyList<ChartPoint>)
            levels.Select((l, i) => new ChartPoint(l, g.Count(r => r.Level == l), colors[i]))
                .Append(new ChartPoint(notScored, g.Count(r => r.Level == notScored), "neutral")).ToList())).ToList();
    }

    /// <summary>No commitment in the period, no session, no force majeure and no rubric level: one line is enough.</summary>
    public bool IsQuiet(UnitReport u) =>
        u.Total == 0 && u.SessionsHeld == 0 && u.Situations.Count == 0 && u.Rubric.All(r => r.Level == texts[CoordinationTexts.ReportNotScored]);

    /// <summary>"3 cumplidos de 4 que ya debían cumplirse · 5 en el periodo", or "Ninguno tenía que cumplirse aún · 5 en el periodo".</summary>
    public string MetOfDue(int met, int due, int total) => due == 0
        ? texts.Format(CoordinationTexts.SummaryNoDueYet, N(total))
        : texts.Format(CoordinationTexts.MetOfDueInPeriod, N(met), N(due), N(total));
}
