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
    }

    [Benchmark(Baseline = true, Description = "Expand guide card (C#)")]
    public JsonNode? Expand() => _template.Expand(_data);

    [Benchmark(Description = "Parse guide template (C#)")]
    public AdaptiveCardTemplate Parse() => AdaptiveCardTemplate.Parse(_templateJson);
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
