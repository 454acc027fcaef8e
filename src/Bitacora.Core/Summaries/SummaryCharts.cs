using Bitacora.Bot.Cards;
using Bitacora.Bot.Coordination;
using ScottPlot;

namespace Bitacora.Bot.Summaries;

/// <summary>
/// The informe sintético's charts as PNG images, drawn on the server with ScottPlot (SkiaSharp; the machine's own
/// fonts, nothing fetched). Same figures as the cards' charts: <see cref="CoordinationCharts.CommitmentPoints"/>.
/// </summary>
public sealed class SummaryCharts(CoordinationCharts charts, CoordinationTexts texts, SummaryTexts summaryTexts)
{
    public const int Width = 800;
    public const int Height = 420;

    private static readonly Color[] Palette = [SemanticColor("good"), SemanticColor("neutral"), SemanticColor("attention"), SemanticColor("warning")];

    /// <summary>The chart's title (also the document's alternative text).</summary>
    public string CommitmentsTitle => texts[CoordinationTexts.ChartCommitmentsTitle];

    /// <summary>Met / pending / overdue / adjusted, one stacked bar per unit with commitments; null when none has any.</summary>
    public byte[]? Commitments(IEnumerable<UnitReport> units)
    {
        var rows = units.Where(u => u.Total > 0).Select(u => (Label: u.Unit.Name, Points: charts.CommitmentPoints(u))).ToList();
        if (rows.Count == 0) return null;
        var plot = new Plot();
        var bars = new List<Bar>();
        for (var i = 0; i < rows.Count; i++)
        {
            double cumulative = 0;
            for (var k = 0; k < rows[i].Points.Count; k++)
            {
                var value = rows[i].Points[k].Value;
                bars.Add(new Bar { Position = i, ValueBase = cumulative, Value = cumulative + value, FillColor = Palette[k % Palette.Length] });
                cumulative += value;
            }
        }
        plot.Add.Bars(bars);
        // Head room above the tallest bar, so the legend never hides one.
        plot.Axes.SetLimitsY(0, Math.Max(1, bars.Max(b => b.Value)) * 1.4);
        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, rows.Count).Select(i => (double)i)], [.. rows.Select(r => Shorten(r.Label))]);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.Axes.Left.Label.Text = summaryTexts[SummaryTexts.ChartCount];
        plot.Title(CommitmentsTitle);
        var names = rows[0].Points.Select(p => p.Legend).ToList();
        for (var k = 0; k < names.Count; k++)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = names[k], FillColor = Palette[k % Palette.Length] });
        }
        plot.Legend.IsVisible = true;
        plot.Legend.Alignment = Alignment.UpperRight;
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    /// <summary>The component chart's title (also the document's alternative text).</summary>
    public string ComponentsTitle => texts[CoordinationTexts.ChartComponentsTitle];

    /// <summary>Sí / Parcialmente / No / sin respuesta, one horizontal stacked bar per component with closed questions; null when nobody answered one.</summary>
    public byte[]? Components(IReadOnlyList<ComponentTallyRow> all)
    {
        if (!ComponentWords.HasClosedAnswers(all)) return null;
        var rows = all.Where(r => r.HasClosed).Select(r => (Label: ComponentWords.Title(r, all), Points: ComponentWords.Points(texts, r))).ToList();
        return HorizontalStacked(ComponentsTitle, summaryTexts[SummaryTexts.ChartAnswers], rows, (_, k) => ClosedPalette[k % ClosedPalette.Length]);
    }

    /// <summary>The rubric chart's title (also the document's alternative text).</summary>
    public string RubricTitle => charts.RubricTitle;

    /// <summary>
    /// Units per rubric level, one horizontal stacked bar per criterion (the card's chart), and the same in words for
    /// the caption; null when no unit has a level.
    /// </summary>
    public (byte[] Png, IReadOnlyList<string> Lines)? Rubric(IReadOnlyList<UnitReport> units) => charts.RubricRows(units) is { } rows
        ? (HorizontalStacked(RubricTitle, summaryTexts[SummaryTexts.ChartUnits], [.. rows.Select(r => (r.Row, r.Points))],
            (point, _) => SemanticColor(point.Color)), [.. charts.RubricLines(rows)])
        : null;

    /// <summary>One horizontal stacked bar per row, first row at the top (as in the document's tables), legend below the bars.</summary>
    private static byte[] HorizontalStacked(string title, string axis, IReadOnlyList<(string Label, IReadOnlyList<ChartPoint> Points)> rows,
        Func<ChartPoint, int, Color> colorOf)
    {
        var plot = new Plot();
        var bars = new List<Bar>();
        for (var i = 0; i < rows.Count; i++)
        {
            double cumulative = 0;
            var position = rows.Count - 1 - i;
            for (var k = 0; k < rows[i].Points.Count; k++)
            {
                var value = rows[i].Points[k].Value;
                bars.Add(new Bar { Position = position, ValueBase = cumulative, Value = cumulative + value, FillColor = colorOf(rows[i].Points[k], k) });
                cumulative += value;
            }
        }
        var bar = plot.Add.Bars(bars);
        bar.Horizontal = true;
        plot.Axes.SetLimitsX(0, Math.Max(1, bars.Max(b => b.Value)) * 1.05);
        plot.Axes.Left.SetTicks([.. Enumerable.Range(0, rows.Count).Select(i => (double)(rows.Count - 1 - i))], [.. rows.Select(r => Shorten(r.Label, 60))]);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.Axes.Bottom.Label.Text = axis;
        plot.Title(title);
        foreach (var (point, k) in rows[0].Points.Select((p, k) => (p, k)))
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = point.Legend, FillColor = colorOf(point, k) });
        }
        plot.Legend.Orientation = Orientation.Horizontal;
        plot.ShowLegend(Edge.Bottom); // outside the bars: never hides one
        return plot.GetImageBytes(Width, Math.Max(Height, 160 + 48 * rows.Count), ImageFormat.Png);
    }

    /// <summary>The cards' semantic chart colours (CardCharts) as the informe's colours.</summary>
    private static Color SemanticColor(string? name) => name switch
    {
        "good" => Color.FromHex("#2E7D32"),
        "warning" => Color.FromHex("#F9A825"),
        "attention" => Color.FromHex("#C62828"),
        "categoricalBlue" => Color.FromHex("#1565C0"),
        "categoricalPurple" => Color.FromHex("#6A1B9A"),
        "categoricalTeal" => Color.FromHex("#00838F"),
        _ => Color.FromHex("#9E9E9E"),
    };

    /// <summary>A PNG's size in pixels (its IHDR chunk).</summary>
    public static (int Width, int Height) SizeOf(byte[] png) =>
        (System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)), System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));

    /// <summary>Sí green, Parcialmente amber, No red, sin respuesta grey.</summary>
    private static readonly Color[] ClosedPalette = [SemanticColor("good"), SemanticColor("warning"), SemanticColor("attention"), SemanticColor("neutral")];

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private static string Shorten(string text) => text.Length <= 28 ? text : text[..27] + "…";
}
