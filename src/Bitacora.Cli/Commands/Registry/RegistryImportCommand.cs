using Azure.Data.Tables;
using Bitacora.Bot.Registry;
using Bitacora.Bot.Registry.Import;
using Bitacora.Bot.Registry.Storage;
using Bitacora.Bot.Storage;

namespace Bitacora.Cli.Commands.Registry;

/// <summary>
/// `bitacora {territories|units|people} import file.csv [--dry-run] [--strict] [--storage cs] [--table-prefix p]`.
/// Exit codes: 0 all rows valid, 2 some rows invalid (reported; valid ones imported unless --strict), 1 bad arguments.
/// Messages are in Spanish: the operators are Chilean.
/// </summary>
public abstract class RegistryImportCommand(ImportKind kind, string noun) : ICliCommand
{
    public const string StorageEnvironmentVariable = "Storage__ConnectionString";
    public const string TablePrefixEnvironmentVariable = "Storage__TablePrefix";

    public IReadOnlyList<string> Path { get; } = [noun, "import"];

    public abstract string Summary { get; }

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        var texts = RegistryTexts.LoadDefault();
        var options = ParseArguments(args, texts);
        if (!File.Exists(options.File))
        {
            throw new CliUsageException(texts.Format(RegistryTextKeys.CliFileNotFound, ("path", options.File)));
        }

        var tables = new TableClientProvider(new TableServiceClient(options.Storage), options.TablePrefix);
        var importer = new RegistryImporter(RegistryCatalog.LoadDefault(), texts, new TerritoryStore(tables), new UnitStore(tables),
            new PersonStore(tables));
        ImportReport report;
        try
        {
            // The whole file is checked as UTF-8 first: a bad byte stops the import before anything is read or written.
            var (reader, encodingError) = await RegistryImporter.ReadFileAsync(options.File, texts, cancellationToken);
            if (reader is null)
            {
                report = new ImportReport(kind, new ImportOptions(options.DryRun, options.Strict), [], [encodingError!]);
            }
            else
            {
                using (reader)
                {
                    report = await importer.ImportAsync(kind, reader,
                        new ImportOptions(options.DryRun, options.Strict, p => ShowProgress(p, texts, console)), cancellationToken);
                }
            }
        }
        catch (Azure.RequestFailedException e)
        {
            await console.Error.WriteLineAsync(texts.Format(RegistryTextKeys.CliStorageFailed, ("reason", e.Message.Split('\n')[0])));
            return 3;
        }

        await WriteReportAsync(report, texts, console);
        return report.HasErrors ? 2 : 0;
    }

    /// <summary>Progress on stderr (the report itself goes to stdout), so a 100 000-row import is never silent.</summary>
    private static void ShowProgress(ImportProgress progress, RegistryTexts texts, CliConsole console)
    {
        var line = progress.Phase == ImportPhase.Checking
            ? texts.Format(RegistryTextKeys.CliProgressCheck, ("done", progress.Done))
            : texts.Format(RegistryTextKeys.CliProgressWrite, ("done", progress.Done), ("total", progress.Total ?? progress.Done));
        lock (console)
        {
            console.Error.WriteLine(line);
        }
    }

    private static async Task WriteReportAsync(ImportReport report, RegistryTexts texts, CliConsole console)
    {
        foreach (var row in report.Rows.Where(r => !report.Applied || r.Outcome != WriteOutcome.Unchanged))
        {
            var outcomeKey = report.Applied || row.Outcome == WriteOutcome.Unchanged
                ? "outcome." + row.Outcome
                : "outcome.would." + row.Outcome;
            await console.Out.WriteLineAsync(texts.Format(RegistryTextKeys.CliRow,
                ("outcome", texts.Format(outcomeKey)), ("key", row.Key), ("line", row.Line)));
        }
        foreach (var error in report.Errors)
        {
            await console.Error.WriteLineAsync(texts.Format(RegistryTextKeys.CliLine, ("line", error.Line), ("reason", error.Reason)));
        }
        var invalidRows = report.Errors.Select(e => e.Line).Distinct().Count();
        var args = new (string, object?)[]
        {
            ("created", report.Created), ("updated", report.Updated), ("unchanged", report.Unchanged), ("errors", invalidRows),
        };
        if (!report.Applied && report.Rows.Count == 0 && report.HasErrors && !report.Options.DryRun && !report.Options.Strict)
        {
            await console.Error.WriteLineAsync(texts.Format(RegistryTextKeys.CliHeaderAborted));
        }
        else if (!report.Options.DryRun && report.Options.Strict && !report.Applied)
        {
            await console.Error.WriteLineAsync(texts.Format(RegistryTextKeys.CliStrictAborted));
            await console.Out.WriteLineAsync(texts.Format(RegistryTextKeys.CliSummaryDryRun, args));
        }
        else
        {
            await console.Out.WriteLineAsync(texts.Format(report.Applied ? RegistryTextKeys.CliSummary : RegistryTextKeys.CliSummaryDryRun, args));
        }
    }

    private sealed record Arguments(string File, bool DryRun, bool Strict, string Storage, string TablePrefix);

    private Arguments ParseArguments(IReadOnlyList<string> args, RegistryTexts texts)
    {
        string? file = null;
        var dryRun = false;
        var strict = false;
        var storage = Environment.GetEnvironmentVariable(StorageEnvironmentVariable);
        var prefix = Environment.GetEnvironmentVariable(TablePrefixEnvironmentVariable);
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--dry-run":
                    dryRun = true;
                    break;
                case "--strict":
                    strict = true;
                    break;
                case "--storage":
                    storage = Value(args, ++i, "--storage", texts);
                    break;
                case "--table-prefix":
                    prefix = Value(args, ++i, "--table-prefix", texts);
                    break;
                case var a when a.StartsWith('-'):
                    throw new CliUsageException(texts.Format(RegistryTextKeys.CliUnknownOption, ("option", a)));
                default:
                    if (file is not null)
                    {
                        throw new CliUsageException(texts.Format(RegistryTextKeys.CliUnknownOption, ("option", args[i])));
                    }
                    file = args[i];
                    break;
            }
        }
        if (file is null)
        {
            throw new CliUsageException(texts.Format(RegistryTextKeys.CliMissingFile, ("command", string.Join(' ', Path))));
        }
        return new Arguments(file, dryRun, strict,
            string.IsNullOrWhiteSpace(storage) ? "UseDevelopmentStorage=true" : storage,
            prefix ?? "");
    }

    private static string Value(IReadOnlyList<string> args, int index, string option, RegistryTexts texts) =>
        index < args.Count && !args[index].StartsWith("--", StringComparison.Ordinal)
            ? args[index]
            : throw new CliUsageException(texts.Format(RegistryTextKeys.CliMissingValue, ("option", option)));
}

public sealed class TerritoriesImportCommand() : RegistryImportCommand(ImportKind.Territories, "territories")
{
    public override string Summary => "Importa territorios desde un CSV (--dry-run, --strict, --storage, --table-prefix).";
}

public sealed class UnitsImportCommand() : RegistryImportCommand(ImportKind.Units, "units")
{
    public override string Summary => "Importa unidades educativas desde un CSV (--dry-run, --strict, --storage, --table-prefix).";
}

public sealed class PeopleImportCommand() : RegistryImportCommand(ImportKind.People, "people")
{
    public override string Summary => "Importa personas y roles desde un CSV (--dry-run, --strict, --storage, --table-prefix).";
}
