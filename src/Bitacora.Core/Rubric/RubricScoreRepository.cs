using Azure.Data.Tables;
using Bitacora.Bot.Sessions;
using Bitacora.Bot.Storage;
using Microsoft.Extensions.Options;

namespace Bitacora.Bot.Rubric;

/// <summary>
/// Rubric scores, table "RubricScores". PartitionKey = escaped unit id, so a unit's scores (any period) are one
/// partition; current score RowKey "s~{period}~{rubricId}~{criterionId}", previous scores
/// "h~{period}~{rubricId}~{criterionId}~{revision:D6}" in the same partition so replacing a score and keeping the old
/// one is a single ETag-conditional transaction (see <see cref="VersionedRows"/>). Periods and ids never contain '~'
/// (periods are checked by <see cref="SessionPeriods"/>, ids by the guide validator).
/// </summary>
public sealed class RubricScoreRepository(TableClientProvider tables, TimeProvider time, IOptions<Sessions.SessionOptions> options)
{
    public const string TableName = "RubricScores";

    /// <summary>Saves a score validated with <see cref="SaveRubricScore.Validate"/>; the replaced score goes to history.</summary>
    public async Task<RubricWriteResult> SaveAsync(SaveRubricScore score, CancellationToken cancellationToken = default)
    {
        if (!SessionPeriods.IsValid(score.Period)) throw new ArgumentException($"Invalid period '{score.Period}'.", nameof(score));
        var table = await tables.GetAsync(TableName, cancellationToken).ConfigureAwait(false);
        var evidence = Session.Clean(score.Evidence);
        var key = $"{score.Period}~{score.RubricId}~{score.CriterionId}";
        var write = await VersionedRows.WriteAsync(
            table,
            TableKeys.Escape(score.UnitId),
            "s~" + key,
            current =>
            {
                if (current is not null && current.GetString("LevelId") == score.LevelId && current.GetString("Evidence") == evidence)
                {
                    return null;
                }
                return new TableEntity
                {
                    ["UnitId"] = score.UnitId,
                    ["Period"] = score.Period,
                    ["GuideId"] = score.GuideId,
                    ["RubricId"] = score.RubricId,
                    ["CriterionId"] = score.CriterionId,
                    ["LevelId"] = score.LevelId,
                    ["Evidence"] = evidence,
                    ["ScoredById"] = score.ScoredBy.Id,
                    ["ScoredByName"] = score.ScoredBy.Name,
                    ["ScoredAt"] = time.GetUtcNow(),
                };
            },
            (replaced, revision) => new TableEntity(replaced)
            {
                RowKey = $"h~{key}~{VersionedRows.Revision(revision)}",
                ["ReplacedById"] = score.ScoredBy.Id,
                ["ReplacedByName"] = score.ScoredBy.Name,
                ["ReplacedAt"] = time.GetUtcNow(),
            },
            options.Value.MaxWriteAttempts,
            cancellationToken).ConfigureAwait(false);
        return new RubricWriteResult(ToScore(write.Current), write.Outcome);
    }

    /// <summary>The current score of each scored criterion of a unit's rubric in a period.</summary>
    public async Task<IReadOnlyList<RubricScore>> GetScoresAsync(string unitId, string period, string rubricId, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetAsync(TableName, cancellationToken).ConfigureAwait(false);
        var list = new List<RubricScore>();
        await foreach (var e in table.QueryAsync<TableEntity>(Range(unitId, $"s~{period}~{rubricId}~"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            list.Add(ToScore(e));
        }
        return list;
    }

    /// <summary>Previous scores of one criterion, oldest first.</summary>
    public async Task<IReadOnlyList<RubricScoreRevision>> GetHistoryAsync(string unitId, string period, string rubricId, string criterionId, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetAsync(TableName, cancellationToken).ConfigureAwait(false);
        var list = new List<RubricScoreRevision>();
        await foreach (var e in table.QueryAsync<TableEntity>(Range(unitId, $"h~{period}~{rubricId}~{criterionId}~"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            list.Add(new RubricScoreRevision(
                e.GetString("CriterionId"),
                e.GetInt32(VersionedRows.RevisionProperty) ?? 0,
                e.GetString("LevelId"),
                e.GetString("Evidence"),
                new Participant(e.GetString("ScoredById"), e.GetString("ScoredByName")),
                e.GetDateTimeOffset("ScoredAt") ?? default,
                new Participant(e.GetString("ReplacedById"), e.GetString("ReplacedByName")),
                e.GetDateTimeOffset("ReplacedAt") ?? default));
        }
        return list;
    }

    private static string Range(string unitId, string prefix) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Escape(unitId)} and RowKey ge {prefix} and RowKey lt {prefix + '\u007f'}");

    private static RubricScore ToScore(TableEntity e) => new(
        e.GetString("UnitId"),
        e.GetString("Period"),
        e.GetString("GuideId"),
        e.GetString("RubricId"),
        e.GetString("CriterionId"),
        e.GetString("LevelId"),
        e.GetString("Evidence"),
        new Participant(e.GetString("ScoredById"), e.GetString("ScoredByName")),
        e.GetDateTimeOffset("ScoredAt") ?? default,
        e.GetInt32(VersionedRows.RevisionProperty) ?? 1);
}
