using System.Text.Json.Nodes;

namespace Bitacora.Bot.Cards;

/// <summary>One segment of a chart: what it is, how many, and a Teams chart colour (good, warning, attention, neutral…).</summary>
public sealed record ChartPoint(string Legend, int Value, string? Color = null);

/// <summary>
/// Adaptive Card chart elements as Teams renders them (Chart.Donut, Chart.HorizontalBar.Stacked, Chart.VerticalBar,
/// Chart.Line; card version 1.5). Each carries a TextBlock <c>fallback</c> with the same figures in words, for clients
/// without charts. Added to a rendered card after its header with <see cref="InsertAfterHeader"/>.
/// </summary>
public static class CardCharts
{
    public static JsonObject Donut(string title, IEnumerable<ChartPoint> points, string fallback) => new()
    {
        ["type"] = "Chart.Donut",
        ["title"] = title,
        ["data"] = new JsonArray(points.Where(p => p.Value > 0).Select(Point).ToArray<JsonNode>()),
        ["fallback"] = Fallback(fallback),
    };

    /// <summary>One stacked bar per row (e.g. a unit), segments by legend (e.g. met / pending / overdue).</summary>
    public static JsonObject StackedBars(string title, IEnumerable<(string Row, IReadOnlyList<ChartPoint> Points)> rows, string fallback) => new()
    {
        ["type"] = "Chart.HorizontalBar.Stacked",
        ["title"] = title,
        ["data"] = new JsonArray(rows.Select(r => (JsonNode)new JsonObject
        {
            ["title"] = r.Row,
            ["data"] = new JsonArray(r.Points.Select(Point).ToArray<JsonNode>()),
        }).ToArray()),
        ["fallback"] = Fallback(fallback),
    };

    public static JsonObject VerticalBar(string title, string xAxisTitle, string yAxisTitle, IEnumerable<(string X, int Y)> bars, string fallback) => new()
    {
        ["type"] = "Chart.VerticalBar",
        ["title"] = title,
        ["xAxisTitle"] = xAxisTitle,
        ["yAxisTitle"] = yAxisTitle,
        ["data"] = new JsonArray(bars.Select(b => (JsonNode)new JsonObject { ["x"] = b.X, ["y"] = b.Y }).ToArray()),
        ["fallback"] = Fallback(fallback),
    };

    public static JsonObject Line(string title, string xAxisTitle, string yAxisTitle, string legend, IEnumerable<(string X, int Y)> values, string fallback) => new()
    {
        ["type"] = "Chart.Line",
        ["title"] = title,
        ["xAxisTitle"] = xAxisTitle,
        ["yAxisTitle"] = yAxisTitle,
        ["data"] = new JsonArray(new JsonObject
        {
            ["legend"] = legend,
            ["values"] = new JsonArray(values.Select(v => (JsonNode)new JsonObject { ["x"] = v.X, ["y"] = v.Y }).ToArray()),
        }),
        ["fallback"] = Fallback(fallback),
    };

    /// <summary>Puts <paramref name="elements"/> right after the card's first body element (its header).</summary>
    public static JsonObject InsertAfterHeader(JsonObject card, IEnumerable<JsonObject> elements)
    {
        var body = card["body"]!.AsArray();
        var at = Math.Min(1, body.Count);
        foreach (var element in elements)
        {
            element["separator"] = true;
            element["spacing"] = "Medium";
            body.Insert(at++, element);
        }
        return card;
    }

    private static JsonObject Point(ChartPoint p)
    {
        var o = new JsonObject { ["legend"] = p.Legend, ["value"] = p.Value };
        if (p.Color is not null)
        {
            o["color"] = p.Color;
        }
        return o;
    }

    private static JsonObject Fallback(string text) => new() { ["type"] = "TextBlock", ["text"] = text, ["wrap"] = true, ["size"] = "Small" };
}
