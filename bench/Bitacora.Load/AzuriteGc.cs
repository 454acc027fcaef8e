using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Bitacora.Load;

/// <summary>One full (mark-compact) collection of Azurite's JavaScript heap, as node's <c>--trace-gc</c> reported it.</summary>
/// <param name="EndedAt">Stopwatch timestamp of when its line reached this process (node prints it as the pause ends).</param>
/// <param name="PauseMs">The collection's own stop-the-world pause.</param>
/// <param name="MarkingMs">Incremental marking done before it, interleaved with Azurite's request handling.</param>
internal sealed record AzuriteMajorGc(long EndedAt, double PauseMs, double MarkingMs);

/// <summary>
/// Azurite's full garbage collections, read from its output (it runs with node's <c>--trace-gc</c>): Azurite is one
/// JavaScript thread, so while it collects every request in flight waits. The paced phases say how many slow answers
/// were in flight when one ended — what part of the p99 is the emulator's collector rather than the bot.
/// </summary>
internal sealed partial class AzuriteGc
{
    private readonly ConcurrentQueue<AzuriteMajorGc> _collections = new();

    [GeneratedRegex(@"Mark-Compact.*?MB, (?<pause>[\d.]+) / [\d.]+ ms(?:\s+\(\+ (?<marking>[\d.]+) ms in)?")]
    private static partial Regex MarkCompact();

    /// <summary>Takes one line of Azurite's output.</summary>
    public void OnLine(string line)
    {
        if (MarkCompact().Match(line) is not { Success: true } m) return;
        static double Ms(Group g) => g.Success ? double.Parse(g.Value, CultureInfo.InvariantCulture) : 0;
        _collections.Enqueue(new AzuriteMajorGc(Stopwatch.GetTimestamp(), Ms(m.Groups["pause"]), Ms(m.Groups["marking"])));
    }

    /// <summary>The full collections that ended between two Stopwatch timestamps.</summary>
    public IReadOnlyList<AzuriteMajorGc> Between(long from, long to) => [.. _collections.Where(c => c.EndedAt >= from && c.EndedAt <= to)];
}
