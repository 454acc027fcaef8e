using Bitacora.Bot.Coordination;
using Bitacora.Bot.Sessions.Flow;

namespace Bitacora.Bot.Exports;

/// <summary>
/// The tables of an export for a coordination scope (unit, territory or region, and period) — the same scope the role
/// gate checked, so a filter never reaches beyond it. Used by «exportar» and by `bitacora export`.
/// </summary>
public sealed class ExportBuilder(CommitmentSheets commitments, SessionSheets sessions, ChileTime clock)
{
    public static IReadOnlyList<ExportDataset> AllDatasets { get; } = Enum.GetValues<ExportDataset>();

    public async Task<ExportWorkbook> BuildAsync(CoordinationScope scope, IReadOnlyCollection<ExportDataset> datasets, CancellationToken ct)
    {
        var sheets = new List<ExportSheet>();
        foreach (var dataset in AllDatasets.Where(datasets.Contains))
        {
            switch (dataset)
            {
                case ExportDataset.Commitments:
                    sheets.AddRange(await commitments.BuildAsync(scope, clock.Today, ct));
                    break;
                case ExportDataset.Answers:
                    sheets.Add(await sessions.AnswersAsync(scope, ct));
                    break;
                case ExportDataset.Participation:
                    sheets.Add(await sessions.ParticipationAsync(scope, ct));
                    break;
                case ExportDataset.Rubric:
                    sheets.Add(await sessions.RubricAsync(scope, ct));
                    break;
            }
        }
        return new ExportWorkbook(sheets);
    }
}
