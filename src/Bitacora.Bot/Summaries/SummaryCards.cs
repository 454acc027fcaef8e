using System.Text.Json.Nodes;
using Bitacora.Bot.Cards;
using Bitacora.Bot.Coordination;

namespace Bitacora.Bot.Summaries;

/// <summary>
/// The semester feedback summary cards (template summary-semester): per unit for its directive team, per territory for
/// coordinators. Their figures come from <see cref="SummaryFigures"/>, as the Word document's do.
/// </summary>
public sealed class SummaryCards(CardCatalog cards, CoordinationTexts texts, CoordinationCharts charts, SummaryFigures figures)
{
    public const string Template = "summary-semester";

    private static JsonArray Sections(IEnumerable<FigureSection> sections) => new([.. sections.Select(s => (JsonNode)new JsonObject
    {
        ["heading"] = s.Heading,
        ["facts"] = new JsonArray([.. s.Facts.Select(f => (JsonNode)new JsonObject { ["title"] = f.Title, ["value"] = f.Value })]),
        ["lines"] = new JsonArray([.. s.Lines.Select(l => (JsonNode)new JsonObject { ["text"] = l })]),
    })]);

    public JsonObject Unit(UnitReport u, ReportPeriod period) =>
        CardCharts.InsertAfterHeader(cards.Render(Template, new JsonObject
        {
            ["period"] = texts.Period(period),
            ["subject"] = $"{u.Unit.Name} ({u.Unit.Code.Display})",
            ["intro"] = texts[CoordinationTexts.SemesterUnitIntro],
            ["sections"] = Sections(figures.Unit(u)),
            ["footer"] = texts[CoordinationTexts.SemesterUnitFooter],
        }), new[] { charts.UnitCommitments(u), ComponentWords.Chart(texts, u.Components) }.OfType<JsonObject>());

    public JsonObject Territory(TerritoryReport t, ReportPeriod period) =>
        CardCharts.InsertAfterHeader(cards.Render(Template, new JsonObject
        {
            ["period"] = texts.Period(period),
            ["subject"] = texts.Format(CoordinationTexts.TerritoryHeading, t.Territory.Id, t.Territory.Name),
            ["intro"] = texts[CoordinationTexts.SemesterTerritoryIntro],
            ["sections"] = Sections(figures.Territory(t)),
            ["footer"] = texts.Format(CoordinationTexts.SemesterTerritoryFooter, t.Territory.Id),
        }), new[] { charts.CommitmentsByUnit(t.Units), charts.RubricByCriterion(t.Units), ComponentWords.Chart(texts, t.Components) }.OfType<JsonObject>());
}
