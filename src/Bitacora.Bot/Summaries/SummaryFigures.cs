using Bitacora.Bot.Coordination;
using Bitacora.Bot.Sessions.Flow;

namespace Bitacora.Bot.Summaries;

public sealed record Figure(string Title, string Value);

public sealed record FigureSection(string Heading, IReadOnlyList<Figure> Facts, IReadOnlyList<string> Lines);

/// <summary>
/// The figures of the semester feedback summary in words, per unit and per territory: what the card shows as FactSets
/// and what the Word document shows as tables — one computation, so the two never disagree.
/// </summary>
public sealed class SummaryFigures(CoordinationTexts texts, CoordinationCharts charts)
{
    private static string N(int v) => v.ToString("N0", ChileTime.Culture);

    private static FigureSection Section(string heading, IEnumerable<Figure> facts, IEnumerable<string>? lines = null) =>
        new(heading, [.. facts], [.. lines ?? []]);

    public IReadOnlyList<FigureSection> Unit(UnitReport u)
    {
        var percent = u.Due == 0 ? texts[CoordinationTexts.SemesterNoDue] : texts.Format(CoordinationTexts.SemesterPercent, (u.Met / (double)u.Due).ToString("P0", ChileTime.Culture));
        var notScored = texts[CoordinationTexts.ReportNotScored];
        return
        [
            Section(texts[CoordinationTexts.SemesterCommitments], [
                new(texts[CoordinationTexts.FactMet], u.Due == 0 ? charts.MetOfDue(0, 0, u.Total) : texts.Format(CoordinationTexts.SemesterMetOfDue, N(u.Met), N(u.Due), percent)),
                new(texts[CoordinationTexts.FactInPeriod], N(u.Total)),
                new(texts[CoordinationTexts.FactAdjusted], N(u.Adjusted)),
                new(texts[CoordinationTexts.FactOverdue], N(u.Overdue)),
            ]),
            Section(texts[CoordinationTexts.SemesterParticipation], [
                new(texts[CoordinationTexts.FactUnitSessions], N(u.SessionsHeld)),
                new(texts[CoordinationTexts.FactParticipants], N(u.Participants)),
                new(texts[CoordinationTexts.FactPresentPeople], N(u.Present)),
            ]),
            Section(texts[CoordinationTexts.SemesterSituations], [],
                u.Situations.Count == 0
                    ? [texts[CoordinationTexts.SemesterNoSituations]]
                    : u.Situations.Select(s => texts.Format(CoordinationTexts.SemesterSituation, s.Kind, ChileTime.ShortDate(s.Start),
                        s.End is { } e ? texts.Format(CoordinationTexts.SemesterUntil, ChileTime.ShortDate(e)) : "", s.Description,
                        texts.Plural(CoordinationTexts.SemesterAdjusted, s.Commitments, N(s.Commitments))))),
            Section(texts[CoordinationTexts.SemesterRubric], u.Rubric.Where(r => r.Level != notScored).Select(r => new Figure(r.Criterion, r.Level)),
                u.Rubric.All(r => r.Level == notScored) ? [texts[CoordinationTexts.SummaryRubricNone]] : null),
            Components(u.Components),
            Section(texts[CoordinationTexts.SemesterHighlights], [], u.Highlights.Count == 0 ? [texts[CoordinationTexts.SemesterNoHighlights]] : u.Highlights),
        ];
    }

    /// <summary>Sí / Parcialmente / No and answered questions per component (DEP) or stage section (JUNJI).</summary>
    private FigureSection Components(IReadOnlyList<ComponentTallyRow> rows) =>
        Section(texts[CoordinationTexts.ComponentsHeading], rows.Select(r => new Figure(ComponentWords.Title(r, rows), ComponentWords.Value(texts, r))),
            rows.Count == 0 ? [texts[CoordinationTexts.ComponentsNone]] : null);

    public IReadOnlyList<FigureSection> Territory(TerritoryReport t)
    {
        var sections = new List<FigureSection>
        {
            Section(texts[CoordinationTexts.SemesterTerritoryTotals], [
                new(texts[CoordinationTexts.FactCommitmentsMet], charts.MetOfDue(t.Met, t.Due, t.Total)),
                new(texts[CoordinationTexts.FactAdjusted], N(t.Adjusted)),
                new(texts[CoordinationTexts.FactOverdue], N(t.Overdue)),
                new(texts[CoordinationTexts.FactSituations], N(t.Situations)),
                new(texts[CoordinationTexts.FactSessionsHeld], N(t.SessionsHeld)),
                new(texts[CoordinationTexts.FactParticipants], N(t.Participants)),
                new(texts[CoordinationTexts.FactPresentPeople], N(t.Present)),
            ]),
            Section(texts[CoordinationTexts.SemesterByUnit], t.Units.Where(u => !charts.IsQuiet(u)).Select(u => new Figure(u.Unit.Name,
                texts.Format(CoordinationTexts.SemesterUnitLine, N(u.Met), N(u.Due), N(u.Overdue), N(u.Situations.Count), N(u.SessionsHeld))))),
        };
        sections.Add(Components(t.Components));
        var quiet = t.Units.Where(charts.IsQuiet).Select(u => u.Unit.Name).ToList();
        if (quiet.Count > 0)
        {
            sections.Add(Section(texts[CoordinationTexts.SummaryQuietHeading], [],
                [texts.Format(CoordinationTexts.SummaryQuietUnits, N(quiet.Count), string.Join(", ", quiet))]));
        }
        return sections;
    }
}
