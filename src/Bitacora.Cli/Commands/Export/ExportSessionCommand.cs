using System.CommandLine;
using Bitacora.Bot.Logbook;
using Bitacora.Cli.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Bitacora.Cli.Commands.Export;

/// <summary>
/// `bitacora export sesion --session ID --out sesion.docx [--storage cs] [--table-prefix p]`: one session's record (DEP or
/// any guide: stage → component → question, answer, note, who, when) as the Word document the bot delivers from the
/// summary card's «Descargar registro (.docx)» and «descargar sesión» (same generator, <see cref="SessionRecordFile"/>).
/// </summary>
public sealed class ExportSessionCommand : ICliCommand
{
    public IReadOnlyList<string> Path { get; } = ["export", "sesion"];

    public Command Build(CliConsole console)
    {
        var texts = CliTexts.Default;
        var options = new ExportOptionSet();
        var session = new Option<string?>("--session") { Description = texts["option.export.session"], HelpName = "id" };
        var command = options.Add(new Command("sesion", texts["verb.export.sesion"]) { session }, ExportTakes.None);
        command.SetAction((parse, ct) => RunAsync(parse, parse.GetValue(session), options, console, ct));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, string? sessionId, ExportOptionSet options, CliConsole console, CancellationToken ct)
    {
        var texts = CliTexts.Default;
        if (string.IsNullOrWhiteSpace(sessionId))
        {
            throw new CliUsageException(texts["error.export.session"]);
        }
        var output = options.RequiredOut(parse, "sesion.docx");
        using var host = CliHost.Build(options.Storage.Read(parse, readOnly: true));
        var files = host.Services.GetRequiredService<SessionRecordFile>();
        var built = await CliProgress.RunAsync(console, texts.Format("progress.export", "sesion"), _ => files.BuildAsync(sessionId, ct))
                    ?? throw new CliDataException(texts.Format("error.export.noSession", sessionId));
        await File.WriteAllBytesAsync(output, built.Content, ct);
        await console.Out.WriteLineAsync(texts.Format("export.sessionWritten", output, built.Session.Number, built.Session.Scope.Name, built.Content.Length / 1024));
        return ExitCodes.Ok;
    }
}
