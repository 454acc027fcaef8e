using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Bitacora.Bot.Storage;
using Bitacora.Testing;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;

namespace Bitacora.E2E.Tests.ScaleOut;

/// <summary>
/// Three instances of the real Release bot (separate processes) behind one "load balancer" (the tests pick the
/// instance per request), sharing one Azurite, one PostgreSQL (Hangfire) and one fake Teams connector — the App
/// Service scale-out shape on loopback. The instances run Hangfire servers; nothing fires on its own (the sweep's
/// cron is yearly): tests enqueue the recurring jobs through the shared PostgreSQL storage, and whichever instance's
/// worker fetches a job runs it, as in production.
/// </summary>
public sealed class ScaleOutCluster : IAsyncLifetime
{
    public const int Instances = 3;

    /// <summary>Hangfire.PostgreSql lock lifetime in the cluster: a killed sweeper blocks sweeps this long.</summary>
    public static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(12);

    public static readonly TimeSpan SendLease = TimeSpan.FromSeconds(8);
    public static readonly TimeSpan SweepBudget = TimeSpan.FromSeconds(8);

    /// <summary>Teams' app-wide cap as the bot is configured (its default; RateLimitOptions.AppPerSecond).</summary>
    public const int AppPerSecond = 30;

    private readonly AzuriteFixture _azurite = new();
    private readonly PostgreSqlFixture _postgres = new();
    private readonly List<BotProcess> _bots = [];
    private HttpClient? _http;

    public FakeConnector Connector { get; private set; } = null!;
    public TableClientProvider Tables { get; private set; } = null!;
    public PostgreSqlStorage Hangfire { get; private set; } = null!;
    public IReadOnlyList<BotProcess> Bots => _bots;
    public IReadOnlyList<BotProcess> Live => _bots.Where(b => !b.HasExited).ToList();

    public async Task InitializeAsync()
    {
        await Task.WhenAll(_azurite.InitializeAsync(), _postgres.InitializeAsync());
        Connector = await FakeConnector.StartAsync();
        var prefix = _azurite.NewTablePrefix();
        Tables = new TableClientProvider(new TableServiceClient(_azurite.ConnectionString), prefix);
        _http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        var settings = new Dictionary<string, string>
        {
            ["Storage:ConnectionString"] = _azurite.ConnectionString,
            ["Storage:TablePrefix"] = prefix,
            ["ConnectionStrings:Hangfire"] = _postgres.ConnectionString,
            ["MicrosoftAppId"] = "",
            ["MicrosoftAppPassword"] = "",
            ["MicrosoftAppTenantId"] = "",
            ["BotFramework:AllowAnonymous"] = "true", // "Testing" is not Development
            ["Registry:SeedSamples"] = "true",
            ["Reminders:SweepCron"] = "0 0 1 1 *", // only the tests' triggers
            ["Reminders:SendLease"] = SendLease.ToString(),
            ["Reminders:SweepBudget"] = SweepBudget.ToString(),
            ["Reminders:Scheduler:DistributedLockTimeout"] = LockTimeout.ToString(),
            ["Reminders:Scheduler:SweepLockWait"] = "00:00:01",
            ["Reminders:RateLimits:AppPerSecond"] = AppPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Bitacora.Bot.Reminders"] = "Information",
            ["Logging:LogLevel:Bitacora.Bot.Summaries"] = "Information",
        };
        // The first instance creates the Hangfire schema and seeds the sample registry; the others join it.
        _bots.Add(await BotProcess.StartAsync("bot-a", With(settings, "bot-a"), TimeSpan.FromSeconds(90)));
        _bots.AddRange(await Task.WhenAll(Enumerable.Range(1, Instances - 1).Select(i =>
            BotProcess.StartAsync("bot-" + (char)('a' + i), With(settings, "bot-" + (char)('a' + i)), TimeSpan.FromSeconds(90)))));

        var options = new PostgreSqlStorageOptions { PrepareSchemaIfNecessary = false, EnableLongPolling = true };
        Hangfire = new PostgreSqlStorage(new NpgsqlConnectionFactory(_postgres.ConnectionString, options), options);
    }

    /// <summary>HOSTNAME names the instance in Hangfire's server ids ("bot-b:pid:guid").</summary>
    private static Dictionary<string, string> With(Dictionary<string, string> settings, string name) =>
        new(settings) { ["HOSTNAME"] = name };

    /// <summary>Posts an activity to one instance, as the load balancer would route it.</summary>
    public async Task<HttpResponseMessage> PostAsync(BotProcess bot, JsonObject activity) =>
        await _http!.PostAsJsonAsync(bot.MessagesUri, activity);

    /// <summary>Enqueues a run of a recurring job (any live instance's worker may take it).</summary>
    public void Trigger(string recurringJobId)
    {
        QuietHangfireLogs.Use();
        new RecurringJobManager(Hangfire).Trigger(recurringJobId);
    }

    /// <summary>The instance whose Hangfire worker is processing a job of <paramref name="jobType"/> right now, if any.</summary>
    public BotProcess? Running(string jobType)
    {
        QuietHangfireLogs.Use();
        var processing = Hangfire.GetMonitoringApi().ProcessingJobs(0, 50);
        foreach (var (_, job) in processing)
        {
            if (job.Job?.Type.Name != jobType || job.ServerId is null)
            {
                continue;
            }
            var owner = Live.FirstOrDefault(b => job.ServerId.StartsWith(b.Name + ":", StringComparison.Ordinal)
                                                 || job.ServerId.Contains(":" + b.ProcessId + ":", StringComparison.Ordinal));
            if (owner is not null)
            {
                return owner;
            }
        }
        return null;
    }

    public long Enqueued()
    {
        QuietHangfireLogs.Use();
        return Hangfire.GetMonitoringApi().EnqueuedCount("default");
    }

    public string Diagnostics() => string.Join("\n", _bots.Select(b => $"--- {b.Name} (pid {b.ProcessId}, exited {b.HasExited})\n{Tail(b.Output)}"));

    private static string Tail(string text) => text.Length > 6000 ? "…" + text[^6000..] : text;

    public async Task DisposeAsync()
    {
        _http?.Dispose();
        foreach (var bot in _bots)
        {
            await bot.DisposeAsync();
        }
        if (Connector is not null)
        {
            await Connector.DisposeAsync();
        }
        await _postgres.DisposeAsync();
        await _azurite.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ScaleOutCollection : ICollectionFixture<ScaleOutCluster>
{
    public const string Name = "Scale-out cluster";
}
