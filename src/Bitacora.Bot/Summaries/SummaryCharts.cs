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

    private static readonly Color[] Palette = [Color.FromHex("#2E7D32"), Color.FromHex("#9E9E9E"), Color.FromHex("#C62828"), Color.FromHex("#F9A825")];

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

    private static string Shorten(string text) => text.Length <= 28 ? text : text[..27] + "…";
}
