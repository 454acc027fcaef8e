using System.Text.Json.Nodes;
using Bitacora.Bot.Hosting;
using Bitacora.Bot.Cards;
using Bitacora.Bot.Sessions.Flow;

namespace Bitacora.Bot.Coordination;

/// <summary>«resumen [filtros]»: per unit, commitments met vs due, adjusted, overdue, force majeure, rubric levels, sessions; territory totals; answers per component (<see cref="ComponentTally"/>).</summary>
public sealed class SummaryCommand(CoordinationServices services) : CoordinationCommand(services), IBotCommandNames
{
    public static IReadOnlyList<string> Names { get; } = ["resumen", "resumen de coordinación"];

    protected override async Task<JsonObject> BuildCardAsync(CoordinationScope scope, CancellationToken ct)
    {
        var reports = await Services.Reports.BuildAsync(scope, ct);
        var sections = new List<CoordinationSection>();
        var unitCount = 0;
        var quiet = new List<string>();
        foreach (var t in reports)
        {
            if (scope.Unit is null)
            {
                sections.Add(TerritorySection(t));
                sections.Add(ComponentWords.CardSection(Texts, Texts.Format(CoordinationTexts.ComponentsTerritoryHeading, t.Territory.Id, t.Territory.Name), t.Components));
            }
            foreach (var u in t.Units)
            {
                // Units with nothing to report are folded into one line instead of a section each.
                if (scope.Unit is null && Services.Charts.IsQuiet(u))
                {
                    quiet.Add(u.Unit.Name);
                    continue;
                }
                if (++unitCount > MaxItems)
                {
                    continue;
                }
                sections.Add(UnitSection(u));
                if (scope.Unit is not null) sections.Add(ComponentWords.CardSection(Texts, Texts[CoordinationTexts.ComponentsHeading], u.Components));
            }
        }
        if (quiet.Count > 0)
        {
            sections.Add(new CoordinationSection(Texts[CoordinationTexts.SummaryQuietHeading], [],
                [new CoordinationLine(Texts.Format(CoordinationTexts.SummaryQuietUnits, N(quiet.Count), string.Join(", ", quiet)))]));
        }
        var (more, hint) = Cap(unitCount, "resumen");
        var units = reports.SelectMany(t => t.Units).ToList();
        var components = reports.Count != 1 ? null : ComponentWords.Chart(Texts, scope.Unit is null ? reports[0].Components : units.SelectMany(u => u.Components).ToList());
        var charts = new[] { Services.Charts.CommitmentsByUnit(units.Take(MaxItems)), Services.Charts.RubricByCriterion(units), components }.OfType<JsonObject>();
        return CardCharts.InsertAfterHeader(Services.Cards.Render(new CoordinationReportCard(
            Title: Texts.Format(CoordinationTexts.SummaryTitle, Texts.Period(scope.Period)),
            Subtitle: scope.Description,
            Empty: "",
            Sections: sections,
            More: more,
            Hint: hint)), charts);
    }

    private CoordinationSection TerritorySection(TerritoryReport t) => new(
        Texts.Format(CoordinationTexts.TerritoryTotalsHeading, t.Territory.Id, t.Territory.Name),
        [
            new(Texts[CoordinationTexts.FactCommitmentsMet], Services.Charts.MetOfDue(t.Met, t.Due, t.Total)),
            new(Texts[CoordinationTexts.FactAdjusted], N(t.Adjusted)),
            new(Texts[CoordinationTexts.FactOverdue], N(t.Overdue)),
            new(Texts[CoordinationTexts.FactSituations], N(t.Situations)),
            new(Texts[CoordinationTexts.FactSessionsHeld], N(t.SessionsHeld)),
            new(Texts[CoordinationTexts.FactParticipants], N(t.Participants)),
        ],
        []);

    public CoordinationSection UnitSection(UnitReport u)
    {
        var lines = new List<CoordinationLine>();
        var scored = u.Rubric.Where(r => r.Level != Texts[CoordinationTexts.ReportNotScored]).ToList();
        lines.AddRange(scored.Select(r => new CoordinationLine(Texts.Format(CoordinationTexts.RubricLine, r.Criterion, r.Level))));
        if (scored.Count == 0 && u.Rubric.Count > 0)
        {
            lines.Add(new CoordinationLine(Texts[CoordinationTexts.SummaryRubricNone]));
        }
        lines.AddRange(u.Situations.Select(s => new CoordinationLine(
            Texts.Format(CoordinationTexts.ForceMajeureLine, s.Kind, ChileTime.ShortDate(s.Start), s.Description))));
        return new CoordinationSection(
            $"{u.Unit.Name} ({u.Unit.Code.Display})",
            [
                new(Texts[CoordinationTexts.FactMet], Services.Charts.MetOfDue(u.Met, u.Due, u.Total)),
                new(Texts[CoordinationTexts.FactAdjusted], N(u.Adjusted)),
                new(Texts[CoordinationTexts.FactOverdue], N(u.Overdue)),
                new(Texts[CoordinationTexts.FactForceMajeure], N(u.Situations.Count)),
                new(Texts[CoordinationTexts.FactUnitSessions], N(u.SessionsHeld)),
            ],
            lines);
    }
}
