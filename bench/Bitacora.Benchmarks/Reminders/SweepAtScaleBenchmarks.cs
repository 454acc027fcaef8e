using Bitacora.Bot.Conversations;
using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Bitacora.Bot.Commitments;
using Bitacora.Bot.Reminders;
using Bitacora.Bot.Storage;
using NodaTime;

namespace Bitacora.Benchmarks.Reminders;

/// <summary>
/// 100 000 commitments stored (seeded with entity-group transactions), each with its next reminder in the due index
/// spread over 30 days; 1 000 of them due in the swept hour. Measures one sweep: time and entities read.
/// Storage: BITACORA_BENCH_STORAGE (a connection string) or an Azurite started from the repository's node_modules.
/// Filter: <c>--filter *SweepAtScale*</c>.
/// </summary>
[SimpleJob(RunStrategy.ColdStart, launchCount: 1, warmupCount: 0, iterationCount: 3)]
public class SweepAtScaleBenchmarks
{
    public const int Commitments = 100_000;
    public const int Due = 1_000;
    private static readonly Instant SweepAt = Instant.FromUtc(2026, 5, 4, 13, 30);

    private Process? _azurite;
    private TableServiceClient _service = null!;
    private TableClientProvider _tables = null!;
    private string _prefix = "";
    private int _iteration;
    private ReminderSweep _sweep = null!;

    public SweepReport? LastReport { get; private set; }

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    public async Task SetupAsync()
    {
        var conn = Environment.GetEnvironmentVariable("BITACORA_BENCH_STORAGE");
        if (string.IsNullOrWhiteSpace(conn))
        {
            (_azurite, conn) = await AzuriteProcess.StartAsync();
        }
        _service = new TableServiceClient(conn);
        _prefix = "bench" + Guid.NewGuid().ToString("N")[..8];
        _tables = new TableClientProvider(_service, _prefix);
        await SeedAsync();
    }

    /// <summary>Each iteration sweeps a fresh copy of the 1 000 due rows (outbox and checkpoint tables are reset).</summary>
    [IterationSetup]
    public void ResetDue() => ResetDueAsync().GetAwaiter().GetResult();

    public async Task ResetDueAsync()
    {
        _iteration++;
        var run = new TableClientProvider(_service, _prefix + "i" + _iteration.ToString(CultureInfo.InvariantCulture));
        _tables = new TableClientProvider(_service, _prefix);
        // Commitments and the due index live under the seed prefix; the outbox and checkpoint under a fresh one.
        var options = new ReminderOptions { InitialLookback = TimeSpan.FromHours(1), RateLimits = new RateLimitOptions { AppPerSecond = 1_000_000, PerConversationPerSecond = 1_000_000, PerConversationPer30Seconds = 1_000_000 } };
        var policy = ReminderPolicy.From(options);
        var store = new CommitmentStore(_tables);
        var dueIndex = new ReminderDueIndex(_tables);
        await dueIndex.UpsertAsync(DueRows().ToList(), CancellationToken.None);
        var service = new CommitmentService(store, new ReminderPlanner(policy, new ConfiguredWorkingHoursProvider(policy), dueIndex), TimeProvider.System);
        _sweep = new ReminderSweep(run, store, service, dueIndex, new ReminderOutbox(run), new CountingChannel(),
            new TeamsRateLimiter(options.RateLimits, TimeProvider.System), options, TimeProvider.System);
    }

    [Benchmark]
    public SweepReport SweepOnce()
    {
        LastReport = _sweep.RunAsync(SweepAt.ToDateTimeOffset(), CancellationToken.None).GetAwaiter().GetResult();
        Console.WriteLine($"// sweep: buckets={LastReport.BucketsRead} entities-read={LastReport.EntitiesRead} sent={LastReport.Sent} skipped={LastReport.SkippedStale}");
        return LastReport;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        if (_azurite is { HasExited: false })
        {
            _azurite.Kill(entireProcessTree: true);
        }
        _azurite?.Dispose();
    }

    private static Instant DueOf(int i) => i < Due
        ? SweepAt - Duration.FromMinutes(20) + Duration.FromSeconds(i % 600)
        : SweepAt + Duration.FromHours(1 + i % (30 * 24)); // spread over the next 30 days

    private static Commitment CommitmentOf(int i) => new()
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
        Reminders = [new ScheduledReminder(new ReminderKind(0), DueOf(i))],
    };

    private IEnumerable<DueReminder> DueRows() => Enumerable.Range(0, Due).Select(i =>
    {
        var c = CommitmentOf(i);
        return new DueReminder(c.Unit, c.Id, new ReminderKind(0), DueOf(i), DueOf(i));
    });

    private async Task SeedAsync()
    {
        var table = await _tables.GetAsync(CommitmentStore.TableName);
        var all = Enumerable.Range(0, Commitments).Select(CommitmentOf).ToList();
        var sw = Stopwatch.StartNew();
        foreach (var unit in all.GroupBy(c => c.Unit))
        {
            foreach (var chunk in unit.Chunk(100))
            {
                await table.SubmitTransactionAsync(chunk.Select(c => new TableTransactionAction(TableTransactionActionType.UpsertReplace,
                    CommitmentEntityMapper.ToEntity(c, CommitmentStore.UnitKey(c.Unit), CommitmentStore.CommitmentRow(c.Id)))));
            }
        }
        await new ReminderDueIndex(_tables).UpsertAsync(all.Skip(Due).Select(c =>
            new DueReminder(c.Unit, c.Id, new ReminderKind(0), c.Reminders[0].DueUtc, c.Reminders[0].DueUtc)).ToList(), CancellationToken.None);
        Console.WriteLine($"// seeded {Commitments} commitments + {Commitments - Due} future index rows in {sw.Elapsed.TotalSeconds:F1}s");
    }

    private sealed class CountingChannel : IReminderChannel
    {
        private int _n;
        public Task<DeliveryResult> SendAsync(ReminderMessage message, CancellationToken cancellationToken) =>
            Task.FromResult<DeliveryResult>(new DeliveryResult.Delivered("a" + Interlocked.Increment(ref _n)));
    }
}

/// <summary>Azurite (table service, in memory) from the repository's node_modules on a free loopback port.</summary>
internal static class AzuriteProcess
{
    public static async Task<(Process, string)> StartAsync()
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
        var process = Process.Start(new ProcessStartInfo(exe,
            $"--tableHost 127.0.0.1 --tablePort {port} --inMemoryPersistence --silent --skipApiVersionCheck --loose --disableTelemetry")
        { WorkingDirectory = workspace, RedirectStandardOutput = true, RedirectStandardError = true })!;
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
