using Azure;
using Azure.Data.Tables;
using Bitacora.Bot.Storage;

namespace Bitacora.Bot.Commitments;

/// <summary>
/// Table layout (keys designed for the reads):
/// <list type="bullet">
/// <item>"Commitments", PartitionKey = unit: "c_{id}" the commitment (the source of truth, ETag-guarded),
/// "h_{id}_{version}_{n}" its history, "f_{eventId}" approved force-majeure events, "r_{requestId}" force-majeure
/// requests (ForceMajeure/ForceMajeureRequestStore). A change writes the commitment and its
/// history rows in one entity-group transaction, so history can never disagree with the state.</item>
/// <item>"CommitmentIndex" (projections, rewritten after each change): "id_{id}" → unit (point read by id),
/// "p_{person}" / "{yyyy-MM-dd}_{id}" open commitments of a person by date, "s_{session}" / "{id}" per session.</item>
/// </list>
/// </summary>
public sealed class CommitmentStore(TableClientProvider tables)
{
    internal const string TableName = "Commitments";
    internal const string IndexTableName = "CommitmentIndex";

    internal static string UnitKey(string unit) => TableKeys.Escape(unit);
    internal static string CommitmentRow(string id) => "c_" + id;
    internal static string HistoryRow(string id, int version, int n) => $"h_{id}_{TableKeys.Number(version)}_{n:D2}";
    internal static string ForceMajeureRow(string id) => "f_" + id;
    private static string IdPartition(string id) => "id_" + id;
    private static string PersonPartition(string personId) => "p_" + TableKeys.Escape(personId);
    private static string SessionPartition(string sessionId) => "s_" + TableKeys.Escape(sessionId);
    private static string PersonRow(Commitment c) => $"{CommitmentEntityMapper.FormatDate(c.AccountabilityDate)}_{c.Id}";

    /// <summary>The unit of a commitment id (written before the commitment itself, so it is never missing).</summary>
    public async Task<string?> FindUnitAsync(string id, CancellationToken ct)
    {
        var index = await tables.GetAsync(IndexTableName, ct);
        var row = await index.GetEntityIfExistsAsync<TableEntity>(IdPartition(id), "", ["Unit"], ct);
        return row.HasValue ? row.Value!.GetString("Unit") : null;
    }

    public async Task<Commitment?> GetAsync(string unit, string id, CancellationToken ct)
    {
        var table = await tables.GetAsync(TableName, ct);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(UnitKey(unit), CommitmentRow(id), cancellationToken: ct);
        if (row.HasValue && row.Value!.GetString(MovedToColumn) is { Length: > 0 } movedTo && movedTo != unit)
        {
            // Moved to another unit (see MoveAsync): the mark outlives the old row only for the moment of the move.
            var moved = await table.GetEntityIfExistsAsync<TableEntity>(UnitKey(movedTo), CommitmentRow(id), cancellationToken: ct);
            return moved.HasValue ? CommitmentEntityMapper.FromEntity(moved.Value!) : null;
        }
        return row.HasValue ? CommitmentEntityMapper.FromEntity(row.Value!) : null;
    }

    private const string MovedToColumn = "MovedTo";

    public async Task<Commitment?> GetAsync(string id, CancellationToken ct) =>
        await FindUnitAsync(id, ct) is { } unit ? await GetAsync(unit, id, ct) : null;

    public async Task<IReadOnlyList<Commitment>> ListByUnitAsync(string unit, CancellationToken ct)
    {
        var table = await tables.GetAsync(TableName, ct);
        var pk = UnitKey(unit);
        var result = new List<Commitment>();
        await foreach (var e in table.QueryAsync<TableEntity>(
                           x => x.PartitionKey == pk && x.RowKey.CompareTo("c_") >= 0 && x.RowKey.CompareTo("c`") < 0,
                           cancellationToken: ct))
        {
            if (e.GetString(MovedToColumn) is not { Length: > 0 })
            {
                result.Add(CommitmentEntityMapper.FromEntity(e));
            }
        }
        return result;
    }

    public async Task<IReadOnlyList<CommitmentChange>> GetHistoryAsync(string unit, string id, CancellationToken ct)
    {
        var table = await tables.GetAsync(TableName, ct);
        var pk = UnitKey(unit);
        var from = $"h_{id}_";
        var to = $"h_{id}`";
        var result = new List<CommitmentChange>();
        await foreach (var e in table.QueryAsync<TableEntity>(
                           x => x.PartitionKey == pk && x.RowKey.CompareTo(from) >= 0 && x.RowKey.CompareTo(to) < 0,
                           cancellationToken: ct))
        {
            result.Add(CommitmentEntityMapper.ChangeFromEntity(e));
        }
        return result;
    }

    public async Task<ForceMajeureEvent?> GetForceMajeureAsync(string unit, string eventId, CancellationToken ct)
    {
        var table = await tables.GetAsync(TableName, ct);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(UnitKey(unit), ForceMajeureRow(eventId), cancellationToken: ct);
        return row.HasValue ? CommitmentEntityMapper.ForceMajeureFromEntity(row.Value!) : null;
    }

    /// <summary>Open commitments of a person, earliest accountability date first (one partition query).</summary>
    public Task<IReadOnlyList<CommitmentSummary>> ListOpenForPersonAsync(string personId, CancellationToken ct) =>
        ListSummariesAsync(PersonPartition(personId), ct);

    public Task<IReadOnlyList<CommitmentSummary>> ListBySessionAsync(string sessionId, CancellationToken ct) =>
        ListSummariesAsync(SessionPartition(sessionId), ct);

    private async Task<IReadOnlyList<CommitmentSummary>> ListSummariesAsync(string partition, CancellationToken ct)
    {
        var index = await tables.GetAsync(IndexTableName, ct);
        var result = new List<CommitmentSummary>();
        await foreach (var e in index.QueryAsync<TableEntity>(x => x.PartitionKey == partition, cancellationToken: ct))
        {
            result.Add(new CommitmentSummary(e.GetString("Id"), e.GetString("Unit"), e.GetString("What"),
                CommitmentEntityMapper.ParseDate(e.GetString("AccountabilityDate")),
                Enum.Parse<CommitmentStatus>(e.GetString("Status")), e.GetString("ResponsibleName"), e.GetInt32("EvidenceFileCount") ?? 0));
        }
        return result;
    }

    /// <summary>Step 1 of a creation: the id → unit row, harmless if the commitment write never follows.</summary>
    internal async Task AddIdLookupAsync(Commitment c, CancellationToken ct)
    {
        var index = await tables.GetAsync(IndexTableName, ct);
        await index.UpsertEntityAsync(new TableEntity(IdPartition(c.Id), "") { ["Unit"] = c.Unit }, TableUpdateMode.Replace, ct);
    }

    /// <summary>
    /// Writes the commitments (insert when <see cref="Commitment.ETag"/> is null, otherwise replace-if-ETag-matches), their
    /// history rows and optionally a force-majeure event, all in one transaction of the unit's partition.
    /// Returns false on an ETag mismatch or an existing id (someone else wrote first).
    /// </summary>
    /// <param name="extra">More rows of the unit's partition written in the same transaction (e.g. the force-majeure
    /// request an approval closes, ETag-guarded).</param>
    internal async Task<bool> WriteAsync(string unit, IReadOnlyList<Commitment> commitments,
        IReadOnlyList<CommitmentChange> changes, ForceMajeureEvent? forceMajeure, CancellationToken ct,
        IReadOnlyList<TableTransactionAction>? extra = null)
    {
        var table = await tables.GetAsync(TableName, ct);
        var pk = UnitKey(unit);
        var actions = new List<TableTransactionAction>();
        foreach (var c in commitments)
        {
            var entity = CommitmentEntityMapper.ToEntity(c, pk, CommitmentRow(c.Id));
            actions.Add(c.ETag is null
                ? new TableTransactionAction(TableTransactionActionType.Add, entity)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, new ETag(c.ETag)));
        }
        var n = 0;
        foreach (var h in changes)
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.Add,
                CommitmentEntityMapper.ToEntity(h, pk, HistoryRow(h.CommitmentId, h.Version, n++))));
        }
        if (forceMajeure is not null)
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.Add,
                CommitmentEntityMapper.ToEntity(forceMajeure, pk, ForceMajeureRow(forceMajeure.Id))));
        }
        actions.AddRange(extra ?? []);
        try
        {
            await table.SubmitTransactionAsync(actions, ct);
            return true;
        }
        catch (RequestFailedException e) when (ConditionalWrite.IsConflict(e))
        {
            return false;
        }
    }

    /// <summary>
    /// Moves a commitment to another unit (partition): (1) the old row is marked moved, guarded by its ETag — the step
    /// that loses a race, returning false; (2) the commitment and its whole <paramref name="history"/> are written in
    /// the new unit; (3) the id lookup points there; (4) the old rows are deleted. Steps 2–4 are idempotent.
    /// </summary>
    internal async Task<bool> MoveAsync(Commitment before, Commitment after, IReadOnlyList<CommitmentChange> history, CancellationToken ct)
    {
        var table = await tables.GetAsync(TableName, ct);
        var oldPk = UnitKey(before.Unit);
        try
        {
            await table.UpdateEntityAsync(new TableEntity(oldPk, CommitmentRow(before.Id)) { [MovedToColumn] = after.Unit, ["Version"] = after.Version },
                new ETag(before.ETag!), TableUpdateMode.Merge, ct);
        }
        catch (RequestFailedException e) when (ConditionalWrite.ChangedOrGone(e))
        {
            return false;
        }
        var newPk = UnitKey(after.Unit);
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpsertReplace, CommitmentEntityMapper.ToEntity(after, newPk, CommitmentRow(after.Id))),
        };
        var n = new Dictionary<int, int>();
        foreach (var h in history)
        {
            n[h.Version] = n.TryGetValue(h.Version, out var k) ? k + 1 : 0;
            actions.Add(new(TableTransactionActionType.UpsertReplace, CommitmentEntityMapper.ToEntity(h, newPk, HistoryRow(h.CommitmentId, h.Version, n[h.Version]))));
        }
        foreach (var chunk in actions.Chunk(100))
        {
            await table.SubmitTransactionAsync(chunk, ct);
        }
        await AddIdLookupAsync(after, ct);
        var from = $"h_{before.Id}_";
        var to = $"h_{before.Id}`";
        await foreach (var e in table.QueryAsync<TableEntity>(
                           x => x.PartitionKey == oldPk && x.RowKey.CompareTo(from) >= 0 && x.RowKey.CompareTo(to) < 0, select: ["RowKey"], cancellationToken: ct))
        {
            await table.DeleteEntityAsync(oldPk, e.RowKey, ETag.All, ct);
        }
        await table.DeleteEntityAsync(oldPk, CommitmentRow(before.Id), ETag.All, ct);
        return true;
    }

    /// <summary>Rewrites the person and session projections of a commitment after a successful change (idempotent).</summary>
    internal async Task UpdateProjectionsAsync(Commitment? before, Commitment after, CancellationToken ct)
    {
        var index = await tables.GetAsync(IndexTableName, ct);
        var summary = new Dictionary<string, object?>
        {
            ["Id"] = after.Id,
            ["Unit"] = after.Unit,
            ["What"] = after.What,
            ["AccountabilityDate"] = CommitmentEntityMapper.FormatDate(after.AccountabilityDate),
            ["Status"] = after.Status.ToString(),
            ["ResponsibleName"] = after.Responsible.Name,
            ["Version"] = after.Version,
            ["EvidenceFileCount"] = after.EvidenceFiles.Count,
        };
        if (before is not null && (before.Responsible.Id != after.Responsible.Id || PersonRow(before) != PersonRow(after) || !after.IsListed))
        {
            await index.DeleteEntityAsync(PersonPartition(before.Responsible.Id), PersonRow(before), ETag.All, ct);
        }
        if (after.IsListed)
        {
            await index.UpsertEntityAsync(new TableEntity(summary) { PartitionKey = PersonPartition(after.Responsible.Id), RowKey = PersonRow(after) },
                TableUpdateMode.Replace, ct);
        }
        await index.UpsertEntityAsync(new TableEntity(summary) { PartitionKey = SessionPartition(after.Origin.SessionId), RowKey = after.Id },
            TableUpdateMode.Replace, ct);
    }

    /// <summary>
    /// Several commitments of one unit in one query per <see cref="MaxIdsPerQuery"/> ids (the reminder sweep reads a
    /// bucket's commitments this way): one round trip where point reads would take one each. Missing ids are absent
    /// from the result; a row moved to another unit is followed like <see cref="GetAsync(string, string, CancellationToken)"/> does.
    /// </summary>
    /// <summary>Ids one query names (<see cref="TableKeys.MaxRowKeysPerQuery"/>).</summary>
    public const int MaxIdsPerQuery = TableKeys.MaxRowKeysPerQuery;

    public async Task<IReadOnlyDictionary<string, Commitment>> GetManyAsync(string unit, IEnumerable<string> ids, CancellationToken ct)
    {
        var table = await tables.GetAsync(TableName, ct);
        var result = new Dictionary<string, Commitment>(StringComparer.Ordinal);
        foreach (var chunk in ids.Distinct(StringComparer.Ordinal).Chunk(MaxIdsPerQuery))
        {
            var rows = string.Join(" or ", chunk.Select(id => TableClient.CreateQueryFilter($"RowKey eq {CommitmentRow(id)}")));
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {UnitKey(unit)}") + " and (" + rows + ")";
            await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
            {
                var c = e.GetString(MovedToColumn) is { Length: > 0 } movedTo && movedTo != unit
                    ? await GetAsync(unit, e.RowKey[2..], ct)
                    : CommitmentEntityMapper.FromEntity(e);
                if (c is not null)
                {
                    result[c.Id] = c;
                }
            }
        }
        return result;
    }
}
