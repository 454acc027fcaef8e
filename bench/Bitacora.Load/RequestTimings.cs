using System.Collections.Concurrent;

namespace Bitacora.Load;

/// <summary>
/// Upstream time (proxy to Azurite and back) by request kind: "GET SessionAnswers query", "POST $batch"… The mean
/// shows what each kind costs Azurite, which serves one request at a time: a query it answers by scanning the whole
/// table costs every request queued behind it.
/// </summary>
internal sealed class RequestTimings
{
    private readonly ConcurrentDictionary<string, Latencies> _byKind = new(StringComparer.Ordinal);

    public void Add(string method, string path, bool query, TimeSpan elapsed)
    {
        // "/devstoreaccount1/loadSessionAnswers(PartitionKey=…)" → "SessionAnswers".
        var table = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Skip(1).FirstOrDefault() ?? "";
        var paren = table.IndexOf('(', StringComparison.Ordinal);
        if (paren >= 0) table = table[..paren];
        if (table.StartsWith("load", StringComparison.Ordinal)) table = table["load".Length..];
        var kind = $"{method} {table}{(query ? " query" : method == "GET" ? " point" : "")}";
        _byKind.GetOrAdd(kind, _ => new Latencies()).Add(elapsed.TotalMilliseconds);
    }

    public IEnumerable<string> Lines(int top) => _byKind
        .Select(kv => (Kind: kv.Key, kv.Value.Count, Mean: kv.Value.Mean, P99: kv.Value.P(99)))
        .OrderByDescending(x => x.Count * x.Mean).Take(top)
        .Select(x => $"{x.Kind,-40} n={x.Count,-6} mean {Latencies.Ms(x.Mean)}, p99 {Latencies.Ms(x.P99)}, total {x.Count * x.Mean / 1000:0.0} s");
}
