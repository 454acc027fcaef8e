using Bitacora.Bot.Coordination;
using Bitacora.Bot.Registry.Identifiers;
using Bitacora.Bot.Registry.Model;
using Bitacora.Bot.Summaries;
using Bitacora.Bot.Tests.Guides;
using Bitacora.Testing;

namespace Bitacora.Bot.Tests.Summaries;

/// <summary>The informe's Sí / Parcialmente / No chart, drawn by ScottPlot: a PNG sized to its rows, kept in .artifacts/documents/ to look at.</summary>
public sealed class SummaryChartsTests
{
    private static SummaryCharts Charts()
    {
        var folder = RepoPaths.Combine("src", "Bitacora.Bot", "Content", "Texts");
        var texts = CoordinationTexts.Load(folder);
        return new SummaryCharts(new CoordinationCharts(texts, ShippedGuides.Catalog), texts, SummaryTexts.Load(folder));
    }

    [Fact]
    public async Task Components_draws_one_bar_per_component_with_closed_questions_and_none_without()
    {
        var charts = Charts();
        var rows = ComponentTally.Compute([
            new GuideFilling(ShippedGuides.Dep, false, [new Bitacora.Bot.Sessions.Answer("s", "ej-cond-claridad-que-hacer",
                new Bitacora.Bot.Sessions.ClosedAnswer(Bitacora.Bot.Guides.ClosedOptions.Partially), null, new("aad-alex", "Alex Wilber"), DateTimeOffset.UnixEpoch, 1, 1)]),
            new GuideFilling(ShippedGuides.Junji, false, []), // records: open questions only, no bar
        ]);

        var png = charts.Components(rows);

        Assert.NotNull(png);
        Assert.Equal("DEP · Ejecución · Condiciones", ComponentWords.Title(rows[0], rows));
        Assert.Equal("JUNJI · Implementación · Registro Comunidad de Aprendizaje", ComponentWords.Title(rows[^1], rows));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        var (width, height) = SummaryCharts.SizeOf(png);
        Assert.Equal(SummaryCharts.Width, width);
        Assert.Equal(160 + 48 * 6, height); // the six DEP components (two guides: rows named with the guide)
        Directory.CreateDirectory(RepoPaths.Combine(".artifacts", "documents"));
        await File.WriteAllBytesAsync(RepoPaths.Combine(".artifacts", "documents", "informe-chart-components.png"), png);

        Assert.Null(charts.Components(ComponentTally.Compute([new GuideFilling(ShippedGuides.Junji, false, [])])));
        // Sessions held, nobody answered a closed question: no chart of grey bars only (the table says it).
        Assert.Null(charts.Components(ComponentTally.Compute([new GuideFilling(ShippedGuides.Dep, false, [])])));
    }

    [Fact]
    public async Task Rubric_draws_one_bar_per_criterion_with_the_units_at_each_level_and_none_when_nobody_was_scored()
    {
        var charts = Charts();
        var rubric = ShippedGuides.Dep.Rubric!;
        var (low, high) = (rubric.Levels[0].Title, rubric.Levels[^1].Title);
        var criteria = rubric.Criteria.Select(c => c.Title).ToList();
        UnitReport Scored(string junji, params string[] levels)
        {
            Assert.True(UnitCode.TryParseJunji(junji, out var code));
            return new UnitReport(new Unit(code, "Unidad " + junji, "p", "16-1", "Chillán", []), 0, 0, 0, 0, 0, [],
                [.. criteria.Select((c, i) => new RubricLevelLine(c, i < levels.Length ? levels[i] : "sin evaluar"))], 1, 1, []);
        }
        var units = new[] { Scored("16101001", low, high), Scored("16101002", high) };

        var rows = new CoordinationCharts(CoordinationTexts.Load(RepoPaths.Combine("src", "Bitacora.Bot", "Content", "Texts")), ShippedGuides.Catalog)
            .RubricRows(units)!;
        var (png, lines) = charts.Rubric(units)!.Value;

        Assert.Equal(criteria, rows.Select(r => r.Row)); // every criterion, in the rubric's order
        Assert.Equal([(low, 1), (high, 1), ("sin evaluar", 0)], rows[0].Points.Select(p => (p.Legend, p.Value)));
        Assert.Equal([(low, 0), (high, 1), ("sin evaluar", 1)], rows[1].Points.Select(p => (p.Legend, p.Value)));
        Assert.Equal(criteria.Count, lines.Count);
        Assert.Contains(high, lines[1]);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.Equal((SummaryCharts.Width, Math.Max(SummaryCharts.Height, 160 + 48 * criteria.Count)), SummaryCharts.SizeOf(png));
        Directory.CreateDirectory(RepoPaths.Combine(".artifacts", "documents"));
        await File.WriteAllBytesAsync(RepoPaths.Combine(".artifacts", "documents", "informe-chart-rubric.png"), png);

        Assert.Null(charts.Rubric([Scored("16101003")])); // nobody scored: the table says it, no grey-only chart
    }
}
