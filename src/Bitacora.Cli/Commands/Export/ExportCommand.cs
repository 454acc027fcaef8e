using Bitacora.Bot.Commitments;
using Bitacora.Bot.Coordination;
using Bitacora.Bot.Exports;
using Bitacora.Bot.Guides;
using Bitacora.Bot.Registry.Identifiers;
using Bitacora.Bot.Registry.Identity;
using Bitacora.Bot.Registry.Model;
using Bitacora.Bot.Registry.Storage;
using Bitacora.Bot.Rubric;
using Bitacora.Bot.Sessions;
using Bitacora.Bot.Sessions.Flow;
using Bitacora.Bot.Storage;
using Microsoft.Extensions.Options;

namespace Bitacora.Cli.Commands.Export;

/// <summary>
/// `bitacora export {commitments|answers|participation|rubric} (--territory 16-1 | --region 16 | --unit rbd:41201)
/// [--period 2026-1] [--format xlsx|csv] [--out FILE] [--storage cs] [--table-prefix p]` — the same generator and the
/// same files as the Teams «exportar» (Bot/Exports): .xlsx (default; --out required) or .csv (';', BOM, es-CL dates,
/// formulas neutralised; to stdout without --out). Without --period: the current school year (America/Santiago).
/// Reads per unit / per territory partitions only; an operator's command, so no role gate.
/// </summary>
public abstract class ExportCommand(string noun, ExportDataset dataset) : ICliCommand
{
    public IReadOnlyList<string> Path { get; } = ["export", noun];

    public abstract string Summary { get; }

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        var options = ExportArguments.Parse(args, ["--territory", "--region", "--unit", "--period", "--format"],
            $"bitacora {string.Join(' ', Path)} --territory 16-1 [--period 2026-1] [--format xlsx|csv] [--out archivo]");
        string? territory = options["--territory"], region = options["--region"], unit = options["--unit"];
        string? periodText = options["--period"], formatText = options["--format"], output = options.Output;
        if (new[] { territory, region, unit }.Count(x => x is not null) != 1)
        {
            throw new CliUsageException("Indica exactamente uno de --territory 16-1, --region 16 o --unit rbd:41201.");
        }
        var format = (formatText ?? (output?.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) == true ? "csv" : "xlsx")).ToLowerInvariant() switch
        {
            "xlsx" => ExportFormat.Xlsx,
            "csv" => ExportFormat.Csv,
            _ => throw new CliUsageException($"Formato no válido: {formatText} (usa xlsx o csv)."),
        };
        if (format == ExportFormat.Xlsx && output is null)
        {
            throw new CliUsageException("Un .xlsx necesita --out archivo.xlsx (o usa --format csv para escribir en la salida estándar).");
        }
        ReportPeriod? period = null;
        if (periodText is not null && !ReportPeriod.TryParse(periodText, out period))
        {
            throw new CliUsageException($"Periodo no válido: {periodText} (usa 2026, 2026-1 o 2026-2).");
        }

        var tables = options.Tables();
        var territories = new TerritoryStore(tables);
        var units = new UnitStore(tables);
        var clock = new ChileTime(TimeProvider.System);
        var effective = period ?? new ReportPeriod(clock.Today.Year, null);
        var (list, single, access) = await ResolveAsync(territories, units, territory, region, unit, cancellationToken);
        var scope = new CoordinationScope(access, "", list, single, effective, period is not null);

        var workbook = await CreateBuilder(tables, clock).BuildAsync(scope, [dataset], cancellationToken);
        var bytes = format == ExportFormat.Xlsx ? XlsxExportWriter.Write(workbook) : CsvExportWriter.Write(workbook.Sheets[0]);
        if (output is null)
        {
            await console.Out.WriteAsync(System.Text.Encoding.UTF8.GetString(bytes));
            await console.Out.FlushAsync(cancellationToken);
        }
        else
        {
            await File.WriteAllBytesAsync(output, bytes, cancellationToken);
            await console.Error.WriteLineAsync($"{output}: {string.Join(", ", (format == ExportFormat.Xlsx ? workbook.Sheets : workbook.Sheets.Take(1)).Select(s => $"{s.Name} ({s.Rows.Count})"))}");
        }
        return 0;
    }

    /// <summary>The generator as the bot wires it (Content/ next to the binaries: guides and texts).</summary>
    private static ExportBuilder CreateBuilder(TableClientProvider tables, ChileTime clock)
    {
        var content = ExportArguments.ContentFolder;
        var texts = System.IO.Path.Combine(content, "Texts");
        var sessionOptions = Options.Create(new SessionOptions());
        var commitments = new CommitmentStore(tables);
        var answers = new AnswerRepository(tables, TimeProvider.System, sessionOptions);
        var reader = new CoordinationReader(new UnitStore(tables), commitments, new SessionRepository(tables, TimeProvider.System, sessionOptions), answers);
        var coordinationTexts = CoordinationTexts.Load(texts);
        var exportTexts = ExportTexts.Load(texts);
        return new ExportBuilder(
            new CommitmentSheets(reader, commitments, coordinationTexts, exportTexts),
            new SessionSheets(reader, answers, new RubricScoreRepository(tables, TimeProvider.System, sessionOptions),
                GuideCatalog.Load(System.IO.Path.Combine(content, "Guides")), exportTexts),
            clock);
    }

    private static async Task<(List<Territory>, Unit?, AccessScope)> ResolveAsync(TerritoryStore territories, UnitStore units,
        string? territory, string? region, string? unit, CancellationToken ct)
    {
        if (unit is not null)
        {
            if (!UnitCode.TryParse(unit, out var code) || await units.GetAsync(code, ct) is not { } found)
            {
                throw new CliUsageException($"No hay una unidad {unit} registrada.");
            }
            var t = await territories.GetAsync(found.TerritoryId, ct) ?? throw new CliUsageException($"No hay territorio {found.TerritoryId}.");
            return ([t], found, AccessScope.Unit(found.Code.Id, found.TerritoryId));
        }
        if (territory is not null)
        {
            var t = await territories.GetAsync(TerritoryId.Normalize(territory) ?? territory, ct)
                    ?? throw new CliUsageException($"No hay un territorio {territory} registrado.");
            return ([t], null, AccessScope.Territory(t.Id));
        }
        var code2 = region!.PadLeft(2, '0');
        var list = (await territories.ListByRegionAsync(code2, ct)).OrderBy(t => t.Number).ToList();
        return list.Count == 0 ? throw new CliUsageException($"No hay territorios en la región {region}.") : (list, null, AccessScope.Region(code2));
    }
}

public sealed class ExportCommitmentsCommand() : ExportCommand("commitments", ExportDataset.Commitments)
{
    public override string Summary => "Exporta compromisos, su historial y fuerza mayor (.xlsx o .csv; --territory|--region|--unit, --period, --out).";
}

public sealed class ExportAnswersCommand() : ExportCommand("answers", ExportDataset.Answers)
{
    public override string Summary => "Exporta las respuestas de las sesiones (.xlsx o .csv; --territory|--region|--unit, --period, --out).";
}

public sealed class ExportParticipationCommand() : ExportCommand("participation", ExportDataset.Participation)
{
    public override string Summary => "Exporta la participación en sesiones (.xlsx o .csv; --territory|--region|--unit, --period, --out).";
}

public sealed class ExportRubricCommand() : ExportCommand("rubric", ExportDataset.Rubric)
{
    public override string Summary => "Exporta los niveles de la rúbrica con su evidencia (.xlsx o .csv; --territory|--region|--unit, --period, --out).";
}
