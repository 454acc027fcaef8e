namespace Bitacora.Bot.Exports;

/// <summary>What a cell holds: text, a whole number, a date or a date and time (America/Santiago wall clock).</summary>
public enum CellKind
{
    Text,
    Integer,
    Date,
    DateTime,
}

/// <summary>A column: its Spanish header and the kind of its cells.</summary>
public sealed record ExportColumn(string Header, CellKind Kind);

/// <summary>
/// One table of an export. Row cells line up with <see cref="Columns"/>: string (Text), long (Integer), DateOnly (Date),
/// DateTime with the Chilean wall-clock time (DateTime), or null for an empty cell.
/// </summary>
public sealed record ExportSheet(string Name, string FileStem, IReadOnlyList<ExportColumn> Columns, IReadOnlyList<object?[]> Rows);

/// <summary>Every table of one export, in order (one .xlsx sheet or one .csv file each).</summary>
public sealed record ExportWorkbook(IReadOnlyList<ExportSheet> Sheets)
{
    public int RowCount => Sheets.Sum(s => s.Rows.Count);
}

/// <summary>The tables people ask for: «exportar csv respuestas», `bitacora export answers`.</summary>
public enum ExportDataset
{
    /// <summary>Commitments, their history and the force-majeure situations that adjusted them (three sheets).</summary>
    Commitments,

    /// <summary>Session answers: guide → stage → component → question, answer, note, who, when.</summary>
    Answers,

    /// <summary>Sessions of the period and who took part.</summary>
    Participation,

    /// <summary>Rubric levels per criterion with their evidence.</summary>
    Rubric,
}

public enum ExportFormat
{
    Xlsx,
    Csv,
}

public static class ExportContentTypes
{
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string Csv = "text/csv; charset=utf-8";

    public static string For(ExportFormat format) => format == ExportFormat.Xlsx ? Xlsx : Csv;
}
