using System.CommandLine;
using Bitacora.Bot.Guides;
using Bitacora.Bot.Logbook;
using Bitacora.Bot.Logbook.Document;
using Bitacora.Bot.Sessions;
using Bitacora.Cli.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Bitacora.Cli.Commands.Export;

/// <summary>
/// `bitacora export bitacora --territory 16-1 --period 2026 --out bitacora.docx [--storage cs] [--table-prefix p]`:
/// the JUNJI period logbook as the Word document the bot delivers with «bitácora descargar» (same services).
/// </summary>
public sealed class ExportLogbookCommand : ICliCommand
{
    public IReadOnlyList<string> Path { get; } = ["export", "bitacora"];

    public Command Build(CliConsole console)
    {
        var options = new ExportOptionSet();
        var command = options.Add(new Command("bitacora", CliTexts.Default["verb.export.bitacora"]), ExportTakes.Territory | ExportTakes.Period);
        command.SetAction((parse, ct) => RunAsync(parse, options, console, ct));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, ExportOptionSet options, CliConsole console, CancellationToken ct)
    {
        var texts = CliTexts.Default;
        var territoryId = options.RequiredTerritory(parse);
        var period = parse.GetValue(options.Period);
        if (period is null || !SessionPeriods.IsValid(period))
        {
            throw new CliUsageException(texts["error.export.logbookPeriod"]);
        }
        var output = options.RequiredOut(parse, "bitacora.docx");

        using var host = CliHost.Build(options.Storage.Read(parse, readOnly: true));
        var services = host.Services;
        var guide = services.GetRequiredService<GuideCatalog>().Guides.FirstOrDefault(g => g.IsLogbook)
                    ?? throw new CliDataException(texts["error.export.noLogbookGuide"]);
        var service = services.GetRequiredService<LogbookService>();
        var (view, bytes) = await CliProgress.RunAsync(console, texts.Format("progress.export", "bitacora"), async _ =>
        {
            var logbook = await service.GetAsync(new LogbookKey(guide.Id, territoryId, period), ct)
                          ?? throw new CliDataException(texts.Format("error.export.noLogbook", territoryId, period));
            var view = await service.ViewAsync(logbook, guide, ct);
            return (view, services.GetRequiredService<LogbookDocument>().Build(view, services.GetRequiredService<TimeProvider>().GetUtcNow()));
        });
        await File.WriteAllBytesAsync(output, bytes, ct);
        await console.Out.WriteLineAsync(texts.Format("export.logbookWritten", output, view.Records.Count, bytes.Length / 1024));
        return ExitCodes.Ok;
    }
}
