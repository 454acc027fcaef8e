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

    /// <summary>Longest cell accepted: far below Table Storage's 32 K characters per property, checked before any write.</summary>
    public const int MaxFieldLength = 2_000;

    /// <summary>How often (in rows) progress is reported.</summary>
    public const int ProgressEvery = 500;

    /// <summary>
    /// Reads a whole file and checks it is UTF-8 (with or without BOM) before anything is parsed or written: a bad byte
    /// is reported with its line, and the import does not start.
    /// </summary>
    public static async Task<(TextReader? Reader, ImportError? Error)> ReadFileAsync(string path, RegistryTexts texts,
        CancellationToken ct = default)
    {
        var decoded = CsvDecoding.Decode(await File.ReadAllBytesAsync(path, ct).ConfigureAwait(false));
        return decoded.Text is { } text
            ? (new StringReader(text), null)
            : (null, new ImportError(decoded.InvalidLine ?? 1, texts.Format(RegistryTextKeys.CsvNotUtf8)));
    }

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

        var reading = new ReadState();
        using var records = ReadRecords(csv, errors, reading).GetEnumerator();
        var header = records.MoveNext() ? records.Current : null;
        var (columns, problem) = CsvTable.ReadHeader(header, parser.Schema);
        if (problem is not null || columns is null)
        {
            errors.Add(new ImportError(header?.LineNumber ?? 1,
                texts.Format(problem!.TextKey, ("columns", problem.Columns))));
            return new ImportReport(kind, options, [], errors);
        }

        var firstLineOfKey = new Dictionary<string, int>(StringComparer.Ordinal);
        var checkedRows = 0;
        while (records.MoveNext())
        {
            var record = records.Current;
            if (++checkedRows % ProgressEvery == 0)
            {
                options.Progress?.Invoke(new ImportProgress(ImportPhase.Checking, checkedRows, null));
            }
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
            if (TooLong(record, header) is { } tooLong)
            {
                errors.Add(new ImportError(record.LineNumber, tooLong));
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

        options.Progress?.Invoke(new ImportProgress(ImportPhase.Checking, checkedRows, null));
        if (reading.Broken)
        {
            // A file that could not be read to the end is not imported at all (its tail would be silently missing).
            return new ImportReport(kind, options, [], errors.OrderBy(e => e.Line).ToList());
        }
        var write = !options.DryRun && !(options.Strict && errors.Count > 0);
        // Every valid row has its own key (duplicates were refused above), so rows are written side by side.
        var outcomes = new WriteOutcome[valid.Count];
        var written = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, valid.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Parallelism), CancellationToken = ct },
            async (i, token) =>
            {
                var value = valid[i].Value;
                outcomes[i] = write
                    ? (await save(value, token).ConfigureAwait(false)).Outcome
                    : await preview(value, token).ConfigureAwait(false);
                var done = Interlocked.Increment(ref written);
                if (done % ProgressEvery == 0)
                {
                    options.Progress?.Invoke(new ImportProgress(ImportPhase.Writing, done, valid.Count));
                }
            }).ConfigureAwait(false);
        options.Progress?.Invoke(new ImportProgress(ImportPhase.Writing, valid.Count, valid.Count));

        var rows = new List<ImportRow>();
        for (var i = 0; i < valid.Count; i++)
        {
            var (line, key, _) = valid[i];
            if (write && outcomes[i] == WriteOutcome.Conflict)
            {
                errors.Add(new ImportError(line, texts.Format(RegistryTextKeys.ImportConflict, ("key", key))));
            }
            else
            {
                rows.Add(new ImportRow(line, key, outcomes[i]));
            }
        }
        return new ImportReport(kind, options, rows, errors.OrderBy(e => e.Line).ToList()) { Applied = write };
    }

    /// <summary>The reason when a cell is longer than <see cref="MaxFieldLength"/> (checked before any row is written).</summary>
    private string? TooLong(CsvRecord record, CsvRecord header)
    {
        for (var i = 0; i < record.Fields.Count; i++)
        {
            if (record.Fields[i].Length > MaxFieldLength)
            {
                return texts.Format(RegistryTextKeys.CsvFieldTooLong, ("column", i < header.Fields.Count ? header.Fields[i] : "?"),
                    ("length", record.Fields[i].Length), ("max", MaxFieldLength));
            }
        }
        return null;
    }

    private sealed class ReadState
    {
        public bool Broken;
        public int NextLine = 1;
    }

    private IEnumerable<CsvRecord> ReadRecords(TextReader csv, List<ImportError> errors, ReadState state)
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
                // A reader that decodes as it goes (ReadFileAsync checks the whole file first): the bad byte is at or
                // after the line following the last record read.
                state.Broken = true;
                errors.Add(new ImportError(state.NextLine, texts.Format(RegistryTextKeys.CsvNotUtf8)));
                yield break;
            }
            state.NextLine = e.Current.LineNumber + 1;
            yield return e.Current;
        }
    }
}
