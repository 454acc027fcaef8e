using System.CommandLine;
using Bitacora.Bot.Coordination;
using Bitacora.Bot.Exports;
using Bitacora.Bot.Registry.Storage;
using Bitacora.Bot.Sessions.Flow;
using Bitacora.Cli.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Bitacora.Cli.Commands.Export;

/// <summary>
/// `bitacora export {commitments|answers|participation|rubric} (--territory 16-1 | --region 16 | --unit rbd:41201)
/// [--period 2026-1] [--format xlsx|csv] [--out FILE] [--storage cs] [--table-prefix p]` — the same generator and the
/// same files as the Teams «exportar» (Bot/Exports): .xlsx (default; --out required) or .csv (';', BOM, es-CL dates,
/// formulas neutralised; to stdout without --out). Without --period: the current school year (America/Santiago).
/// Reads per unit / per territory partitions only (read-only storage); an operator's command, so no role gate.
/// </summary>
public abstract class ExportCommand(string noun, ExportDataset dataset) : ICliCommand
{
    public IReadOnlyList<string> Path { get; } = ["export", noun];

    public Command Build(CliConsole console)
    {
        var options = new ExportOptionSet();
        var command = options.Add(new Command(noun, CliTexts.Default[$"verb.export.{noun}"]),
            ExportTakes.AnyScope | ExportTakes.Period | ExportTakes.Format);
        command.SetAction((parse, ct) => RunAsync(parse, options, console, ct));
        return command;
    }

    private async Task<int> RunAsync(ParseResult parse, ExportOptionSet options, CliConsole console, CancellationToken ct)
    {
        var texts = CliTexts.Default;
        options.EnsureOneScope(parse);
        var output = parse.GetValue(options.Out);
        var format = (parse.GetValue(options.Format) ?? (output?.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) == true ? "csv" : "xlsx")) == "csv"
            ? ExportFormat.Csv
            : ExportFormat.Xlsx;
        if (format == ExportFormat.Xlsx && output is null)
        {
            throw new CliUsageException(texts["error.export.xlsxNeedsOut"]);
        }
        var period = options.ReportPeriod(parse);

        using var host = CliHost.Build(options.Storage.Read(parse, readOnly: true));
        var services = host.Services;
        var workbook = await CliProgress.RunAsync(console, texts.Format("progress.export", noun), async _ =>
        {
            var clock = services.GetRequiredService<ChileTime>();
            var effective = period ?? new ReportPeriod(clock.Today.Year, null);
            var (list, single, access) = await options.ResolveScopeAsync(parse, services.GetRequiredService<TerritoryStore>(),
                services.GetRequiredService<UnitStore>(), ct);
            var scope = new CoordinationScope(access, "", list, single, effective, period is not null);
            return await services.GetRequiredService<ExportBuilder>().BuildAsync(scope, [dataset], ct);
        });
        var bytes = format == ExportFormat.Xlsx ? XlsxExportWriter.Write(workbook) : CsvExportWriter.Write(workbook.Sheets[0]);
        if (output is null)
        {
            await console.Out.WriteAsync(System.Text.Encoding.UTF8.GetString(bytes));
            await console.Out.FlushAsync(ct);
        }
        else
        {
            await File.WriteAllBytesAsync(output, bytes, ct);
            var sheets = (format == ExportFormat.Xlsx ? workbook.Sheets : workbook.Sheets.Take(1)).Select(s => $"{s.Name} ({s.Rows.Count})");
            await console.Error.WriteLineAsync($"{output}: {string.Join(", ", sheets)}");
        }
        return ExitCodes.Ok;
    }
}

public sealed class ExportCommitmentsCommand() : ExportCommand("commitments", ExportDataset.Commitments);

public sealed class ExportAnswersCommand() : ExportCommand("answers", ExportDataset.Answers);

public sealed class ExportParticipationCommand() : ExportCommand("participation", ExportDataset.Participation);

public sealed class ExportRubricCommand() : ExportCommand("rubric", ExportDataset.Rubric);
