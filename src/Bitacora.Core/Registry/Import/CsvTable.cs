using Bitacora.Bot.Registry.Csv;

namespace Bitacora.Bot.Registry.Import;

/// <summary>A data row of an import file, read by column name.</summary>
public sealed class CsvRow(int lineNumber, IReadOnlyDictionary<string, int> columns, IReadOnlyList<string> fields)
{
    public int LineNumber { get; } = lineNumber;

    public bool HasColumn(string column) => columns.ContainsKey(column);

    /// <summary>The trimmed value, or "" when the column is absent from the file.</summary>
    public string this[string column] => columns.TryGetValue(column, out var i) && i < fields.Count ? fields[i].Trim() : "";

    /// <summary>A multi-valued cell split on '|', each value trimmed, empty values dropped.</summary>
    public IReadOnlyList<string> List(string column) =>
        this[column].Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>A multi-valued cell split on '|' keeping empty positions (for columns that go in parallel).</summary>
    public IReadOnlyList<string> Positional(string column) =>
        this[column].Length == 0 ? [] : this[column].Split('|', StringSplitOptions.TrimEntries);
}

/// <summary>Column rules of one import format.</summary>
public sealed record CsvSchema(IReadOnlyList<string> Required, IReadOnlyList<string> Optional)
{
    public IEnumerable<string> All => Required.Concat(Optional);
}

/// <summary>Reads the header (case-insensitive column names) and yields data rows or per-line problems.</summary>
internal static class CsvTable
{
    public sealed record HeaderProblem(string TextKey, string Columns);

    public static (IReadOnlyDictionary<string, int>? Columns, HeaderProblem? Problem) ReadHeader(CsvRecord? header, CsvSchema schema)
    {
        if (header is null)
        {
            return (null, new HeaderProblem(RegistryTextKeys.CsvEmptyFile, ""));
        }
        var names = header.Fields.Select(f => f.Trim().TrimStart('\uFEFF').ToLowerInvariant()).ToList();
        var duplicates = names.GroupBy(n => n).Where(g => g.Count() > 1 && g.Key.Length > 0).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
        {
            return (null, new HeaderProblem(RegistryTextKeys.CsvDuplicateColumns, string.Join(", ", duplicates)));
        }
        var known = schema.All.ToHashSet(StringComparer.Ordinal);
        var unknown = names.Where(n => n.Length > 0 && !known.Contains(n)).ToList();
        if (unknown.Count > 0)
        {
            return (null, new HeaderProblem(RegistryTextKeys.CsvUnknownColumns, string.Join(", ", unknown)));
        }
        var missing = schema.Required.Where(r => !names.Contains(r)).ToList();
        if (missing.Count > 0)
        {
            return (null, new HeaderProblem(RegistryTextKeys.CsvMissingColumns, string.Join(", ", missing)));
        }
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i].Length > 0)
            {
                columns[names[i]] = i;
            }
        }
        return (columns, null);
    }
}
