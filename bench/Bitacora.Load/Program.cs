using System.Diagnostics;
using System.Globalization;
using Bitacora.Load;

// `dotnet run -c Release --project bench/Bitacora.Load [-- --sessions 200 --advisers 10 ...]`: see bench/README.md.
if (args is [StartMeasure.ReferenceAppFlag])
{
    await StartMeasure.RunReferenceAppAsync();
    return 0;
}
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var options = LoadOptions.Parse(args);
if (Environment.GetEnvironmentVariable("LOAD_MIN_THREADS") is { } minThreads) ThreadPool.SetMinThreads(int.Parse(minThreads, CultureInfo.InvariantCulture), int.Parse(minThreads, CultureInfo.InvariantCulture));
var wall = Stopwatch.StartNew();
using var deadline = new CancellationTokenSource(options.TimeLimit);
Console.WriteLine($"Bitácora load: {options.Sessions} sessions × {options.Advisers} advisers × {options.Rounds} answers, " +
                  $"burst {options.Burst}, {options.Concurrency} clicks in flight, time limit {options.TimeLimit.TotalSeconds:0} s, " +
                  $"{Environment.ProcessorCount} cores, load average {LoadAverage()}");

await using var world = await LoadWorld.StartAsync();
Console.WriteLine($"Azurite, proxy, fake Teams and the Release bot up; bot process start to healthy {Latencies.Ms(world.BotStartMs)} " +
                  $"(empty tables: includes creating them and seeding the sample registry), idle RSS {world.BotIdleRssMiB:0} MiB");
var coldStarts = await world.ColdStartsAsync(options.Starts, options.Published, options.Scheduler, options.IdleWait);
var mode = (options.Scheduler ? ", scheduler running (as deployed)" : "") + (options.IdleWait != TimeSpan.FromSeconds(2) ? $", RSS {options.IdleWait.TotalSeconds:0} s after the checks" : "");
foreach (var (name, runs) in coldStarts) Console.WriteLine($"cold start on warm tables{mode}, {name}: {StartMeasure.Describe(runs)}");
if (options.StartsOnly) return 0;
Meeting.BotOutput = () => world.Bot.Output[..Math.Min(6000, world.Bot.Output.Length)];
// One more meeting than the load runs: the quiet sample starts it and meets its advisers for the first time.
await world.RegisterAdvisersAsync(options.Sessions + 1, options.Advisers, deadline.Token);

using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 2048, UseCookies = false, UseProxy = false })
{
    BaseAddress = world.Bot.BaseUri, Timeout = TimeSpan.FromSeconds(120),
};
var report = new LoadReport(options);
var bare = new BareRoundTrip(world.Tables);
await bare.PrepareAsync();
var bareProxied = new BareRoundTrip(world.ThroughProxy);
await bareProxied.PrepareAsync();
await bare.MeasureAsync(report.BareIdle, 300, CancellationToken.None);

// 1. Every meeting starts (bounded concurrency).
var meetings = Enumerable.Range(0, options.Sessions).Select(n => new Meeting(n, options, http, world.Teams)).ToArray();
var starts = new Latencies();
await Parallel.ForEachAsync(meetings, new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = deadline.Token },
    async (meeting, ct) =>
    {
        var began = Stopwatch.GetTimestamp();
        if (!await meeting.StartAsync(ct)) Interlocked.Increment(ref report.FailedStarts);
        starts.Add(Stopwatch.GetElapsedTime(began).TotalMilliseconds);
    });
Console.WriteLine($"{meetings.Length} meetings started (p50 {Latencies.Ms(starts.P(50))}, p99 {Latencies.Ms(starts.P(99))}), {report.FailedStarts} failed");
var running = meetings.Where(m => m.SessionId is not null).ToArray();

// Each phase starts once the bot's work of the one before, after-answer work included, is over: a closed loop leaves a
// backlog of it (the claims' «done», status messages) that would otherwise drain during the next phase.
async Task Drain(string before)
{
    var waited = await world.Proxy.WaitQuietAsync(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(90));
    Console.WriteLine($"(after {before}: storage quiet after {waited.TotalSeconds:0.0} s)");
}
await Drain("the starts");

// 2. Burst: the first answers of the first advisers, all at once (first contact for each of them).
var burst = running.SelectMany(m => Enumerable.Range(0, options.Advisers).Select(a => (Meeting: m, Adviser: a))).Take(options.Burst).ToArray();
var burstStarted = Stopwatch.GetTimestamp();
world.Proxy.Timings = report.BurstStorage;
using var stopBareBurst = new CancellationTokenSource();
var bareBurst = bare.MeasureAsync(report.BareDuringBurst, int.MaxValue, stopBareBurst.Token, TimeSpan.FromMilliseconds(20));
var burstOutcomes = await Task.WhenAll(burst.Select(x => x.Meeting.AnswerAsync(x.Adviser, 0, report.Burst, deadline.Token)));
report.Refused += burstOutcomes.Count(o => o == AnswerOutcome.Refused);
report.BurstSeconds = Stopwatch.GetElapsedTime(burstStarted).TotalSeconds;
world.Proxy.Timings = null;
await stopBareBurst.CancelAsync();
await bareBurst;
Console.WriteLine($"burst of {burst.Length} first answers done in {report.BurstSeconds:0.0} s");

// 3. Steady load: every adviser's remaining answers, a bounded number of clicks in flight, while a bare round trip
// to Azurite is measured alongside (same machine, same moment).
var inBurst = burst.Select(x => (x.Meeting.Number, x.Adviser)).ToHashSet();
var advisers = running.SelectMany(m => Enumerable.Range(0, options.Advisers).Select(a => (Meeting: m, Adviser: a))).ToArray();
var phase = PhaseSample.Take(world, report);
using var stopBare = new CancellationTokenSource();
var bareUnderLoad = bare.MeasureAsync(report.BareUnderLoad, int.MaxValue, stopBare.Token);
try
{
    await Parallel.ForEachAsync(advisers, new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = deadline.Token },
        async (x, ct) =>
        {
            for (var round = inBurst.Contains((x.Meeting.Number, x.Adviser)) ? 1 : 0; round < options.Rounds && !ct.IsCancellationRequested; round++)
            {
                if (await x.Meeting.AnswerAsync(x.Adviser, round, report.Steady, ct) == AnswerOutcome.Refused) Interlocked.Increment(ref report.Refused);
            }
        });
}
catch (OperationCanceledException) when (deadline.IsCancellationRequested)
{
    report.TimeLimitHit = true;
}
await stopBare.CancelAsync();
await bareUnderLoad;
phase.End(world, report);

// 4. Paced phases: answers arrive at an offered rate whether or not earlier ones came back (open loop), as people
// click; each adviser answers again only after every other one did.
var paced = new PacedPhase(advisers, options.Rounds);
foreach (var rate in options.Rates)
{
    if (deadline.IsCancellationRequested) break;
    await Drain(report.Paced.Count == 0 ? "the steady phase" : $"paced {report.Paced[^1].OfferedPerSecond:0.#}/s");
    try
    {
        var bareDuring = new Latencies();
        using var stopBareDuring = new CancellationTokenSource();
        var proxiedDuring = new Latencies();
        var bareTask = bare.MeasureAsync(bareDuring, int.MaxValue, stopBareDuring.Token, TimeSpan.FromMilliseconds(20));
        var proxiedTask = bareProxied.MeasureAsync(proxiedDuring, int.MaxValue, stopBareDuring.Token, TimeSpan.FromMilliseconds(20));
        var result = await paced.RunAsync(world, rate, options.PacedLength, deadline.Token);
        result = result with { BareRoundTrip = bareDuring, BareThroughProxy = proxiedDuring };
        await stopBareDuring.CancelAsync();
        await Task.WhenAll(bareTask, proxiedTask);
        report.Paced.Add(result);
        Console.WriteLine($"paced {rate:0.#}/s for {result.Seconds:0} s: {result.Clicks} clicks, p99 {Latencies.Ms(result.Latencies.P(99))}");
    }
    catch (OperationCanceledException) when (deadline.IsCancellationRequested)
    {
        report.TimeLimitHit = true;
    }
}
report.Refused += paced.Refused;

// 5. A quiet sample, one turn at a time: a new meeting started, first answers of advisers the bot has never seen,
// steady-state answers; storage requests before the answer and after it (the bot tags the latter).
var sampled = new Meeting(options.Sessions, options, http, world.Teams);
await new RequestSample(world.Proxy, options.Trace).RunAsync(sampled, Math.Min(options.FirstContacts, options.Advisers - 1), options.Sample, report);
if (sampled.SessionId is not null) running = [.. running, sampled];

// 6. Read storage back: every answer the bot confirmed is there exactly once.
await new Verification(world.Tables).CheckAsync(running, report);
report.ColdStarts = coldStarts;
report.Print(wall.Elapsed, LoadAverage());
return report.Lost == 0 && report.Duplicated == 0 && report.Refused == 0 && report.FailedStarts == 0 && !report.TimeLimitHit ? 0 : 1;

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
