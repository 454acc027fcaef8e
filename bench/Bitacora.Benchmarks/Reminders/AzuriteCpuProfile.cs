using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Bitacora.Benchmarks.Reminders;

/// <summary>
/// <c>-- sweep --azurite-profile</c>: Azurite runs under node's sampling profiler (<c>--cpu-prof</c>) and, after the
/// runs, each run's Azurite time is split by the table operation on the sampled stack (its
/// <c>LokiTableMetadataStore</c> method: query, point read, delete, insert, …; "HTTP, batch parsing" is everything
/// outside them — routing, SharedKey authentication, multipart parsing, (de)serialization, socket writes). Node's
/// profile and <see cref="Stopwatch"/> both count on CLOCK_MONOTONIC, so a run's window is cut out of the profile
/// exactly. A sample weighs the time to the next one, so on a loaded machine (node descheduled between samples) the
/// sum exceeds the CPU the run line reports: read the shares. The profiler costs Azurite some CPU too: use these runs
/// for the split, not for the figure.
/// </summary>
internal static class AzuriteCpuProfile
{
    private static readonly (string Method, string Operation)[] Operations =
    [
        ("queryTableEntities", "query"),
        ("queryTableEntitiesWithPartitionAndRowKey", "point read"),
        ("deleteTableEntity", "delete"),
        ("insertTableEntity", "insert"),
        ("insertOrUpdateTableEntity", "upsert"),
        ("insertOrMergeTableEntity", "upsert"),
        ("updateTableEntity", "update"),
        ("mergeTableEntity", "update"),
        ("(garbage collector)", "GC"),
    ];

    /// <summary>Asks node to exit as on Ctrl+C, so it writes its profile, and returns the profile's path.</summary>
    public static async Task<string?> StopAsync(Process azurite, string directory)
    {
        _ = Kill(azurite.Id, 2); // SIGINT: Azurite closes its servers and exits; node writes the profile on exit
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await azurite.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        return Directory.GetFiles(directory, "*.cpuprofile").FirstOrDefault();
    }

    /// <summary>Azurite's sampled busy time between two <see cref="Stopwatch"/> timestamps, by operation (ms), largest first.</summary>
    public static IReadOnlyList<(string Operation, double Ms)> Split(JsonDocument profile, long fromTimestamp, long toTimestamp)
    {
        var root = profile.RootElement;
        var nodes = new Dictionary<int, (string Function, int Parent)>();
        foreach (var node in root.GetProperty("nodes").EnumerateArray())
        {
            var id = node.GetProperty("id").GetInt32();
            var function = node.GetProperty("callFrame").GetProperty("functionName").GetString() ?? "";
            nodes[id] = (function, nodes.TryGetValue(id, out var known) ? known.Parent : 0);
            if (node.TryGetProperty("children", out var children))
            {
                foreach (var child in children.EnumerateArray())
                {
                    var c = child.GetInt32();
                    nodes[c] = (nodes.TryGetValue(c, out var k) ? k.Function : "", id);
                }
            }
        }
        var from = Micro(fromTimestamp);
        var to = Micro(toTimestamp);
        var samples = root.GetProperty("samples").EnumerateArray().Select(s => s.GetInt32()).ToList();
        var deltas = root.GetProperty("timeDeltas").EnumerateArray().Select(d => d.GetInt64()).ToList();
        var time = root.GetProperty("startTime").GetInt64();
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var k = 0; k < samples.Count; k++)
        {
            time += deltas[k];
            var weight = k + 1 < deltas.Count ? deltas[k + 1] : 0;
            if (time < from || time > to || nodes[samples[k]].Function == "(idle)")
            {
                continue;
            }
            var operation = "HTTP, batch parsing";
            for (var id = samples[k]; id != 0; id = nodes[id].Parent)
            {
                // The outermost store method on the stack names the operation (an upsert that updates is an upsert).
                var match = Operations.FirstOrDefault(o => o.Method == nodes[id].Function).Operation;
                operation = match ?? operation;
            }
            result[operation] = result.GetValueOrDefault(operation) + weight / 1000.0;
        }
        return [.. result.Select(p => (p.Key, p.Value)).OrderByDescending(p => p.Value)];
    }

    public static string Format(IReadOnlyList<(string Operation, double Ms)> split) =>
        string.Create(CultureInfo.InvariantCulture, $"{split.Sum(s => s.Ms) / 1000:F2} s busy (sampled): ") +
        string.Join(", ", split.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Operation} {s.Ms / 1000:F2} s")));

    private static long Micro(long stopwatchTimestamp) => (long)(stopwatchTimestamp * (1_000_000.0 / Stopwatch.Frequency));

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
