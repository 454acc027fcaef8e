using System.Diagnostics;

namespace Bitacora.Load;

/// <summary>What one paced (open-loop) phase measured.</summary>
internal sealed record PacedResult(double OfferedPerSecond, double Seconds, Latencies Latencies, int Clicks, int Skipped, double AchievedPerSecond,
    double BotCpu, double AzuriteCpu)
{
    /// <summary>Sequential bare point reads to Azurite during the phase (same machine, same moment).</summary>
    public Latencies BareRoundTrip { get; init; } = new();

    /// <summary>The same reads through the counting proxy, as every request of the bot goes (one hop more).</summary>
    public Latencies BareThroughProxy { get; init; } = new();

    /// <summary>What the bot's storage requests cost upstream during the phase, by kind.</summary>
    public RequestTimings Storage { get; init; } = new();

    /// <summary>Azurite's full garbage collections that ended during the phase.</summary>
    public IReadOnlyList<AzuriteMajorGc> AzuriteGcs { get; init; } = [];

    /// <summary>The clicks at or above the phase's p99, and how many of them were in flight when one of those ended.</summary>
    public (int Slowest, int DuringAzuriteGc) SlowestClicks { get; init; }
}

/// <summary>
/// Answers arriving at an offered rate, whether or not earlier ones finished (open loop), as a real morning sends them:
/// people do not wait for each other's clicks. Arrivals are a Poisson process (seeded, so runs are alike); the next
/// adviser is taken round-robin over every meeting, so each person answers again only after all the others did (at 50
/// answers per second and 2 000 advisers, every 40 s). A closed loop with a fixed number of clicks in flight (the
/// steady phase) measures capacity instead: its latency is that number ÷ the throughput (Little's law), whatever the
/// bot does.
/// </summary>
internal sealed class PacedPhase(IReadOnlyList<(Meeting Meeting, int Adviser)> advisers, int firstRound)
{
    private readonly int[] _nextRound = Enumerable.Repeat(firstRound, advisers.Count).ToArray();
    private readonly int[] _busy = new int[advisers.Count];
    private int _cursor;

    public int Refused;

    public async Task<PacedResult> RunAsync(LoadWorld world, double perSecond, TimeSpan length, CancellationToken ct)
    {
        var latencies = new Latencies();
        var random = new Random(16);
        var inFlight = new List<Task>();
        var skipped = 0;
        var clicks = 0;
        var botCpu = ProcessCpu.Of(world.Bot.ProcessId);
        var azuriteCpu = ProcessCpu.Of(world.AzuritePid);
        var timings = new RequestTimings();
        var spans = new System.Collections.Concurrent.ConcurrentQueue<(long Start, long End, double Ms)>();
        world.Proxy.Timings = timings;
        var started = Stopwatch.GetTimestamp();
        var due = 0.0; // seconds after start of the next arrival
        while (!ct.IsCancellationRequested)
        {
            due += -Math.Log(1 - random.NextDouble()) / perSecond;
            if (due >= length.TotalSeconds) break;
            var wait = TimeSpan.FromSeconds(due) - Stopwatch.GetElapsedTime(started);
            if (wait > TimeSpan.FromMilliseconds(1)) await Task.Delay(wait, ct).ConfigureAwait(false);
            var slot = _cursor++ % advisers.Count;
            if (Interlocked.Exchange(ref _busy[slot], 1) == 1)
            {
                skipped++; // this person's previous answer has not come back yet: a person would not click again
                continue;
            }
            clicks++;
            inFlight.Add(AnswerAsync(slot, latencies, spans, ct));
            if (inFlight.Count > 4096) inFlight.RemoveAll(t => t.IsCompleted);
        }
        await Task.WhenAll(inFlight).ConfigureAwait(false);
        world.Proxy.Timings = null;
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var gcs = world.AzuriteGc.Between(started, Stopwatch.GetTimestamp());
        var p99 = latencies.P(99);
        var slowest = spans.Where(s => s.Ms >= p99).ToList();
        return new PacedResult(perSecond, seconds, latencies, clicks, skipped, clicks / seconds,
            (ProcessCpu.Of(world.Bot.ProcessId) - botCpu).TotalSeconds / seconds,
            (ProcessCpu.Of(world.AzuritePid) - azuriteCpu).TotalSeconds / seconds)
        {
            Storage = timings,
            AzuriteGcs = gcs,
            SlowestClicks = (slowest.Count, slowest.Count(s => gcs.Any(gc => gc.EndedAt >= s.Start && gc.EndedAt <= s.End))),
        };
    }

    private async Task AnswerAsync(int slot, Latencies latencies, System.Collections.Concurrent.ConcurrentQueue<(long Start, long End, double Ms)> spans,
        CancellationToken ct)
    {
        await Task.Yield(); // the arrival loop goes on at once
        try
        {
            var (meeting, adviser) = advisers[slot];
            if (await meeting.AnswerAsync(adviser, _nextRound[slot]++, latencies, ct,
                    (start, end) => spans.Enqueue((start, end, Stopwatch.GetElapsedTime(start, end).TotalMilliseconds))).ConfigureAwait(false) == AnswerOutcome.Refused)
            {
                Interlocked.Increment(ref Refused);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        finally
        {
            Volatile.Write(ref _busy[slot], 0);
        }
    }
}
