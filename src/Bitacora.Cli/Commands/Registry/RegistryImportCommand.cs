using System.CommandLine;
using Bitacora.Bot.Registry;
using Bitacora.Bot.Registry.Import;
using Bitacora.Bot.Registry.Storage;
using Bitacora.Cli.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Bitacora.Cli.Commands.Registry;

/// <summary>
/// `bitacora {territories|units|people} import file.csv [--dry-run] [--strict] [--storage cs] [--table-prefix p]`.
/// Exit codes: 0 all rows valid, 2 some rows invalid (reported; valid ones imported unless --strict), 1 bad arguments,
/// 3 storage unreachable. --dry-run reads only (nothing written, not even a table). Messages are in Spanish.
/// </summary>
public abstract class RegistryImportCommand(ImportKind kind, string noun) : ICliCommand
{
    public IReadOnlyList<string> Path { get; } = [noun, "import"];

    public Command Build(CliConsole console)
    {
        var texts = CliTexts.Default;
        var file = new Argument<string>("archivo") { Description = texts["option.import.file"] };
        var dryRun = new Option<bool>("--dry-run") { Description = texts["option.import.dryRun"] };
        var strict = new Option<bool>("--strict") { Description = texts["option.import.strict"] };
        var storage = new StorageOptionSet();
        var command = new Command("import", texts[$"verb.{noun}.import"]) { file, dryRun, strict };
        storage.AddTo(command);
        command.SetAction((parse, ct) => RunAsync(parse.GetRequiredValue(file), parse.GetValue(dryRun), parse.GetValue(strict),
            storage.Read(parse, readOnly: parse.GetValue(dryRun)), console, ct));
        return command;
    }

    private async Task<int> RunAsync(string file, bool dryRun, bool strict, StorageSelection storage, CliConsole console, CancellationToken ct)
    {
        var texts = RegistryTexts.LoadDefault();
        if (!File.Exists(file))
        {
            throw new CliUsageException(texts.Format(RegistryTextKeys.CliFileNotFound, ("path", file)));
        }
        using var host = CliHost.Build(storage);
        var importer = host.Services.GetRequiredService<RegistryImporter>();
        var report = await CliProgress.RunAsync(console, CliTexts.Default.Format("progress.import", file), async progress =>
        {
            // The whole file is checked as UTF-8 first: a bad byte stops the import before anything is read or written.
            var (reader, encodingError) = await RegistryImporter.ReadFileAsync(file, texts, ct);
            if (reader is null)
            {
                return new ImportReport(kind, new ImportOptions(dryRun, strict), [], [encodingError!]);
            }
            using (reader)
            {
                return await importer.ImportAsync(kind, reader, new ImportOptions(dryRun, strict, p => progress.Report(
                    p.Phase == ImportPhase.Checking
                        ? texts.Format(RegistryTextKeys.CliProgressCheck, ("done", p.Done))
                        : texts.Format(RegistryTextKeys.CliProgressWrite, ("done", p.Done), ("total", p.Total ?? p.Done)),
                    p.Done, p.Phase == ImportPhase.Checking ? null : p.Total)), ct);
            }
        });
        await WriteReportAsync(report, texts, console);
        return report.HasErrors ? ExitCodes.Data : ExitCodes.Ok;
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
}

public sealed class TerritoriesImportCommand() : RegistryImportCommand(ImportKind.Territories, "territories");

public sealed class UnitsImportCommand() : RegistryImportCommand(ImportKind.Units, "units");

public sealed class PeopleImportCommand() : RegistryImportCommand(ImportKind.People, "people");
