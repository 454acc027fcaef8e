using Azure;
using Azure.Data.Tables;
using Bitacora.Bot.Commitments;
using Bitacora.Bot.Storage;
using NodaTime;

namespace Bitacora.Bot.Reminders;

public enum OutboxState
{
    /// <summary>Recorded, not being sent (first time, or waiting for <see cref="OutboxEntry.NextAttemptAt"/>).</summary>
    Pending,

    /// <summary>A sweep owns it until <see cref="OutboxEntry.LeaseUntil"/> and may be talking to Teams right now.</summary>
    Sending,
    Sent,

    /// <summary>Attempts exhausted or unreachable even through the fallback; listed in "ReminderFailures".</summary>
    Failed,

    /// <summary>The commitment was closed or rescheduled before the reminder went out.</summary>
    Skipped,
}

public enum OutboxTarget
{
    Personal,
    SessionConversation,
}

/// <summary>
/// The delivery record of one reminder (table "ReminderOutboxByHour", PartitionKey = UTC hour of the due instant,
/// RowKey = commitmentId_kind_dueTicks): the reminders due in the same hour share a partition, so a sweep claims and
/// records them up to 100 to an entity-group transaction.
/// </summary>
public sealed record OutboxEntry
{
    public required string CommitmentId { get; init; }
    public required string Unit { get; init; }
    public required string KindToken { get; init; }
    public required long DueTicks { get; init; }
    public required string IdempotencyKey { get; init; }
    public OutboxState State { get; init; }
    public OutboxTarget Target { get; init; }
    public int Attempts { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? LeaseUntil { get; init; }
    public DateTimeOffset? NextAttemptAt { get; init; }
    public DateTimeOffset? SentAt { get; init; }
    public string? ActivityId { get; init; }
    public string? LastError { get; init; }
    public bool PossibleRedelivery { get; init; }
    public string? ETag { get; init; }

    public bool IsFinal => State is OutboxState.Sent or OutboxState.Failed or OutboxState.Skipped;

    /// <summary>The partition (UTC due hour) this row lives in; rows of one transaction share it.</summary>
    public string Partition => ReminderOutbox.PartitionOf(DueTicks);
}

/// <summary>
/// The outbox rows the sweep's transitions (<see cref="OutboxTransitions"/>) read and write: a point read, an
/// insert-if-absent and an ETag-guarded replace, one row or a group of rows of one partition at a time (all or
/// nothing). Implemented over Table Storage by <see cref="ReminderOutbox"/>.
/// </summary>
public interface IReminderOutbox
{
    Task<OutboxEntry?> GetAsync(string commitmentId, string kindToken, long dueTicks, CancellationToken ct);

    /// <summary>Insert-if-absent. Null when the row already exists (nothing written).</summary>
    Task<OutboxEntry?> TryAddAsync(OutboxEntry entry, CancellationToken ct);

    /// <summary>Replace-if-unchanged. Null when someone else changed the row first (the caller lost the race).</summary>
    Task<OutboxEntry?> TryUpdateAsync(OutboxEntry entry, CancellationToken ct);

    /// <summary>
    /// Inserts up to <see cref="ReminderOutbox.MaxBatch"/> rows of one partition in one transaction: the rows with
    /// their ETags, or null when any of them existed (then none was written).
    /// </summary>
    Task<IReadOnlyList<OutboxEntry>?> TryAddManyAsync(IReadOnlyList<OutboxEntry> entries, CancellationToken ct);

    /// <summary>
    /// Replaces up to <see cref="ReminderOutbox.MaxBatch"/> rows of one partition in one transaction, each only if it
    /// still has its ETag: the rows with their new ETags, or null when any of them changed (then none was written).
    /// </summary>
    Task<IReadOnlyList<OutboxEntry>?> TryUpdateManyAsync(IReadOnlyList<OutboxEntry> entries, CancellationToken ct);

    /// <summary>Final failures, newest first, for the operators' view.</summary>
    Task RecordFailureAsync(OutboxEntry entry, CancellationToken ct);
}

/// <summary>
/// Outbox rows with insert-if-absent and ETag-guarded transitions (<see cref="ConditionalWrite"/>); the ETag is what
/// makes a claim exclusive. Rows written by the previous layout (partitioned by commitment) are read through
/// <see cref="LegacyOutboxRows"/>.
/// </summary>
public sealed class ReminderOutbox(TableClientProvider tables) : IReminderOutbox
{
    internal const string TableName = "ReminderOutboxByHour";
    internal const string FailuresTableName = "ReminderFailures";

    /// <summary>Most actions Table Storage accepts in one entity-group transaction.</summary>
    public const int MaxBatch = 100;

    public static string PartitionOf(long dueTicks) => ReminderDueIndex.Bucket(Instant.FromUnixTimeTicks(dueTicks));

    private static string Rk(string commitmentId, string kindToken, long dueTicks) =>
        $"{TableKeys.Escape(commitmentId)}_{kindToken}_{dueTicks:D19}";

    public async Task<OutboxEntry?> GetAsync(string commitmentId, string kindToken, long dueTicks, CancellationToken ct)
    {
        var table = await tables.GetAsync(TableName, ct);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(PartitionOf(dueTicks), Rk(commitmentId, kindToken, dueTicks), cancellationToken: ct);
        return row.HasValue ? FromEntity(row.Value!) : null;
    }

    /// <summary>
    /// The delivery records of the reminders <paramref name="commitment"/> promises (one range query per due hour,
    /// usually one per reminder), plus what the previous layout recorded for it. For operators and tests; the cards
    /// show the commitment's own state, not the outbox.
    /// </summary>
    public async Task<IReadOnlyList<OutboxEntry>> ListForCommitmentAsync(Commitment commitment, LegacyOutboxRows? legacy, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(commitment);
        var table = await tables.GetAsync(TableName, ct);
        var from = TableKeys.Escape(commitment.Id) + "_";
        var to = TableKeys.Escape(commitment.Id) + "`"; // the character after '_'
        var result = new Dictionary<string, OutboxEntry>(StringComparer.Ordinal);
        foreach (var partition in commitment.Reminders.Select(r => PartitionOf(r.DueUtc.ToUnixTimeTicks())).Distinct(StringComparer.Ordinal))
        {
            await foreach (var e in table.QueryAsync<TableEntity>(
                               x => x.PartitionKey == partition && x.RowKey.CompareTo(from) >= 0 && x.RowKey.CompareTo(to) < 0, cancellationToken: ct))
            {
                var entry = FromEntity(e);
                if (entry.CommitmentId == commitment.Id)
                {
                    result[entry.IdempotencyKey] = entry;
                }
            }
        }
        foreach (var old in legacy is null ? [] : await legacy.ListForCommitmentAsync(commitment.Id, ct))
        {
            result.TryAdd(old.IdempotencyKey, old);
        }
        return result.Values.OrderBy(o => o.DueTicks).ToList();
    }

    public async Task<OutboxEntry?> TryAddAsync(OutboxEntry entry, CancellationToken ct)
    {
        var table = await tables.GetAsync(TableName, ct);
        return await ConditionalWrite.TryAddAsync(table, ToEntity(entry), ct) is { } etag ? entry with { ETag = etag.ToString() } : null;
    }

    public async Task<OutboxEntry?> TryUpdateAsync(OutboxEntry entry, CancellationToken ct)
    {
        var table = await tables.GetAsync(TableName, ct);
        return await ConditionalWrite.TryUpdateAsync(table, ToEntity(entry), new ETag(entry.ETag!), TableUpdateMode.Replace, ct) is { } etag
            ? entry with { ETag = etag.ToString() }
            : null;
    }

    public Task<IReadOnlyList<OutboxEntry>?> TryAddManyAsync(IReadOnlyList<OutboxEntry> entries, CancellationToken ct) =>
        SubmitAsync(entries, e => new TableTransactionAction(TableTransactionActionType.Add, ToEntity(e)), ct);

    public Task<IReadOnlyList<OutboxEntry>?> TryUpdateManyAsync(IReadOnlyList<OutboxEntry> entries, CancellationToken ct) =>
        SubmitAsync(entries, e => new TableTransactionAction(TableTransactionActionType.UpdateReplace, ToEntity(e), new ETag(e.ETag!)), ct);

    private async Task<IReadOnlyList<OutboxEntry>?> SubmitAsync(IReadOnlyList<OutboxEntry> entries, Func<OutboxEntry, TableTransactionAction> action,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count is 0 or > MaxBatch || entries.Any(e => e.Partition != entries[0].Partition))
        {
            throw new ArgumentException($"A transaction takes 1 to {MaxBatch} rows of one partition.", nameof(entries));
        }
        var table = await tables.GetAsync(TableName, ct);
        var etags = await ConditionalWrite.TrySubmitAsync(table, entries.Select(action).ToList(), ct);
        return etags?.Select((etag, i) => entries[i] with { ETag = etag.ToString() }).ToList();
    }

    /// <summary>Final failures, newest first, for the operators' view.</summary>
    public async Task RecordFailureAsync(OutboxEntry entry, CancellationToken ct)
    {
        var table = await tables.GetAsync(FailuresTableName, ct);
        await table.UpsertEntityAsync(new TableEntity("failed", TableKeys.NewestFirst(entry.UpdatedAt) + "_" + TableKeys.Escape(entry.IdempotencyKey))
        {
            ["IdempotencyKey"] = entry.IdempotencyKey,
            ["CommitmentId"] = entry.CommitmentId,
            ["Unit"] = entry.Unit,
            ["Attempts"] = entry.Attempts,
            ["LastError"] = entry.LastError,
        }, TableUpdateMode.Replace, ct);
    }

    public async Task<IReadOnlyList<(string IdempotencyKey, string? LastError)>> ListFailuresAsync(int max, CancellationToken ct)
    {
        var table = await tables.GetAsync(FailuresTableName, ct);
        var result = new List<(string, string?)>();
        await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == "failed", maxPerPage: max, cancellationToken: ct))
        {
            result.Add((e.GetString("IdempotencyKey"), e.GetString("LastError")));
            if (result.Count >= max)
            {
                break;
            }
        }
        return result;
    }

    private static TableEntity ToEntity(OutboxEntry o) => new(o.Partition, Rk(o.CommitmentId, o.KindToken, o.DueTicks))
    {
        ["CommitmentId"] = o.CommitmentId,
        ["Unit"] = o.Unit,
        ["Kind"] = o.KindToken,
        ["DueTicks"] = o.DueTicks,
        ["IdempotencyKey"] = o.IdempotencyKey,
        ["State"] = o.State.ToString(),
        ["Target"] = o.Target.ToString(),
        ["Attempts"] = o.Attempts,
        ["CreatedAt"] = o.CreatedAt,
        ["UpdatedAt"] = o.UpdatedAt,
        ["LeaseUntil"] = o.LeaseUntil,
        ["NextAttemptAt"] = o.NextAttemptAt,
        ["SentAt"] = o.SentAt,
        ["ActivityId"] = o.ActivityId,
        ["LastError"] = o.LastError,
        ["PossibleRedelivery"] = o.PossibleRedelivery,
    };

    internal static OutboxEntry FromEntity(TableEntity e) => new()
    {
        CommitmentId = e.GetString("CommitmentId"),
        Unit = e.GetString("Unit"),
        KindToken = e.GetString("Kind"),
        DueTicks = e.GetInt64("DueTicks") ?? 0,
        IdempotencyKey = e.GetString("IdempotencyKey"),
        State = Enum.Parse<OutboxState>(e.GetString("State")),
        Target = Enum.Parse<OutboxTarget>(e.GetString("Target")),
        Attempts = e.GetInt32("Attempts") ?? 0,
        CreatedAt = e.GetDateTimeOffset("CreatedAt") ?? default,
        UpdatedAt = e.GetDateTimeOffset("UpdatedAt") ?? default,
        LeaseUntil = e.GetDateTimeOffset("LeaseUntil"),
        NextAttemptAt = e.GetDateTimeOffset("NextAttemptAt"),
        SentAt = e.GetDateTimeOffset("SentAt"),
        ActivityId = e.GetString("ActivityId"),
        LastError = e.GetString("LastError"),
        PossibleRedelivery = e.GetBoolean("PossibleRedelivery") ?? false,
        ETag = e.ETag.ToString(),
    };

    internal static Instant DueOf(OutboxEntry o) => Instant.FromUnixTimeTicks(o.DueTicks);
}
