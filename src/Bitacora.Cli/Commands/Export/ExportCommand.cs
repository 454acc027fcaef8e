using Azure.Data.Tables;
using Bitacora.Bot.Commitments;
using Bitacora.Bot.Coordination;
using Bitacora.Bot.Registry.Identifiers;
using Bitacora.Bot.Registry.Identity;
using Bitacora.Bot.Registry.Model;
using Bitacora.Bot.Registry.Storage;
using Bitacora.Bot.Sessions;
using Bitacora.Bot.Sessions.Flow;
using Bitacora.Bot.Storage;
using Microsoft.Extensions.Options;

namespace Bitacora.Cli.Commands.Export;

/// <summary>
/// `bitacora export {commitments|participation} (--territory 16-1 | --region 16 | --unit rbd:41201) [--period 2026-1]
/// [--storage cs] [--table-prefix p] > file.csv` — the complete files the Teams «exportar» card previews. RFC 4180
/// (CRLF, quoted fields), invariant data formats, preceded by a UTF-8 BOM so Excel reads accents. Without --period:
/// every commitment (commitments) / the current year (participation). Reads per unit / per territory partitions only.
/// </summary>
public abstract class ExportCommand(string noun) : ICliCommand
{
    public IReadOnlyList<string> Path { get; } = ["export", noun];

    public abstract string Summary { get; }

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        string? territory = null, region = null, unit = null, periodText = null;
        var storage = Environment.GetEnvironmentVariable("Storage__ConnectionString");
        var prefix = Environment.GetEnvironmentVariable("Storage__TablePrefix");
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new CliUsageException($"Falta el valor de {args[i]}.");
            switch (args[i])
            {
                case "--territory": territory = Value(); break;
                case "--region": region = Value(); break;
                case "--unit": unit = Value(); break;
                case "--period": periodText = Value(); break;
                case "--storage": storage = Value(); break;
                case "--table-prefix": prefix = Value(); break;
                default: throw new CliUsageException($"Opción desconocida: {args[i]}. Uso: bitacora {string.Join(' ', Path)} --territory 16-1 [--period 2026-1]");
            }
        }
        if (new[] { territory, region, unit }.Count(x => x is not null) != 1)
        {
            throw new CliUsageException("Indica exactamente uno de --territory 16-1, --region 16 o --unit rbd:41201.");
        }
        ReportPeriod? period = null;
        if (periodText is not null && !ReportPeriod.TryParse(periodText, out period))
        {
            throw new CliUsageException($"Periodo no válido: {periodText} (usa 2026, 2026-1 o 2026-2).");
        }

        var tables = new TableClientProvider(new TableServiceClient(string.IsNullOrWhiteSpace(storage) ? "UseDevelopmentStorage=true" : storage), prefix ?? "");
        var territories = new TerritoryStore(tables);
        var units = new UnitStore(tables);
        var sessionOptions = Options.Create(new SessionOptions());
        var reader = new CoordinationReader(units, new CommitmentStore(tables),
            new SessionRepository(tables, TimeProvider.System, sessionOptions), new AnswerRepository(tables, TimeProvider.System, sessionOptions));
        var today = new ChileTime(TimeProvider.System).Today;
        var effective = period ?? new ReportPeriod(today.Year, null);

        List<Territory> list;
        Unit? single = null;
        if (unit is not null)
        {
            if (!UnitCode.TryParse(unit, out var code) || await units.GetAsync(code, cancellationToken) is not { } found)
            {
                throw new CliUsageException($"No hay una unidad {unit} registrada.");
            }
            single = found;
            list = [await territories.GetAsync(found.TerritoryId, cancellationToken) ?? throw new CliUsageException($"No hay territorio {found.TerritoryId}.")];
        }
        else if (territory is not null)
        {
            list = [await territories.GetAsync(TerritoryId.Normalize(territory) ?? territory, cancellationToken)
                    ?? throw new CliUsageException($"No hay un territorio {territory} registrado.")];
        }
        else
        {
            list = [.. (await territories.ListByRegionAsync(region!.PadLeft(2, '0'), cancellationToken)).OrderBy(t => t.Number)];
            if (list.Count == 0) throw new CliUsageException($"No hay territorios en la región {region}.");
        }
        var scope = new CoordinationScope(AccessScope.Any, "", list, single, effective, period is not null);

        await console.Out.WriteAsync('\uFEFF');
        await WriteAsync(console.Out, reader, scope, period, today, cancellationToken);
        await console.Out.FlushAsync(cancellationToken);
        return 0;
    }

    protected abstract Task WriteAsync(TextWriter output, CoordinationReader reader, CoordinationScope scope, ReportPeriod? period,
        DateOnly today, CancellationToken ct);
}

public sealed class ExportCommitmentsCommand() : ExportCommand("commitments")
{
    public override string Summary => "Exporta compromisos a CSV (--territory|--region|--unit, --period, --storage, --table-prefix).";

    protected override async Task WriteAsync(TextWriter output, CoordinationReader reader, CoordinationScope scope, ReportPeriod? period,
        DateOnly today, CancellationToken ct) =>
        await CoordinationCsv.WriteAsync(output, CoordinationCsv.CommitmentHeader,
            CoordinationCsv.CommitmentRows(await reader.CommitmentsAsync(scope, ct), period, today));
}

public sealed class ExportParticipationCommand() : ExportCommand("participation")
{
    public override string Summary => "Exporta la participación en sesiones a CSV (--territory|--region|--unit, --period, --storage, --table-prefix).";

    protected override async Task WriteAsync(TextWriter output, CoordinationReader reader, CoordinationScope scope, ReportPeriod? period,
        DateOnly today, CancellationToken ct) =>
        await CoordinationCsv.WriteAsync(output, CoordinationCsv.ParticipationHeader,
            CoordinationCsv.ParticipationRows(await reader.SessionsAsync(scope, ct)));
}
