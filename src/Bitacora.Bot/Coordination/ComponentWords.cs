using System.Text.Json.Nodes;
using Bitacora.Bot.Cards;
using Bitacora.Bot.Sessions.Flow;

namespace Bitacora.Bot.Coordination;

/// <summary>
/// The per-component tally (<see cref="ComponentTally"/>) in words, shared by «resumen», the semester card and the
/// informe sintético: «Sí 4 · Parcialmente 1 · No 1 · sin respuesta 0; otras preguntas: 2 de 3 respondidas (3 sesiones)».
/// </summary>
public static class ComponentWords
{
    private static string N(int v) => v.ToString("N0", ChileTime.Culture);

    public static string Value(CoordinationTexts texts, ComponentTallyRow row)
    {
        var parts = new List<string>();
        if (row.HasClosed)
        {
            parts.Add(texts.Format(CoordinationTexts.ComponentsClosed, N(row.Yes), N(row.Partially), N(row.No), N(row.ClosedUnanswered)));
        }
        if (row.HasOther)
        {
            parts.Add(texts.Format(row.HasClosed ? CoordinationTexts.ComponentsOtherWithClosed : CoordinationTexts.ComponentsOtherOnly,
                N(row.OtherAnswered), N(row.OtherAsked)));
        }
        var times = row.FromLogbook ? texts[CoordinationTexts.ComponentsLogbook]
            : texts.Plural(CoordinationTexts.ComponentsSessions, row.Times, N(row.Times));
        return texts.Format(CoordinationTexts.ComponentsValue, string.Join("; ", parts), times);
    }

    /// <summary>The row's title: its label, after the guide's short name («DEP · Ejecución · Condiciones») when the tally spans several guides.</summary>
    public static string Title(ComponentTallyRow row, IReadOnlyList<ComponentTallyRow> all) =>
        all.Select(r => r.GuideId).Distinct(StringComparer.Ordinal).Skip(1).Any() ? $"{row.GuideName} · {row.Label}" : row.Label;

    /// <summary>A section of the coordination report card: one fact per component.</summary>
    public static CoordinationSection CardSection(CoordinationTexts texts, string heading, IReadOnlyList<ComponentTallyRow> rows) => new(
        heading,
        [.. rows.Select(r => new CoordinationFact(Title(r, rows), Value(texts, r)))],
        rows.Count == 0 ? [new CoordinationLine(texts[CoordinationTexts.ComponentsNone])] : []);

    /// <summary>Sí / Parcialmente / No / sin respuesta of the row's closed questions, as chart points.</summary>
    public static IReadOnlyList<ChartPoint> Points(CoordinationTexts texts, ComponentTallyRow row) =>
    [
        new(texts[CoordinationTexts.ChartYes], row.Yes, "good"),
        new(texts[CoordinationTexts.ChartPartially], row.Partially, "warning"),
        new(texts[CoordinationTexts.ChartNo], row.No, "attention"),
        new(texts[CoordinationTexts.ChartUnanswered], row.ClosedUnanswered, "neutral"),
    ];

    /// <summary>Whether anyone answered Sí, Parcialmente or No anywhere (else a chart would be all «sin respuesta»).</summary>
    public static bool HasClosedAnswers(IReadOnlyList<ComponentTallyRow> rows) => rows.Any(r => r.Yes + r.Partially + r.No > 0);

    /// <summary>A stacked bar per component with closed questions; null when nobody answered one.</summary>
    public static JsonObject? Chart(CoordinationTexts texts, IReadOnlyList<ComponentTallyRow> rows)
    {
        var closed = rows.Where(r => r.HasClosed).ToList();
        if (!HasClosedAnswers(rows)) return null;
        var bars = closed.Select(r => (Row: Title(r, rows), Points: Points(texts, r))).ToList();
        return CardCharts.StackedBars(texts[CoordinationTexts.ChartComponentsTitle], bars, string.Join("\n", closed.Select(r =>
            texts.Format(CoordinationTexts.ChartComponentsLine, Title(r, rows), N(r.Yes), N(r.Partially), N(r.No), N(r.ClosedUnanswered)))));
    }
}
