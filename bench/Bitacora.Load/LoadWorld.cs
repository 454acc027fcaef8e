using System.Globalization;
using Azure.Data.Tables;
using Bitacora.Bot.Registry.Model;
using Bitacora.Bot.Registry.Storage;
using Bitacora.Bot.Storage;
using Bitacora.Testing;

namespace Bitacora.Load;

/// <summary>Azurite (in memory, the repository's npm package), the counting proxy, the fake Teams connector and the
/// Release bot in its own process, all on loopback free ports; the advisers in the registry.</summary>
internal sealed class LoadWorld : IAsyncDisposable
{
    public const string Account = AzuriteFixture.AccountName;
    public const string TablePrefix = "load";

    private ChildProcess? _azurite;
    private Dictionary<string, string> _settings = [];
    private string? _workspace;

    public CountingProxy Proxy { get; private set; } = null!;
    public FakeTeams Teams { get; private set; } = null!;
    public BotProcess Bot { get; private set; } = null!;
    public int AzuritePid => _azurite!.Id;

    /// <summary>Azurite's full garbage collections as they happen.</summary>
    public AzuriteGc AzuriteGc { get; } = new();

    /// <summary>Straight to Azurite (not through the proxy): the bare round trip and reading back.</summary>
    public TableClientProvider Tables { get; private set; } = null!;

    /// <summary>Through the counting proxy, as the bot reaches Azurite: the bare round trip with the proxy's hop.</summary>
    public TableClientProvider ThroughProxy { get; private set; } = null!;

    /// <summary>Process start to the first 200 of /health (storage reachable), in ms.</summary>
    public double BotStartMs { get; private set; }

    /// <summary>The bot's resident set once healthy, before any turn (idle).</summary>
    public double BotIdleRssMiB { get; private set; }

    public static async Task<LoadWorld> StartAsync()
    {
        var world = new LoadWorld();
        await world.InitializeAsync();
        return world;
    }

    private async Task InitializeAsync()
    {
        var tablePort = FreePort.Next();
        var blobPort = FreePort.Next();
        var queuePort = FreePort.Next();
        _workspace = Directory.CreateTempSubdirectory("bitacora-load-").FullName;
        string Text(int p) => p.ToString(CultureInfo.InvariantCulture);
        // node itself, to pass it --trace-gc (not allowed in NODE_OPTIONS): Azurite's full collections are reported.
        var azurite = new FileInfo(RepoPaths.NodeBin("azurite"));
        _azurite = ChildProcess.Start("node",
        [
            "--trace-gc", azurite.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? azurite.FullName,
            "--tableHost", "127.0.0.1", "--tablePort", Text(tablePort), "--blobHost", "127.0.0.1", "--blobPort", Text(blobPort),
            "--queueHost", "127.0.0.1", "--queuePort", Text(queuePort),
            "--inMemoryPersistence", "--silent", "--skipApiVersionCheck", "--loose", "--disableTelemetry",
        ], _workspace, onLine: AzuriteGc.OnLine);
        await FreePort.WaitUntilListeningAsync(tablePort, TimeSpan.FromSeconds(30), _azurite);
        await FreePort.WaitUntilListeningAsync(blobPort, TimeSpan.FromSeconds(30), _azurite);

        string Connection(string tables) =>
            $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={AzuriteFixture.AccountKey};" +
            $"TableEndpoint={tables}/{Account};BlobEndpoint=http://127.0.0.1:{Text(blobPort)}/{Account};";
        var direct = Connection($"http://127.0.0.1:{Text(tablePort)}");
        Tables = new TableClientProvider(new TableServiceClient(direct), TablePrefix);
        Proxy = await CountingProxy.StartAsync(new Uri($"http://127.0.0.1:{Text(tablePort)}/"));
        ThroughProxy = new TableClientProvider(new TableServiceClient(Connection(Proxy.BaseUrl)), TablePrefix);
        Teams = await FakeTeams.StartAsync();

        _settings = new Dictionary<string, string>
        {
            ["Storage:ConnectionString"] = Connection(Proxy.BaseUrl),
            ["Storage:TablePrefix"] = TablePrefix,
            ["MicrosoftAppId"] = "",
            ["MicrosoftAppPassword"] = "",
            ["MicrosoftAppTenantId"] = "",
            ["BotFramework:AllowAnonymous"] = "true",
            ["Registry:SeedSamples"] = "true",
            ["Reminders:RunScheduler"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        Bot = await BotProcess.StartAsync("load", _settings, TimeSpan.FromSeconds(120));
        BotStartMs = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        BotIdleRssMiB = ProcessCpu.RssMiB(Bot.ProcessId);
    }

    /// <summary>Every adviser of every meeting, an «asesor ETT» of territory 16-1 (the sample unit's), linked to the
    /// Teams and AAD ids the meetings send.</summary>
    public async Task RegisterAdvisersAsync(int meetings, int advisers, CancellationToken ct)
    {
        var people = new PersonStore(Tables);
        var roles = PersonRoles.None with { AsesorEtt = true };
        await Parallel.ForEachAsync(Enumerable.Range(0, meetings * advisers), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct },
            async (i, token) =>
            {
                var user = Meeting.UserId(i / advisers, i % advisers);
                var local = new string(user.Where(char.IsLetterOrDigit).ToArray()).ToLowerInvariant();
                await people.SaveIfChangedAsync(new Person($"{local}@load.example", "Asesora " + local, null, "aad-" + user, user, null, ["16-1"], roles), token);
            });
    }

    /// <summary>Cold starts on the same, already created and seeded tables (see <see cref="StartMeasure"/>): the bot as
    /// built, the bot from <paramref name="published"/> when given, and the minimal Kestrel reference. The bot's
    /// runtimeconfig decides its GC (no DOTNET_gcServer override here, unlike the test instances). With
    /// <paramref name="scheduler"/> the Hangfire server runs in the bot, as deployed (its workers, recurring jobs).</summary>
    public Task<IReadOnlyDictionary<string, List<StartFigures>>> ColdStartsAsync(int times, string? published, bool scheduler, TimeSpan idle)
    {
        var environment = _settings.ToDictionary(kv => kv.Key.Replace(":", "__", StringComparison.Ordinal), kv => kv.Value);
        environment["Reminders__RunScheduler"] = scheduler ? "true" : "false";
        environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        environment["Registry__SeedSamples"] = "false"; // as deployed (appsettings.json): the tables are already seeded
        // The content checks' closing line (StartupChecksRunner logs it at Information): idle is sampled after it.
        environment["Logging__LogLevel__Bitacora.Bot.Hosting.StartupChecksRunner"] = "Information";
        const string checksDone = "Content checked in";
        var variants = new List<StartVariant> { new("bot (bin/Release)", BotProcess.EntryAssembly(), environment, DoneLine: checksDone) };
        if (published is not null) variants.Add(new($"bot ({published})", Path.Combine(published, "Bitacora.Bot.dll"), environment, DoneLine: checksDone));
        variants.Add(StartMeasure.Reference());
        return StartMeasure.RunAsync(variants, times, idle);
    }

    public async ValueTask DisposeAsync()
    {
        if (Bot is not null) await Bot.DisposeAsync();
        if (Teams is not null) await Teams.DisposeAsync();
        if (Proxy is not null) await Proxy.DisposeAsync();
        if (_azurite is not null) await _azurite.DisposeAsync();
        if (_workspace is not null)
        {
            try { Directory.Delete(_workspace, recursive: true); } catch (IOException) { }
        }
    }
}
