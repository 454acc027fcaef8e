using System.Globalization;
using Bitacora.Bot.Commitments;
using Bitacora.Bot.Reminders;
using Bitacora.Bot.Storage;
using Bitacora.Bot.Hosting;
using Bitacora.Bot.Registry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bitacora.Cli.Commands.Reminders;

/// <summary>
/// `bitacora reminders run --at 2026-05-04T09:00:00-04:00 [--storage conn] [--table-prefix p] [--send]`: one sweep as
/// of that instant. By default it runs dry: it lists what the sweep would send and writes nothing (no outbox row, no
/// checkpoint), leaving the reminders for the bot's real sweep. With --send it runs the real sweep through the Bot
/// Framework connector, exactly as the bot would (same outbox, so nothing is sent twice even if the bot sweeps too):
/// credentials from the environment (MicrosoftAppId, MicrosoftAppPassword, MicrosoftAppTenantId; none = anonymous,
/// which the Agents Playground and local emulators accept), service URLs from the stored commitments and
/// conversation references.
/// </summary>
public sealed class RemindersRunCommand : ICliCommand
{
    public IReadOnlyList<string> Path { get; } = ["reminders", "run"];

    public string Summary => "Run one reminder sweep as of --at (dry: lists what would be sent)";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        DateTimeOffset? at = null;
        var send = false;
        var storage = Environment.GetEnvironmentVariable("Storage__ConnectionString") ?? "UseDevelopmentStorage=true";
        var prefix = Environment.GetEnvironmentVariable("Storage__TablePrefix") ?? "";
        for (var i = 0; i < args.Count; i++)
        {
            string Next() => i + 1 < args.Count ? args[++i] : throw new CliUsageException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--at":
                    var text = Next();
                    at = DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) && HasOffset(text)
                        ? parsed
                        : throw new CliUsageException($"--at '{text}' must be an ISO instant with offset, e.g. 2026-05-04T09:00:00-04:00.");
                    break;
                case "--storage": storage = Next(); break;
                case "--table-prefix": prefix = Next(); break;
                case "--send": send = true; break;
                default: throw new CliUsageException($"unknown option '{args[i]}'. Usage: reminders run --at <instant> [--storage <conn>] [--table-prefix <p>] [--send]");
            }
        }
        if (at is null)
        {
            throw new CliUsageException("--at is required, e.g. --at 2026-05-04T09:00:00-04:00.");
        }

        if (send)
        {
            return await SendAsync(at.Value, storage, prefix, console, cancellationToken);
        }

        var tables = new TableClientProvider(new Azure.Data.Tables.TableServiceClient(storage), prefix);
        var options = new ReminderOptions();
        var policy = ReminderPolicy.From(options);
        var store = new CommitmentStore(tables);
        var dueIndex = new ReminderDueIndex(tables);
        var outbox = new ReminderOutbox(tables);
        var service = new CommitmentService(store, new ReminderPlanner(policy, new ConfiguredWorkingHoursProvider(policy), dueIndex), TimeProvider.System);
        var sweep = new ReminderSweep(tables, store, service, dueIndex, outbox, new LoggingReminderChannel(NullLogger<LoggingReminderChannel>.Instance),
            new TeamsRateLimiter(options.RateLimits, TimeProvider.System), options, TimeProvider.System);

        var due = await sweep.PreviewAsync(at.Value, cancellationToken);
        await console.Out.WriteLineAsync($"Barrido de recordatorios al {at.Value.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture)}: {due.Count} recordatorio(s) pendiente(s).");
        foreach (var r in due)
        {
            var c = await store.GetAsync(r.Unit, r.CommitmentId, cancellationToken);
            await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  {r.DueUtc.ToDateTimeOffset():yyyy-MM-ddTHH:mm:ssZ}  {r.Kind.Token,-3}  {r.Unit}  {c?.Responsible.Name}  «{c?.What}»  ({r.IdempotencyKey})"));
        }
        await console.Out.WriteLineAsync("Dry run: the CLI has no Teams connector configured, so nothing was sent and nothing was recorded; the bot's sweep will deliver these.");
        return 0;
    }

    /// <summary>The bot's own registrations (host, registry, reminders with the connector channel), without a web server.</summary>
    private static async Task<int> SendAsync(DateTimeOffset at, string storage, string prefix, CliConsole console, CancellationToken ct)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:ConnectionString"] = storage,
                ["Storage:TablePrefix"] = prefix,
                ["Registry:SeedSamples"] = "false",
            })
            .AddEnvironmentVariables()
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(TimeProvider.System);
        services.AddTableStorage(configuration);
        services.AddBitacoraHost(configuration);
        services.AddRegistry(configuration);
        services.AddReminders(configuration, addHangfireServer: false);
        await using var provider = services.BuildServiceProvider();
        var channel = provider.GetRequiredService<IReminderChannel>();
        if (channel is not ConnectorReminderChannel)
        {
            throw new InvalidOperationException($"Expected the connector reminder channel, got {channel.GetType().Name}.");
        }
        var report = await provider.GetRequiredService<ReminderSweep>().RunAsync(at, ct);
        await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Barrido de recordatorios al {at:yyyy-MM-dd HH:mm:ss zzz} (envío real): {report.Sent} enviado(s), de ellos {report.SentToFallback} en la conversación de la sesión; {report.Requeued} reprogramado(s); {report.Failed} fallido(s); {report.SkippedStale} omitido(s); {report.Busy} en curso en otro proceso."));
        return report.Failed > 0 ? 2 : 0;
    }

    private static bool HasOffset(string text) => text.EndsWith('Z') || text.LastIndexOfAny(['+', '-']) > text.IndexOf('T', StringComparison.Ordinal);
}
