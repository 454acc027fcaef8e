using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Runtime;
using System.Text.Json;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Bitacora.Bot.Commitments;
using Bitacora.Bot.Conversations;
using Bitacora.Bot.Observability;
using Bitacora.Bot.Reminders;
using Bitacora.Bot.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;

namespace Bitacora.Benchmarks.Reminders;

/// <summary>
/// <c>dotnet run -c Release --project bench/Bitacora.Benchmarks -- sweep [--stored 100000] [--due 1000] [--runs 3] [--concurrency 16] [--batch 8] [--azurite-profile]</c>:
/// commitments stored (seeded with entity-group transactions), each with its next reminder in the due index spread
/// over 30 days; <c>--due</c> of them due in the swept hour. Each run sweeps a fresh copy of the due rows (fresh
/// outbox and checkpoint) through the production sweep (<see cref="ReminderSweep"/>, default SweepConcurrency and ClaimBatch) and a
/// channel that answers Delivered at once; the rate limiter is configured out of the way, so the time is the sweep's
/// own work (the limiter's waits excluded). Every HTTP request to storage is counted. Storage: BITACORA_BENCH_STORAGE
/// (a connection string) or an Azurite started from the repository's node_modules. No BenchmarkDotNet: one command.
/// Each run also prints its requests on the wire (per table: count, first start – last end); <c>--azurite-profile</c>
/// splits Azurite's CPU of each run by table operation (<see cref="AzuriteCpuProfile"/>).
/// </summary>
public static class SweepAtScale
{
    private static readonly Instant SweepAt = Instant.FromUtc(2026, 5, 4, 13, 30);

    public static async Task<int> RunAsync(string[] args)
    {
        var stored = Arg(args, "--stored", 100_000);
        var due = Arg(args, "--due", 1_000);
        var runs = Arg(args, "--runs", 3);
        var concurrency = Arg(args, "--concurrency", new ReminderOptions().SweepConcurrency);
        var batch = Arg(args, "--batch", new ReminderOptions().ClaimBatch);
        Process? azurite = null;
        var conn = Environment.GetEnvironmentVariable("BITACORA_BENCH_STORAGE");
        var profile = args.Contains("--azurite-profile") && string.IsNullOrWhiteSpace(conn) && !OperatingSystem.IsWindows() // stopped by SIGINT
            ? Directory.CreateTempSubdirectory("bench-azurite-profile-").FullName
            : null;
        var windows = new List<(long From, long To)>();
        if (string.IsNullOrWhiteSpace(conn))
        {
            (azurite, conn) = await AzuriteProcess.StartAsync(profile);
        }
        try
        {
            var counter = new CountingHandler();
            var service = new TableServiceClient(conn, new TableClientOptions { Transport = new HttpClientTransport(new HttpClient(counter)) });
            var prefix = "bench" + Guid.NewGuid().ToString("N")[..8];
            var seed = new TableClientProvider(service, prefix);
            await SeedAsync(seed, stored, due);
            var metrics = new BitacoraMetrics(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());
            Console.WriteLine($"// {due} due of {stored} stored; SweepConcurrency {concurrency}, ClaimBatch {batch}; {Environment.ProcessorCount} cores");
            for (var run = 1; run <= runs; run++)
            {
                // Commitments and the due index live under the seed prefix; the outbox and checkpoint under a fresh one.
                var fresh = new TableClientProvider(service, prefix + "r" + run.ToString(CultureInfo.InvariantCulture));
                var dueIndex = new ReminderDueIndex(seed);
                await dueIndex.UpsertAsync(DueRows(due).ToList(), CancellationToken.None);
                var channel = new CountingChannel();
                var sweep = NewSweep(seed, fresh, dueIndex, channel, metrics, concurrency, batch);
                await fresh.GetAsync("ReminderOutboxByHour"); // tables exist, as in production after the first sweep
                await fresh.GetAsync("ReminderSweep");
                counter.Reset();
                var (benchCpu, storageCpu) = (Cpu(Process.GetCurrentProcess()), Cpu(azurite));
                var (gen2, gcPause, allocated) = (GC.CollectionCount(2), GC.GetTotalPauseDuration(), GC.GetTotalAllocatedBytes());
                var (jitTime, jitted) = (JitInfo.GetCompilationTime(), JitInfo.GetCompiledMethodCount());
                var sw = Stopwatch.StartNew();
                var from = Stopwatch.GetTimestamp();
                var report = await sweep.RunAsync(SweepAt.ToDateTimeOffset(), CancellationToken.None);
                windows.Add((from, Stopwatch.GetTimestamp()));
                sw.Stop();
                (benchCpu, storageCpu) = (Cpu(Process.GetCurrentProcess()) - benchCpu, Cpu(azurite) - storageCpu);
                var twice = channel.Sent.Values.Count(n => n > 1);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"run {run}: {sw.Elapsed.TotalSeconds:F2} s wall, CPU {benchCpu.TotalSeconds + storageCpu.TotalSeconds:F2} s " +
                    $"(sweep {benchCpu.TotalSeconds:F2} s + Azurite {(azurite is null ? "n/a" : storageCpu.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture))} s), sent {report.Sent} (distinct {channel.Sent.Count}, twice {twice}), " +
                    $"entities read {report.EntitiesRead}, storage requests {counter.Total} ({(double)counter.Total / Math.Max(1, report.Sent):F2} per reminder: {counter})"));
                Console.WriteLine("  on the wire: " + counter.Phases());
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  sweep process: {(GC.GetTotalAllocatedBytes() - allocated) / 1048576.0:F0} MiB allocated, {GC.CollectionCount(2) - gen2} gen2 GCs, GC pauses {(GC.GetTotalPauseDuration() - gcPause).TotalMilliseconds:F0} ms, JIT {(JitInfo.GetCompilationTime() - jitTime).TotalMilliseconds:F0} ms ({JitInfo.GetCompiledMethodCount() - jitted} methods)"));
            }
            if (profile is not null && azurite is not null && await AzuriteCpuProfile.StopAsync(azurite, profile) is { } file)
            {
                using var json = JsonDocument.Parse(File.ReadAllBytes(file));
                Console.WriteLine($"// Azurite's busy time by operation (node --cpu-prof, {file}):");
                for (var run = 0; run < windows.Count; run++)
                {
                    Console.WriteLine($"run {run + 1}: {AzuriteCpuProfile.Format(AzuriteCpuProfile.Split(json, windows[run].From, windows[run].To))}");
                }
            }
            return 0;
        }
        finally
        {
            if (azurite is { HasExited: false })
            {
                azurite.Kill(entireProcessTree: true);
            }
            azurite?.Dispose();
        }
    }

    private static ReminderSweep NewSweep(TableClientProvider seed, TableClientProvider fresh, ReminderDueIndex dueIndex, IReminderChannel channel,
        BitacoraMetrics metrics, int concurrency, int batch)
    {
        var options = new ReminderOptions
        {
            SweepConcurrency = concurrency,
            ClaimBatch = batch,
            InitialLookback = TimeSpan.FromHours(1),
            RateLimits = new RateLimitOptions { AppPerSecond = 1_000_000, PerConversationPerSecond = 1_000_000, PerConversationPer30Seconds = 1_000_000 },
        };
        var policy = ReminderPolicy.From(options);
        var store = new CommitmentStore(seed);
        var service = new CommitmentService(store, new ReminderPlanner(policy, new ConfiguredWorkingHoursProvider(policy), dueIndex), TimeProvider.System);
        var outbox = new ReminderOutbox(fresh);
        var legacy = new LegacyOutboxRows(fresh, outbox, NullLogger<LegacyOutboxRows>.Instance);
        var transitions = new OutboxTransitions(outbox, options, TimeProvider.System, NullLogger<OutboxTransitions>.Instance);
        var delivery = new ReminderDelivery(channel, new TeamsRateLimiter(options.RateLimits, TimeProvider.System), transitions, options,
            TimeProvider.System, NullLogger<ReminderDelivery>.Instance);
        return new ReminderSweep(new DueBucketScan(fresh, dueIndex, options), store, service, dueIndex, outbox, legacy, transitions, delivery, options,
            TimeProvider.System, NullLogger<ReminderSweep>.Instance, metrics);
    }

    /// <summary>
    /// CPU time a process has used so far: on a shared machine the wall time of a sweep mostly measures the other
    /// processes; the CPU the sweep and its storage spend is its work.
    /// </summary>
    private static TimeSpan Cpu(Process? process)
    {
        if (process is null)
        {
            return TimeSpan.Zero;
        }
        process.Refresh();
        return process.TotalProcessorTime;
    }

    private static int Arg(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static Instant DueOf(int i, int due) => i < due
        ? SweepAt - Duration.FromMinutes(20) + Duration.FromSeconds(i % 600)
        : SweepAt + Duration.FromHours(1 + i % (30 * 24)); // spread over the next 30 days

    private static Commitment CommitmentOf(int i, int due) => new()
    {
        Id = "c" + i.ToString("D6", CultureInfo.InvariantCulture),
        Unit = "unit" + (i % 100).ToString("D3", CultureInfo.InvariantCulture),
        What = "Compromiso " + i.ToString(CultureInfo.InvariantCulture),
        Responsible = new PersonRef("p" + (i % 5000).ToString(CultureInfo.InvariantCulture), "Persona", "29:p" + i % 5000, "p" + i % 5000),
        AccountabilityDate = new LocalDate(2026, 5, 4),
        MeansOfVerification = "Acta",
        Origin = new CommitmentOrigin("s" + i % 3000, "19:s" + i % 3000),
        CreatedAt = Instant.FromUtc(2026, 4, 1, 12, 0),
        CreatedBy = new PersonRef("d", "Directora"),
        Reminders = [new ScheduledReminder(new ReminderKind(0), DueOf(i, due))],
    };

    private static IEnumerable<DueReminder> DueRows(int due) => Enumerable.Range(0, due).Select(i =>
    {
        var c = CommitmentOf(i, due);
        return new DueReminder(c.Unit, c.Id, new ReminderKind(0), DueOf(i, due), DueOf(i, due));
    });

    private static async Task SeedAsync(TableClientProvider tables, int stored, int due)
    {
        var table = await tables.GetAsync(CommitmentStore.TableName);
        var all = Enumerable.Range(0, stored).Select(i => CommitmentOf(i, due)).ToList();
        var sw = Stopwatch.StartNew();
        foreach (var unit in all.GroupBy(c => c.Unit))
        {
            foreach (var chunk in unit.Chunk(100))
            {
                await table.SubmitTransactionAsync(chunk.Select(c => new TableTransactionAction(TableTransactionActionType.UpsertReplace,
                    CommitmentEntityMapper.ToEntity(c, CommitmentStore.UnitKey(c.Unit), CommitmentStore.CommitmentRow(c.Id)))));
            }
        }
        await new ReminderDueIndex(tables).UpsertAsync(all.Skip(due).Select(c =>
            new DueReminder(c.Unit, c.Id, new ReminderKind(0), c.Reminders[0].DueUtc, c.Reminders[0].DueUtc)).ToList(), CancellationToken.None);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"// seeded {stored} commitments + {stored - due} future index rows in {sw.Elapsed.TotalSeconds:F1}s"));
    }

    private sealed class CountingChannel : IReminderChannel
    {
        public ConcurrentDictionary<string, int> Sent { get; } = new();

        public Task<DeliveryResult> SendAsync(ReminderMessage message, CancellationToken cancellationToken) =>
            Task.FromResult<DeliveryResult>(new DeliveryResult.Delivered("a" + Sent.AddOrUpdate(message.IdempotencyKey, 1, (_, n) => n + 1)));
    }

    /// <summary>
    /// Every HTTP request to storage, by logical table ("$batch" for entity-group transactions), with when it started
    /// and ended relative to <see cref="Reset"/>: the phases of a sweep as seen on the wire.
    /// </summary>
    private sealed class CountingHandler() : DelegatingHandler(new HttpClientHandler())
    {
        private static readonly string[] Tables = ["ReminderOutboxByHour", "ReminderOutbox", "ReminderDue", "ReminderSweep", "CommitmentIndex", "Commitments", "$batch"];
        private readonly ConcurrentQueue<(string Table, TimeSpan Start, TimeSpan End)> _requests = new();
        private Stopwatch _clock = Stopwatch.StartNew();

        public int Total => _requests.Count;

        public void Reset()
        {
            _requests.Clear();
            _clock = Stopwatch.StartNew();
        }

        public override string ToString() => string.Join(", ", _requests
            .GroupBy(r => r.Table).Select(g => $"{g.Key} {g.Count()}"));

        /// <summary>Per table: requests, the first start and last end (s after the reset), and the summed request time.</summary>
        public string Phases() => string.Join("; ", _requests.GroupBy(r => r.Table).OrderBy(g => g.Min(r => r.Start)).Select(g =>
            string.Create(CultureInfo.InvariantCulture,
                $"{g.Key} ×{g.Count()} {g.Min(r => r.Start).TotalSeconds:F2}–{g.Max(r => r.End).TotalSeconds:F2} s (Σ {g.Sum(r => (r.End - r.Start).TotalSeconds):F2} s)")));

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = Uri.UnescapeDataString(request.RequestUri!.AbsolutePath);
            var clock = _clock;
            var start = clock.Elapsed;
            var response = await base.SendAsync(request, cancellationToken);
            _requests.Enqueue((Tables.FirstOrDefault(path.Contains) ?? "other", start, clock.Elapsed));
            return response;
        }
    }
}

/// <summary>Azurite (table service, in memory) from the repository's node_modules on a free loopback port.</summary>
internal static class AzuriteProcess
{
    /// <param name="profileDirectory">When given, node runs Azurite under its CPU profiler, writing there on exit.</param>
    public static async Task<(Process, string)> StartAsync(string? profileDirectory = null)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "node_modules", ".bin", "azurite-table")))
        {
            dir = dir.Parent;
        }
        var exe = dir is null ? throw new InvalidOperationException("azurite-table not found; set BITACORA_BENCH_STORAGE.")
            : Path.Combine(dir.FullName, "node_modules", ".bin", "azurite-table");
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var workspace = Directory.CreateTempSubdirectory("bench-azurite-").FullName;
        var arguments = $"--tableHost 127.0.0.1 --tablePort {port} --inMemoryPersistence --silent --skipApiVersionCheck --loose --disableTelemetry";
        var start = profileDirectory is null
            ? new ProcessStartInfo(exe, arguments)
            : new ProcessStartInfo("node",
                $"--cpu-prof --cpu-prof-dir \"{profileDirectory}\" \"{File.ResolveLinkTarget(exe, returnFinalTarget: true)?.FullName ?? exe}\" {arguments}");
        start.WorkingDirectory = workspace;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var process = Process.Start(start)!;
        for (var i = 0; i < 300; i++)
        {
            try
            {
                using var client = new System.Net.Sockets.TcpClient();
                await client.ConnectAsync(System.Net.IPAddress.Loopback, port);
                break;
            }
            catch (System.Net.Sockets.SocketException)
            {
                await Task.Delay(100);
            }
        }
        return (process, "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
                         "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
                         $"TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;");
    }
}
