using System.CommandLine;
using System.Globalization;
using Bitacora.Bot.Commitments;
using Bitacora.Bot.Reminders;
using Bitacora.Cli.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Bitacora.Cli.Commands.Reminders;

/// <summary>
/// `bitacora reminders run --at 2026-05-04T09:00:00-04:00 [--send] [--storage conn] [--table-prefix p]`: one sweep as
/// of that instant, with the bot's own services and configured reminder policy (Reminders:* in appsettings/env). By
/// default it runs dry on read-only storage: it lists what the sweep would send and writes nothing (no outbox row, no
/// checkpoint, no table). With --send it runs the real sweep through the Bot Framework connector exactly as the bot
/// would (same outbox, so nothing is sent twice even if the bot sweeps too): credentials from configuration
/// (MicrosoftAppId, MicrosoftAppPassword, MicrosoftAppTenantId; none = anonymous, which the Agents Playground and
/// local emulators accept), service URLs from the stored commitments and conversation references.
/// </summary>
public sealed class RemindersRunCommand : ICliCommand
{
    public IReadOnlyList<string> Path { get; } = ["reminders", "run"];

    public Command Build(CliConsole console)
    {
        var texts = CliTexts.Default;
        var at = new Option<DateTimeOffset>("--at")
        {
            Description = texts["option.reminders.at"],
            HelpName = "instante",
            Required = true,
            CustomParser = result =>
            {
                var text = result.Tokens.Single().Value;
                if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) && HasOffset(text))
                {
                    return parsed;
                }
                result.AddError(texts.Format("error.reminders.at", text));
                return default;
            },
        };
        var send = new Option<bool>("--send") { Description = texts["option.reminders.send"] };
        var storage = new StorageOptionSet();
        var command = new Command("run", texts["verb.reminders.run"]) { at, send };
        storage.AddTo(command);
        command.SetAction((parse, ct) => parse.GetValue(send)
            ? SendAsync(parse.GetValue(at), storage.Read(parse), console, ct)
            : PreviewAsync(parse.GetValue(at), storage.Read(parse, readOnly: true), console, ct));
        return command;
    }

    private static async Task<int> PreviewAsync(DateTimeOffset at, StorageSelection storage, CliConsole console, CancellationToken ct)
    {
        var texts = CliTexts.Default;
        using var host = CliHost.Build(storage, compose: (services, _) => services.AddSingleton<IReminderChannel, DryRunReminderChannel>());
        var sweep = host.Services.GetRequiredService<ReminderSweep>();
        var store = host.Services.GetRequiredService<CommitmentStore>();
        var lines = await CliProgress.RunAsync(console, texts["progress.sweep"], async progress =>
        {
            var due = await sweep.PreviewAsync(at, ct);
            var result = new List<string>(due.Count);
            foreach (var (r, i) in due.Select((r, i) => (r, i)))
            {
                progress.Report(texts["progress.sweep"], i, due.Count);
                var c = await store.GetAsync(r.Unit, r.CommitmentId, ct);
                result.Add(string.Create(CultureInfo.InvariantCulture,
                    $"  {r.DueUtc.ToDateTimeOffset():yyyy-MM-ddTHH:mm:ssZ}  {r.Kind.Token,-3}  {r.Unit}  {c?.Responsible.Name}  «{c?.What}»  ({r.IdempotencyKey})"));
            }
            return result;
        });
        await console.Out.WriteLineAsync(texts.Format("reminders.preview", Instant(at), lines.Count));
        foreach (var line in lines)
        {
            await console.Out.WriteLineAsync(line);
        }
        await console.Out.WriteLineAsync(texts["reminders.previewNote"]);
        return ExitCodes.Ok;
    }

    private static async Task<int> SendAsync(DateTimeOffset at, StorageSelection storage, CliConsole console, CancellationToken ct)
    {
        var texts = CliTexts.Default;
        using var host = CliHost.Build(storage, compose: (services, configuration) => services.AddTeamsReminderChannel(configuration));
        if (host.Services.GetRequiredService<IReminderChannel>() is not ConnectorReminderChannel)
        {
            throw new InvalidOperationException("The connector reminder channel is not registered.");
        }
        var sweep = host.Services.GetRequiredService<ReminderSweep>();
        var report = await CliProgress.RunAsync(console, texts["progress.sweep"], _ => sweep.RunAsync(at, ct));
        await console.Out.WriteLineAsync(texts.Format("reminders.sent", Instant(at), report.Sent, report.SentToFallback,
            report.Requeued, report.Failed, report.SkippedStale, report.Busy));
        return report.Failed > 0 ? ExitCodes.Data : ExitCodes.Ok;
    }

    private static string Instant(DateTimeOffset at) => at.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);

    private static bool HasOffset(string text) => text.EndsWith('Z') || text.LastIndexOfAny(['+', '-']) > text.IndexOf('T', StringComparison.Ordinal);
}
