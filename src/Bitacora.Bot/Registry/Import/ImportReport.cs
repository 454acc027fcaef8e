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
public sealed record ImportOptions(bool DryRun = false, bool Strict = false);

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
