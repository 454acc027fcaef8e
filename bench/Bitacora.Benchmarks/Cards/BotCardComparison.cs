using System.Diagnostics;
using System.Reflection;
using System.Runtime.Loader;

namespace Bitacora.Benchmarks.Cards;

/// <summary>
/// The bot's real card path (<see cref="BotCardPath"/>): the section card of the DEP guide as an answer turn renders it,
/// worst case and typical, with and without serializing the activity. Rows in alternating rounds in one process (a load
/// change on the shared machine hits all alike): this build with the fallbacks walked per card as before, this build, and
/// with <c>--baseline-bot DIR</c> an older build's Bitacora.Bot/Cards/BotFramework (e.g. a copy of this project's
/// bin/Release/net10.0 built from an older commit) loaded in its own load context running the same bench code.
/// </summary>
internal static class BotCardComparison
{
    private const int Rounds = 9;
    private const int CardsPerRound = 12;
    private static readonly string[] Ours = ["Bitacora.Bot", "Bitacora.Cards", "Bitacora.BotFramework", "Bitacora.Core"];

    private sealed record Row(string Name, Func<int, bool, byte[]?> Render, bool Serialize)
    {
        public List<double> Times { get; } = [];
        public long Bytes { get; set; }
    }

    public static void Run(string? baselineDir)
    {
        var content = Path.Combine(AppContext.BaseDirectory, "Content");
        var rows = new List<Row>();
        foreach (var scenario in new[] { "worst", "typical" })
        {
            Func<int, bool, byte[]?>? baseline = null;
            if (baselineDir is not null)
            {
                try
                {
                    baseline = LoadBaseline(Path.GetFullPath(baselineDir), scenario);
                }
                catch (Exception e) when (e is TargetInvocationException or MissingMethodException or TypeLoadException or FileNotFoundException)
                {
                    // E.g. a baseline built before types moved between our assemblies: its API differs from this bench's.
                    Console.WriteLine($"  The baseline build in {baselineDir} cannot run this bench code ({(e.InnerException ?? e).Message}); " +
                                      "build the commit to compare with from the same project layout. Rows without it follow.");
                    baselineDir = null;
                }
            }
            var walked = BotCardPath.Create(content, scenario, walkPerCard: true);
            var now = BotCardPath.Create(content, scenario, walkPerCard: false);
            var sample = now(1, true)!;
            if (!sample.AsSpan().SequenceEqual(walked(1, true)) || (baseline is not null && !sample.AsSpan().SequenceEqual(baseline(1, true))))
            {
                Console.WriteLine($"  WARNING: the {scenario} section card differs between the builds compared.");
            }
            Console.WriteLine($"  {scenario} section card: {sample.Length / 1024.0:N1} KiB as sent (activity, UTF-8)");
            foreach (var serialize in new[] { false, true })
            {
                var what = $"{scenario}, {(serialize ? "render + serialize" : "render")}";
                if (baseline is not null) rows.Add(new Row($"{what}: baseline build", baseline, serialize));
                rows.Add(new Row($"{what}: walk per card (before)", walked, serialize));
                rows.Add(new Row($"{what}: this build", now, serialize));
            }
        }
        for (var round = 0; round < Rounds + 2; round++)
        {
            foreach (var row in rows)
            {
                var (ns, bytes) = Measure(row);
                // The first two rounds warm everything up (JIT tiers) and are not counted.
                if (round < 2) continue;
                row.Times.Add(ns);
                row.Bytes += bytes;
            }
        }
        Console.WriteLine();
        Console.WriteLine($"Bot section card (DEP, its largest section), same process, alternating rounds ({Rounds} × {CardsPerRound} cards per row):");
        foreach (var row in rows)
        {
            var perCard = row.Bytes / (double)(Rounds * CardsPerRound);
            Console.WriteLine($"  {row.Name,-52} {Median(row.Times) / 1000,9:N1} µs/card (median of rounds) {perCard / 1024,9:N1} KiB allocated/card");
        }
    }

    private static Func<int, bool, byte[]?> LoadBaseline(string dir, string scenario)
    {
        var bench = typeof(BotCardPath).Assembly.Location;
        var context = new BaselineContext(dir, bench);
        var type = context.LoadFromAssemblyPath(bench).GetType(typeof(BotCardPath).FullName!, throwOnError: true)!;
        var create = type.GetMethod(nameof(BotCardPath.Create), BindingFlags.Public | BindingFlags.Static)!;
        return (Func<int, bool, byte[]?>)create.Invoke(null, [Path.Combine(dir, "Content"), scenario, false])!;
    }

    /// <summary>Our assemblies from the baseline folder, this bench's code again (bound to them), the rest shared.</summary>
    private sealed class BaselineContext(string dir, string bench) : AssemblyLoadContext("bot-baseline")
    {
        protected override Assembly? Load(AssemblyName name)
        {
            if (name.Name == typeof(BotCardPath).Assembly.GetName().Name) return LoadFromAssemblyPath(bench);
            var path = Path.Combine(dir, name.Name + ".dll");
            return Ours.Contains(name.Name) && File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }

    /// <summary>Nanoseconds per card and bytes allocated in one round.</summary>
    private static (double NsPerCard, long Bytes) Measure(Row row)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        GC.KeepAlive(row.Render(CardsPerRound, row.Serialize));
        watch.Stop();
        return (watch.Elapsed.TotalNanoseconds / CardsPerRound, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
