using System.Globalization;
using System.Text.Json.Nodes;
using Bitacora.Bot.Cards;
using Bitacora.Bot.Coordination;
using Bitacora.Bot.Sessions.Flow;

namespace Bitacora.Bot.Summaries;

/// <summary>The semester feedback summary cards (template summary-semester): per unit for its directive team, per territory for coordinators.</summary>
public sealed class SummaryCards(CardCatalog cards, CoordinationTexts texts, CoordinationCharts charts)
{
    public const string Template = "summary-semester";

    private CoordinationTexts Texts => texts;

    private static string N(int v) => v.ToString("N0", ChileTime.Culture);

    private static JsonObject Fact(string t, string v) => new() { ["title"] = t, ["value"] = v };

    private static JsonObject Line(string t) => new() { ["text"] = t };

    private static JsonObject Section(string heading, IEnumerable<JsonObject> facts, IEnumerable<JsonObject>? lines = null) => new()
    {
        ["heading"] = heading,
        ["facts"] = new JsonArray(facts.Cast<JsonNode>().ToArray()),
        ["lines"] = new JsonArray((lines ?? []).Cast<JsonNode>().ToArray()),
    };

    public JsonObject Unit(UnitReport u, ReportPeriod period)
    {
        var percent = u.Due == 0 ? Texts[CoordinationTexts.SemesterNoDue] : Texts.Format(CoordinationTexts.SemesterPercent, (u.Met / (double)u.Due).ToString("P0", ChileTime.Culture));
        var sections = new JsonArray
        {
            Section(Texts[CoordinationTexts.SemesterCommitments], [
                Fact(Texts[CoordinationTexts.FactMet], u.Due == 0 ? charts.MetOfDue(0, 0, u.Total) : Texts.Format(CoordinationTexts.SemesterMetOfDue, N(u.Met), N(u.Due), percent)),
                Fact(Texts[CoordinationTexts.FactInPeriod], N(u.Total)),
                Fact(Texts[CoordinationTexts.FactAdjusted], N(u.Adjusted)),
                Fact(Texts[CoordinationTexts.FactOverdue], N(u.Overdue)),
            ]),
            Section(Texts[CoordinationTexts.SemesterParticipation], [
                Fact(Texts[CoordinationTexts.FactUnitSessions], N(u.SessionsHeld)),
                Fact(Texts[CoordinationTexts.FactParticipants], N(u.Participants)),
                Fact(Texts[CoordinationTexts.FactPresentPeople], N(u.Present)),
            ]),
            Section(Texts[CoordinationTexts.SemesterSituations], [],
                u.Situations.Count == 0
                    ? [Line(Texts[CoordinationTexts.SemesterNoSituations])]
                    : u.Situations.Select(s => Line(Texts.Format(CoordinationTexts.SemesterSituation, s.Kind, ChileTime.ShortDate(s.Start),
                        s.End is { } e ? Texts.Format(CoordinationTexts.SemesterUntil, ChileTime.ShortDate(e)) : "", s.Description,
                        s.Commitments == 1 ? Texts[CoordinationTexts.SemesterAdjustedOne] : Texts.Format(CoordinationTexts.SemesterAdjusted, N(s.Commitments)))))),
            Section(Texts[CoordinationTexts.SemesterRubric], u.Rubric.Where(r => r.Level != Texts[CoordinationTexts.ReportNotScored]).Select(r => Fact(r.Criterion, r.Level)),
                u.Rubric.All(r => r.Level == Texts[CoordinationTexts.ReportNotScored]) ? [Line(Texts[CoordinationTexts.SummaryRubricNone])] : null),
            Section(Texts[CoordinationTexts.SemesterHighlights], [], u.Highlights.Count == 0 ? [Line(Texts[CoordinationTexts.SemesterNoHighlights])] : u.Highlights.Select(Line)),
        };
        return CardCharts.InsertAfterHeader(cards.Render(Template, new JsonObject
        {
            ["period"] = Texts.Period(period),
            ["subject"] = $"{u.Unit.Name} ({u.Unit.Code.Display})",
            ["intro"] = Texts[CoordinationTexts.SemesterUnitIntro],
            ["sections"] = sections,
            ["footer"] = Texts[CoordinationTexts.SemesterUnitFooter],
        }), new[] { charts.UnitCommitments(u) }.OfType<JsonObject>());
    }

    public JsonObject Territory(TerritoryReport t, ReportPeriod period)
    {
        var sections = new JsonArray
        {
            Section(Texts[CoordinationTexts.SemesterTerritoryTotals], [
                Fact(Texts[CoordinationTexts.FactCommitmentsMet], charts.MetOfDue(t.Met, t.Due, t.Total)),
                Fact(Texts[CoordinationTexts.FactAdjusted], N(t.Adjusted)),
                Fact(Texts[CoordinationTexts.FactOverdue], N(t.Overdue)),
                Fact(Texts[CoordinationTexts.FactSituations], N(t.Situations)),
                Fact(Texts[CoordinationTexts.FactSessionsHeld], N(t.SessionsHeld)),
                Fact(Texts[CoordinationTexts.FactParticipants], N(t.Participants)),
                Fact(Texts[CoordinationTexts.FactPresentPeople], N(t.Present)),
            ]),
            Section(Texts[CoordinationTexts.SemesterByUnit], t.Units.Where(u => !charts.IsQuiet(u)).Select(u => Fact(u.Unit.Name,
                Texts.Format(CoordinationTexts.SemesterUnitLine, N(u.Met), N(u.Due), N(u.Overdue), N(u.Situations.Count), N(u.SessionsHeld))))),
        };
        var quiet = t.Units.Where(charts.IsQuiet).Select(u => u.Unit.Name).ToList();
        if (quiet.Count > 0)
        {
            sections.Add(Section(Texts[CoordinationTexts.SummaryQuietHeading], [],
                [Line(Texts.Format(CoordinationTexts.SummaryQuietUnits, N(quiet.Count), string.Join(", ", quiet)))]));
        }
        return CardCharts.InsertAfterHeader(cards.Render(Template, new JsonObject
        {
            ["period"] = Texts.Period(period),
            ["subject"] = Texts.Format(CoordinationTexts.TerritoryHeading, t.Territory.Id, t.Territory.Name),
            ["intro"] = Texts[CoordinationTexts.SemesterTerritoryIntro],
            ["sections"] = sections,
            ["footer"] = Texts.Format(CoordinationTexts.SemesterTerritoryFooter, t.Territory.Id),
        }), new[] { charts.CommitmentsByUnit(t.Units), charts.RubricByCriterion(t.Units) }.OfType<JsonObject>());
    }
}
