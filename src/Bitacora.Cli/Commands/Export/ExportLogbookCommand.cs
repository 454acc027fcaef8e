using Azure.Data.Tables;
using Bitacora.Bot.Commitments;
using Bitacora.Bot.Commitments.Chat;
using Bitacora.Bot.Guides;
using Bitacora.Bot.Logbook;
using Bitacora.Bot.Logbook.Document;
using Bitacora.Bot.Registry;
using Bitacora.Bot.Registry.Model;
using Bitacora.Bot.Registry.Storage;
using Bitacora.Bot.Sessions;
using Bitacora.Bot.Storage;
using Microsoft.Extensions.Options;

namespace Bitacora.Cli.Commands.Export;

/// <summary>
/// `bitacora export bitacora --territory 16-1 --period 2026 --out bitacora.docx [--storage cs] [--table-prefix p]`:
/// the JUNJI period logbook as the Word document the bot delivers with «bitácora descargar» (same generator).
/// </summary>
public sealed class ExportLogbookCommand : ICliCommand
{
    public IReadOnlyList<string> Path { get; } = ["export", "bitacora"];

    public string Summary => "Exporta la bitácora del periodo de un territorio a Word (--territory, --period, --out, --storage, --table-prefix).";

    public string ContentFolder { get; init; } = System.IO.Path.Combine(AppContext.BaseDirectory, "Content");

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        string? territory = null, period = null, output = null;
        var storage = Environment.GetEnvironmentVariable("Storage__ConnectionString");
        var prefix = Environment.GetEnvironmentVariable("Storage__TablePrefix");
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new CliUsageException($"Falta el valor de {args[i]}.");
            switch (args[i])
            {
                case "--territory": territory = Value(); break;
                case "--period": period = Value(); break;
                case "--out": output = Value(); break;
                case "--storage": storage = Value(); break;
                case "--table-prefix": prefix = Value(); break;
                default: throw new CliUsageException($"Opción desconocida: {args[i]}. Uso: bitacora export bitacora --territory 16-1 --period 2026 --out bitacora.docx");
            }
        }
        if (TerritoryId.Normalize(territory) is not { } territoryId) throw new CliUsageException("Indica el territorio: --territory 16-1.");
        if (period is null || !SessionPeriods.IsValid(period)) throw new CliUsageException("Indica el periodo: --period 2026.");
        if (string.IsNullOrWhiteSpace(output)) throw new CliUsageException("Indica el archivo: --out bitacora.docx.");

        var guides = GuideCatalog.Load(System.IO.Path.Combine(ContentFolder, "Guides"));
        var guide = guides.Guides.FirstOrDefault(g => g.IsLogbook) ?? throw new CliUsageException("Ninguna guía lleva bitácora del periodo.");
        var tables = new TableClientProvider(new TableServiceClient(string.IsNullOrWhiteSpace(storage) ? "UseDevelopmentStorage=true" : storage), prefix ?? "");
        var sessionOptions = Options.Create(new SessionOptions());
        var service = new LogbookService(new LogbookStore(tables, sessionOptions), new AnswerRepository(tables, TimeProvider.System, sessionOptions),
            new SessionRepository(tables, TimeProvider.System, sessionOptions), new TerritoryStore(tables),
            new RegistryFields(RegistryCatalog.LoadDefault()), new SessionCommitmentsSource(new CommitmentStore(tables)), TimeProvider.System);
        var logbook = await service.GetAsync(new LogbookKey(guide.Id, territoryId, period), cancellationToken)
                      ?? throw new CliUsageException($"El territorio {territoryId} no tiene bitácora del periodo {period}.");
        var view = await service.ViewAsync(logbook, guide, cancellationToken);
        var document = new LogbookDocument(LogbookTexts.Load(System.IO.Path.Combine(ContentFolder, "Texts")));
        var bytes = document.Build(view, TimeProvider.System.GetUtcNow());
        await File.WriteAllBytesAsync(output, bytes, cancellationToken);
        await console.Out.WriteLineAsync($"{output}: {view.Records.Count} registros, {bytes.Length / 1024} KB");
        return 0;
    }
}
