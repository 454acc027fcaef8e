using Bitacora.Bot.Registry.Storage;

namespace Bitacora.Bot.Registry.Import;

public enum ImportKind
{
    Territories,
    Units,
    People,
}

/// <param name="DryRun">Only report what would change; write nothing.</param>
/// <param name="Strict">If any row is invalid, write nothing at all.</param>
/// <param name="Progress">Called while the file is checked and while rows are written (the CLI prints it).</param>
/// <param name="Parallelism">Rows written at once (each row is its own partitions, so rows are independent).</param>
public sealed record ImportOptions(bool DryRun = false, bool Strict = false, Action<ImportProgress>? Progress = null, int Parallelism = 16);

public enum ImportPhase
{
    /// <summary>Reading and validating rows; nothing written yet.</summary>
    Checking,

    /// <summary>Writing the valid rows.</summary>
    Writing,
}

/// <summary>How far an import is: rows done in the phase, of <see cref="Total"/> (known while writing).</summary>
public sealed record ImportProgress(ImportPhase Phase, int Done, int? Total);

/// <summary>A row that could not be imported: its line in the file (1 = header) and the reason, in Spanish.</summary>
public sealed record ImportError(int Line, string Reason);

/// <summary>A valid row and what happened to it (or would happen, in a dry run).</summary>
public sealed record ImportRow(int Line, string Key, WriteOutcome Outcome);

public sealed record ImportReport(
    ImportKind Kind,
    ImportOptions Options,
    IReadOnlyList<ImportRow> Rows,
    IReadOnlyList<ImportError> Errors)
{
    /// <summary>False when nothing was written: a dry run, or a strict run with invalid rows, or a header problem.</summary>
    public bool Applied { get; init; }

    public int Created => Rows.Count(r => r.Outcome == WriteOutcome.Created);
    public int Updated => Rows.Count(r => r.Outcome == WriteOutcome.Updated);
    public int Unchanged => Rows.Count(r => r.Outcome == WriteOutcome.Unchanged);

    public bool HasErrors => Errors.Count > 0;
}
