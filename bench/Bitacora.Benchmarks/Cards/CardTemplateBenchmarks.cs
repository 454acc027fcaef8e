using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Bitacora.Cards;

namespace Bitacora.Benchmarks.Cards;

/// <summary>Expands the guide-like card (60 questions) with a template parsed once, as the bot does.</summary>
[MemoryDiagnoser]
public class CardTemplateBenchmarks
{
    private AdaptiveCardTemplate _template = null!;
    private JsonNode _data = null!;
    private string _templateJson = "";

    [GlobalSetup]
    public void Setup()
    {
        _templateJson = File.ReadAllText(BenchFiles.GuideTemplate);
        _template = AdaptiveCardTemplate.Parse(_templateJson);
        _data = JsonNode.Parse(File.ReadAllText(BenchFiles.GuideData))!;
        // In process, every benchmark shares the JIT: warm the expansion up so the first one measured is not the one
        // that pays for tiered recompilation on a busy machine.
        for (var i = 0; i < 200; i++) ExpandAndReadAll();
    }

    [Benchmark(Baseline = true, Description = "Expand guide card (C#)")]
    public JsonNode? Expand() => _template.Expand(_data);

    /// <summary>Expand, then serialize the card (what sending it costs on top).</summary>
    [Benchmark(Description = "Expand + ToJsonString (C#)")]
    public string ExpandAndSerialize() => _template.Expand(_data)!.ToJsonString();

    /// <summary>
    /// Expand, then read every node: Expand returns nodes created when first read, and a caller that walks the whole
    /// card (the bot's CardCatalog adds Action.Submit fallbacks that way) pays for all of them.
    /// </summary>
    [Benchmark(Description = "Expand + read every node (C#)")]
    public int ExpandAndReadAll() => CountNodes(_template.Expand(_data));

    [Benchmark(Description = "Parse guide template (C#)")]
    public AdaptiveCardTemplate Parse() => AdaptiveCardTemplate.Parse(_templateJson);

    private static int CountNodes(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                var inObject = 1;
                foreach (var (_, value) in o) inObject += CountNodes(value);
                return inObject;
            case JsonArray a:
                var inArray = 1;
                foreach (var item in a) inArray += CountNodes(item);
                return inArray;
            default:
                return 1;
        }
    }
}

internal static class BenchFiles
{
    public static string Dir => Path.Combine(AppContext.BaseDirectory, "Cards");
    public static string GuideTemplate => Path.Combine(Dir, "guide-card.template.json");
    public static string GuideData => Path.Combine(Dir, "guide-card.data.json");

    /// <summary>The repository root (holds TeamsBot.sln), for node_modules and tests/oracle/bench.js.</summary>
    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TeamsBot.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("TeamsBot.sln not found above " + AppContext.BaseDirectory);
    }
}
