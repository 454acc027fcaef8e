using System.Globalization;
using System.Text.Json.Nodes;
using Bitacora.Bot.Cards;
using Bitacora.Bot.Coordination;
using Bitacora.Bot.Sessions.Flow;

namespace Bitacora.Bot.Summaries;

/// <summary>The semester feedback summary cards (template summary-semester): per unit for its directive team, per territory for coordinators.</summary>
public sealed class SummaryCards(CardCatalog cards)
{
    public const string Template = "summary-semester";

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
        var percent = u.Due == 0 ? "sin compromisos exigibles" : (u.Met / (double)u.Due).ToString("P0", ChileTime.Culture) + " de cumplimiento";
        var sections = new JsonArray
        {
            Section("Cumplimiento de compromisos", [
                Fact("Cumplidos", $"{N(u.Met)} de {N(u.Due)} exigibles ({percent})"),
                Fact("En el periodo", N(u.Total)),
                Fact("Ajustados", N(u.Adjusted)),
                Fact("Vencidos", N(u.Overdue)),
            ]),
            Section("Participación de la comunidad", [
                Fact("Sesiones sobre la unidad", N(u.SessionsHeld)),
                Fact("Personas participantes", N(u.Participants)),
            ]),
            Section("Situaciones emergentes y fuerza mayor", [],
                u.Situations.Count == 0
                    ? [Line("Sin situaciones de fuerza mayor registradas.")]
                    : u.Situations.Select(s => Line($"{s.Kind} desde el {ChileTime.ShortDate(s.Start)}"
                        + (s.End is { } e ? $" hasta el {ChileTime.ShortDate(e)}" : "") + $": {s.Description} ({N(s.Commitments)} compromisos ajustados)"))),
            Section("Niveles de la rúbrica", u.Rubric.Select(r => Fact(r.Criterion, r.Level))),
            Section("Destacados", [], u.Highlights.Count == 0 ? [Line("Aún no hay compromisos cumplidos en el periodo.")] : u.Highlights.Select(Line)),
        };
        return cards.Render(Template, new JsonObject
        {
            ["period"] = period.Label,
            ["subject"] = $"{u.Unit.Name} ({u.Unit.Code.Display})",
            ["intro"] = "Informe sintético de retroalimentación para el equipo directivo: cumplimiento de logros, participación de la comunidad y situaciones emergentes.",
            ["sections"] = sections,
            ["footer"] = "Generado por Bitácora. Escribe «resumen semestral» para verlo de nuevo.",
        });
    }

    public JsonObject Territory(TerritoryReport t, ReportPeriod period)
    {
        var sections = new JsonArray
        {
            Section("Totales del territorio", [
                Fact("Compromisos cumplidos", $"{N(t.Met)} de {N(t.Due)} exigibles ({N(t.Total)} en el periodo)"),
                Fact("Ajustados", N(t.Adjusted)),
                Fact("Vencidos", N(t.Overdue)),
                Fact("Situaciones de fuerza mayor", N(t.Situations)),
                Fact("Sesiones realizadas", N(t.SessionsHeld)),
                Fact("Personas participantes", N(t.Participants)),
            ]),
            Section("Por unidad", t.Units.Select(u => Fact(u.Unit.Name,
                $"{N(u.Met)}/{N(u.Due)} cumplidos · {N(u.Overdue)} vencidos · {N(u.Situations.Count)} fuerza mayor · {N(u.SessionsHeld)} sesiones"))),
        };
        return cards.Render(Template, new JsonObject
        {
            ["period"] = period.Label,
            ["subject"] = $"Territorio {t.Territory.Id} {t.Territory.Name}",
            ["intro"] = "Informe sintético de retroalimentación para la coordinación: cumplimiento de logros, participación y situaciones emergentes por unidad.",
            ["sections"] = sections,
            ["footer"] = "Generado por Bitácora. Escribe «resumen territorio " + t.Territory.Id + "» para el detalle por unidad.",
        });
    }
}
