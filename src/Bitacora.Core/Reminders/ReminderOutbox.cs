using Azure;
using Azure.Data.Tables;
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

/// <summary>The delivery record of one reminder (table "ReminderOutbox", PartitionKey = commitment id, RowKey = kind_dueTicks).</summary>
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
}

/// <summary>
/// The outbox rows the sweep's transitions (<see cref="OutboxTransitions"/>) read and write: a point read, an
/// insert-if-absent and an ETag-guarded replace. Implemented over Table Storage by <see cref="ReminderOutbox"/>.
/// </summary>
public interface IReminderOutbox
{
    Task<OutboxEntry?> GetAsync(string commitmentId, string kindToken, long dueTicks, CancellationToken ct);

    /// <summary>Insert-if-absent. Null when the row already exists (nothing written).</summary>
    Task<OutboxEntry?> TryAddAsync(OutboxEntry entry, CancellationToken ct);

    /// <summary>Replace-if-unchanged. Null when someone else changed the row first (the caller lost the race).</summary>
    Task<OutboxEntry?> TryUpdateAsync(OutboxEntry entry, CancellationToken ct);

    /// <summary>Final failures, newest first, for the operators' view.</summary>
    Task RecordFailureAsync(OutboxEntry entry, CancellationToken ct);
}

/// <summary>Outbox rows with insert-if-absent and ETag-guarded transitions; the ETag is what makes a claim exclusive.</summary>
public sealed class ReminderOutbox(TableClientProvider tables) : IReminderOutbox
{
    internal const string TableName = "ReminderOutbox";
    internal const string FailuresTableName = "ReminderFailures";

    private static string Pk(string commitmentId) => TableKeys.Escape(commitmentId);
    private static string Rk(string kindToken, long dueTicks) => $"{kindToken}_{dueTicks:D19}";

    public async Task<OutboxEntry?> GetAsync(string commitmentId, string kindToken, long dueTicks, CancellationToken ct)
    {
        var table = await tables.GetAsync(TableName, ct);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Pk(commitmentId), Rk(kindToken, dueTicks), cancellationToken: ct);
        return row.HasValue ? FromEntity(row.Value!) : null;
    }

    /// <summary>The delivery records of a commitment (for the card and for operators).</summary>
    public async Task<IReadOnlyList<OutboxEntry>> ListForCommitmentAsync(string commitmentId, CancellationToken ct)
    {
        var table = await tables.GetAsync(TableName, ct);
        var pk = Pk(commitmentId);
        var result = new List<OutboxEntry>();
        await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == pk, cancellationToken: ct))
        {
            result.Add(FromEntity(e));
        }
        return result;
    }

    public async Task<OutboxEntry?> TryAddAsync(OutboxEntry entry, CancellationToken ct)
    {
        var table = await tables.GetAsync(TableName, ct);
        try
        {
            var response = await table.AddEntityAsync(ToEntity(entry), ct);
            return entry with { ETag = response.Headers.ETag?.ToString() };
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return null;
        }
    }

    /// <summary>Replace-if-unchanged. Null when someone else changed the row first (the caller lost the race).</summary>
    public async Task<OutboxEntry?> TryUpdateAsync(OutboxEntry entry, CancellationToken ct)
    {
        var table = await tables.GetAsync(TableName, ct);
        try
        {
            var response = await table.UpdateEntityAsync(ToEntity(entry), new ETag(entry.ETag!), TableUpdateMode.Replace, ct);
            return entry with { ETag = response.Headers.ETag?.ToString() };
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            return null;
        }
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

    private static TableEntity ToEntity(OutboxEntry o) => new(Pk(o.CommitmentId), Rk(o.KindToken, o.DueTicks))
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

    private static OutboxEntry FromEntity(TableEntity e) => new()
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
