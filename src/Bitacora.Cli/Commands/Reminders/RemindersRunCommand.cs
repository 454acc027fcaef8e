using System.Globalization;
using Bitacora.Bot.Commitments;
using Bitacora.Bot.Reminders;
using Bitacora.Bot.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bitacora.Cli.Commands.Reminders;

/// <summary>
/// `bitacora reminders run --at 2026-05-04T09:00:00-04:00 [--storage conn] [--table-prefix p]`: one sweep as of that
/// instant. The CLI has no Teams connector, so it runs dry: it lists what the sweep would send and writes nothing
/// (no outbox row, no checkpoint), leaving the reminders for the bot's real sweep.
/// </summary>
public sealed class RemindersRunCommand : ICliCommand
{
    public IReadOnlyList<string> Path { get; } = ["reminders", "run"];

    public string Summary => "Run one reminder sweep as of --at (dry: lists what would be sent)";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        DateTimeOffset? at = null;
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
                default: throw new CliUsageException($"unknown option '{args[i]}'. Usage: reminders run --at <instant> [--storage <conn>] [--table-prefix <p>]");
            }
        }
        if (at is null)
        {
            throw new CliUsageException("--at is required, e.g. --at 2026-05-04T09:00:00-04:00.");
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

    private static bool HasOffset(string text) => text.EndsWith('Z') || text.LastIndexOfAny(['+', '-']) > text.IndexOf('T', StringComparison.Ordinal);
}
