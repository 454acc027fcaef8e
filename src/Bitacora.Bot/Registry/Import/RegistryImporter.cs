using System.Text;
using Bitacora.Bot.Registry.Csv;
using Bitacora.Bot.Registry.Model;
using Bitacora.Bot.Registry.Storage;

namespace Bitacora.Bot.Registry.Import;

/// <summary>
/// Imports territories, units and people from CSV (formats in Registry/CSV-FORMATS.md). Every invalid row is reported
/// with its line and reason while the valid rows go in — or nothing goes in with <see cref="ImportOptions.Strict"/>.
/// Rows equal to what is stored are reported unchanged and not rewritten, so re-importing a file is harmless.
/// Import territories before units, and units before people: rows are checked against what is already stored.
/// </summary>
public sealed class RegistryImporter(
    RegistryCatalog catalog,
    RegistryTexts texts,
    TerritoryStore territories,
    UnitStore units,
    PersonStore people)
{
    public Task<ImportReport> ImportTerritoriesAsync(TextReader csv, ImportOptions options, CancellationToken ct = default) =>
        RunAsync(ImportKind.Territories, csv, options, new TerritoryRowParser(catalog), territories.PreviewAsync,
            territories.SaveIfChangedAsync, ct);

    public Task<ImportReport> ImportUnitsAsync(TextReader csv, ImportOptions options, CancellationToken ct = default) =>
        RunAsync(ImportKind.Units, csv, options, new UnitRowParser(), units.PreviewAsync, units.SaveIfChangedAsync, ct);

    public Task<ImportReport> ImportPeopleAsync(TextReader csv, ImportOptions options, CancellationToken ct = default) =>
        RunAsync(ImportKind.People, csv, options, new PersonRowParser(), people.PreviewAsync, people.SaveIfChangedAsync, ct);

    public Task<ImportReport> ImportAsync(ImportKind kind, TextReader csv, ImportOptions options, CancellationToken ct = default) =>
        kind switch
        {
            ImportKind.Territories => ImportTerritoriesAsync(csv, options, ct),
            ImportKind.Units => ImportUnitsAsync(csv, options, ct),
            ImportKind.People => ImportPeopleAsync(csv, options, ct),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

    /// <summary>Opens a file as UTF-8 (with or without BOM) for the import methods.</summary>
    public static StreamReader OpenFile(string path) =>
        new(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);

    private async Task<ImportReport> RunAsync<T>(
        ImportKind kind,
        TextReader csv,
        ImportOptions options,
        IRowParser<T> parser,
        Func<T, CancellationToken, Task<WriteOutcome>> preview,
        Func<T, CancellationToken, Task<WriteResult<T>>> save,
        CancellationToken ct) where T : class
    {
        var errors = new List<ImportError>();
        var valid = new List<(int Line, string Key, T Value)>();
        var context = new ParseContext(catalog, texts, territories, units);

        using var records = ReadRecords(csv, errors).GetEnumerator();
        var header = records.MoveNext() ? records.Current : null;
        var (columns, problem) = CsvTable.ReadHeader(header, parser.Schema);
        if (problem is not null || columns is null)
        {
            errors.Add(new ImportError(header?.LineNumber ?? 1,
                texts.Format(problem!.TextKey, ("columns", problem.Columns))));
            return new ImportReport(kind, options, [], errors);
        }

        var firstLineOfKey = new Dictionary<string, int>(StringComparer.Ordinal);
        while (records.MoveNext())
        {
            var record = records.Current;
            if (record.Error is { } csvError)
            {
                errors.Add(new ImportError(record.LineNumber, texts.Format(csvError == CsvError.UnterminatedQuote
                    ? RegistryTextKeys.CsvUnterminatedQuote : RegistryTextKeys.CsvStrayQuote)));
                continue;
            }
            if (record.Fields.Count != header!.Fields.Count)
            {
                errors.Add(new ImportError(record.LineNumber, texts.Format(RegistryTextKeys.CsvFieldCount,
                    ("found", record.Fields.Count), ("expected", header.Fields.Count))));
                continue;
            }
            var row = new CsvRow(record.LineNumber, columns, record.Fields);
            var (value, rowErrors) = await parser.ParseAsync(row, context, ct).ConfigureAwait(false);
            if (value is null || rowErrors.Count > 0)
            {
                errors.AddRange(rowErrors.Select(reason => new ImportError(record.LineNumber, reason)));
                continue;
            }
            var key = parser.KeyOf(value);
            if (firstLineOfKey.TryGetValue(key, out var firstLine))
            {
                errors.Add(new ImportError(record.LineNumber, texts.Format(RegistryTextKeys.RowDuplicateKey,
                    ("key", key), ("firstLine", firstLine))));
                continue;
            }
            firstLineOfKey[key] = record.LineNumber;
            valid.Add((record.LineNumber, key, value));
        }

        var rows = new List<ImportRow>();
        var write = !options.DryRun && !(options.Strict && errors.Count > 0);
        foreach (var (line, key, value) in valid)
        {
            if (!write)
            {
                rows.Add(new ImportRow(line, key, await preview(value, ct).ConfigureAwait(false)));
                continue;
            }
            var result = await save(value, ct).ConfigureAwait(false);
            if (result.Outcome == WriteOutcome.Conflict)
            {
                errors.Add(new ImportError(line, texts.Format(RegistryTextKeys.ImportConflict, ("key", key))));
            }
            else
            {
                rows.Add(new ImportRow(line, key, result.Outcome));
            }
        }
        return new ImportReport(kind, options, rows, errors.OrderBy(e => e.Line).ToList()) { Applied = write };
    }

    private IEnumerable<CsvRecord> ReadRecords(TextReader csv, List<ImportError> errors)
    {
        // Invalid UTF-8 surfaces while reading; report it as a file problem instead of crashing the CLI.
        using var e = CsvReader.Read(csv).GetEnumerator();
        while (true)
        {
            try
            {
                if (!e.MoveNext())
                {
                    yield break;
                }
            }
            catch (DecoderFallbackException)
            {
                errors.Add(new ImportError(0, texts.Format(RegistryTextKeys.CsvNotUtf8)));
                yield break;
            }
            yield return e.Current;
        }
    }
}
