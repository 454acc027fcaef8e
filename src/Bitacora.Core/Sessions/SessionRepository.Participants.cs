using Azure.Data.Tables;
using Bitacora.Bot.Storage;

namespace Bitacora.Bot.Sessions;

/// <summary>Table "SessionParticipants": PartitionKey = escaped session id, RowKey = escaped participant id.</summary>
public sealed partial class SessionRepository
{
    // ---- participants ----

    /// <summary>
    /// Records that <paramref name="participant"/> took part. Once per session, person and name in this process: a
    /// click is not a reason to write the same row again (the in-memory set is bounded; forgetting costs one upsert).
    /// </summary>
    public async Task AddParticipantAsync(string sessionId, Participant participant, CancellationToken cancellationToken = default)
    {
        var key = sessionId + "\n" + participant.Id + "\n" + participant.Name;
        if (_recordedParticipants.TryGet(key, out _)) return;
        var table = await tables.GetAsync(ParticipantsTable, cancellationToken).ConfigureAwait(false);
        await table.UpsertEntityAsync(new TableEntity(TableKeys.Escape(sessionId), TableKeys.Escape(participant.Id))
        {
            ["Name"] = participant.Name,
            ["LastSeenAt"] = time.GetUtcNow(),
        }, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
        _recordedParticipants.Set(key, 0);
    }

    private readonly BoundedMap<byte> _recordedParticipants = new(10_000);

    public async Task<IReadOnlyList<Participant>> GetParticipantsAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetAsync(ParticipantsTable, cancellationToken).ConfigureAwait(false);
        var list = new List<Participant>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Escape(sessionId)}");
        await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            list.Add(new Participant(TableKeys.Unescape(e.RowKey), e.GetString("Name")));
        }
        return list;
    }
}
