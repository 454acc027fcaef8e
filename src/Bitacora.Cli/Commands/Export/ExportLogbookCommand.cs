using Bitacora.Bot.Commitments;
using Bitacora.Bot.Commitments.Chat;
using Bitacora.Bot.Guides;
using Bitacora.Bot.Logbook;
using Bitacora.Bot.Logbook.Document;
using Bitacora.Bot.Registry;
using Bitacora.Bot.Registry.Model;
using Bitacora.Bot.Registry.Storage;
using Bitacora.Bot.Sessions;
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

    public string ContentFolder { get; init; } = ExportArguments.ContentFolder;

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        var options = ExportArguments.Parse(args, ["--territory", "--period"], "bitacora export bitacora --territory 16-1 --period 2026 --out bitacora.docx");
        if (TerritoryId.Normalize(options["--territory"]) is not { } territoryId) throw new CliUsageException("Indica el territorio: --territory 16-1.");
        if (options["--period"] is not { } period || !SessionPeriods.IsValid(period)) throw new CliUsageException("Indica el periodo: --period 2026.");
        var output = options.Required("--out", "Indica el archivo: --out bitacora.docx.");

        var guides = GuideCatalog.Load(System.IO.Path.Combine(ContentFolder, "Guides"));
        var guide = guides.Guides.FirstOrDefault(g => g.IsLogbook) ?? throw new CliUsageException("Ninguna guía lleva bitácora del periodo.");
        var tables = options.Tables();
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

/// <summary>
/// `bitacora export sesion --session ID --out sesion.docx [--storage cs] [--table-prefix p]`: one session's record (DEP or
/// any guide: stage → component → question, answer, note, who, when) as the Word document the bot delivers from the
/// summary card's «Descargar registro (.docx)» and «descargar sesión» (same generator, <see cref="SessionRecordFile"/>).
/// </summary>
public sealed class ExportSessionCommand : ICliCommand
{
    public IReadOnlyList<string> Path { get; } = ["export", "sesion"];

    public string Summary => "Exporta el registro de una sesión a Word (--session ID, --out, --storage, --table-prefix).";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        var options = ExportArguments.Parse(args, ["--session"], "bitacora export sesion --session ID --out sesion.docx");
        var sessionId = options.Required("--session", "Indica la sesión: --session ID (la columna «Id de la sesión» de bitacora export answers).");
        var output = options.Required("--out", "Indica el archivo: --out sesion.docx.");
        var tables = options.Tables();
        var sessionOptions = Options.Create(new SessionOptions());
        var content = ExportArguments.ContentFolder;
        var files = new SessionRecordFile(new SessionRepository(tables, TimeProvider.System, sessionOptions),
            new AnswerRepository(tables, TimeProvider.System, sessionOptions), GuideCatalog.Load(System.IO.Path.Combine(content, "Guides")),
            new SessionDocument(LogbookTexts.Load(System.IO.Path.Combine(content, "Texts"))));
        var built = await files.BuildAsync(sessionId, cancellationToken) ?? throw new CliUsageException($"No hay una sesión {sessionId}.");
        await File.WriteAllBytesAsync(output, built.Content, cancellationToken);
        await console.Out.WriteLineAsync($"{output}: sesión N°{built.Session.Number} ({built.Session.Scope.Name}), {built.Content.Length / 1024} KB");
        return 0;
    }
}
