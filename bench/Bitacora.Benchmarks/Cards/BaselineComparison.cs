using System.Diagnostics;
using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json.Nodes;
using Bitacora.Cards;

namespace Bitacora.Benchmarks.Cards;

/// <summary>
/// `-- cards --baseline path/to/an/older/Bitacora.Cards.dll`: that build and this one expand the guide card in the same
/// process, in alternating rounds (a load change on the shared machine hits both alike): median time per expand and
/// bytes allocated per expand of each. The older build is loaded in its own load context; System.Text.Json is shared.
/// </summary>
internal static class BaselineComparison
{
    private const int Rounds = 15;
    private const int ExpandsPerRound = 40;

    public static void Run(string baselineDll)
    {
        var templateJson = File.ReadAllText(BenchFiles.GuideTemplate);
        var data = JsonNode.Parse(File.ReadAllText(BenchFiles.GuideData))!;
        var current = AdaptiveCardTemplate.Parse(templateJson);
        Func<JsonNode?> currentExpand = () => current.Expand(data);
        var baselineExpand = LoadBaseline(Path.GetFullPath(baselineDll), templateJson, data);

        if (!JsonNode.DeepEquals(currentExpand(), baselineExpand()))
        {
            Console.WriteLine("  WARNING: the baseline build expands the guide card differently.");
        }
        var baselineTimes = new List<double>();
        var currentTimes = new List<double>();
        long baselineBytes = 0, currentBytes = 0;
        for (var round = 0; round < Rounds + 2; round++)
        {
            // The first two rounds warm both up (JIT tiers) and are not counted.
            var (bt, bb) = Measure(baselineExpand);
            var (ct, cb) = Measure(currentExpand);
            if (round < 2) continue;
            baselineTimes.Add(bt);
            currentTimes.Add(ct);
            baselineBytes += bb;
            currentBytes += cb;
        }
        var baseline = Median(baselineTimes);
        var now = Median(currentTimes);
        var perBaseline = baselineBytes / (double)(Rounds * ExpandsPerRound);
        var perCurrent = currentBytes / (double)(Rounds * ExpandsPerRound);
        Console.WriteLine();
        Console.WriteLine($"Same process, alternating rounds ({Rounds} × {ExpandsPerRound} expands each), Expand(JsonNode):");
        Console.WriteLine($"  baseline {Path.GetFileName(Path.GetDirectoryName(baselineDll))}/{Path.GetFileName(baselineDll)}: " +
                          $"{baseline / 1000,9:N1} µs/op (median of rounds) {perBaseline / 1024,9:N1} KiB allocated/op");
        Console.WriteLine($"  this build                        {now / 1000,9:N1} µs/op (median of rounds) {perCurrent / 1024,9:N1} KiB allocated/op");
        Console.WriteLine($"  this ÷ baseline                   time {now / baseline:N2}, allocations {perCurrent / perBaseline:N3}");
    }

    private static Func<JsonNode?> LoadBaseline(string dll, string templateJson, JsonNode data)
    {
        var context = new AssemblyLoadContext("cards-baseline", isCollectible: false);
        context.Resolving += (_, name) => null;
        var assembly = context.LoadFromAssemblyPath(dll);
        var type = assembly.GetType("Bitacora.Cards.AdaptiveCardTemplate", throwOnError: true)!;
        var parse = type.GetMethod("Parse", BindingFlags.Public | BindingFlags.Static, [typeof(string)])!;
        var expand = type.GetMethod("Expand", [typeof(JsonNode), typeof(JsonNode)])!;
        var template = parse.Invoke(null, [templateJson])!;
        var call = expand.CreateDelegate<Func<JsonNode?, JsonNode?, JsonNode?>>(template);
        return () => call(data, null);
    }

    /// <summary>Nanoseconds per expand and bytes allocated in one round.</summary>
    private static (double NsPerOp, long Bytes) Measure(Func<JsonNode?> expand)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < ExpandsPerRound; i++) GC.KeepAlive(expand());
        watch.Stop();
        var bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        return (watch.Elapsed.TotalNanoseconds / ExpandsPerRound, bytes);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
