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
        var key = MemoKey(sessionId, participant);
        if (_recordedParticipants.TryGet(key, out _)) return;
        await UpsertParticipantAsync(sessionId, participant, cancellationToken).ConfigureAwait(false);
        _recordedParticipants.Set(key, 0);
    }

    /// <summary>
    /// <see cref="AddParticipantAsync"/> right after the turn's answer (<see cref="AfterAnswerWrites"/>): a click's
    /// answer shows no participant. Remembered as recorded only once the row is written, so a failed write is retried
    /// on the person's next click; <see cref="GetParticipantsAsync"/> in this process waits for it.
    /// </summary>
    public Task AddParticipantAfterAnswerAsync(string sessionId, Participant participant)
    {
        var key = MemoKey(sessionId, participant);
        if (_recordedParticipants.TryGet(key, out _)) return Task.CompletedTask;
        if (afterAnswer is null) return AddParticipantAsync(sessionId, participant);
        return afterAnswer.EnqueueAsync(ParticipantRowKey(sessionId, participant.Id), participant.Name,
            $"participant {participant.Id} of session {sessionId}", async ct =>
            {
                await UpsertParticipantAsync(sessionId, participant, ct).ConfigureAwait(false);
                _recordedParticipants.Set(key, 0);
            });
    }

    private async Task UpsertParticipantAsync(string sessionId, Participant participant, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(ParticipantsTable, cancellationToken).ConfigureAwait(false);
        await table.UpsertEntityAsync(new TableEntity(TableKeys.Escape(sessionId), TableKeys.Escape(participant.Id))
        {
            ["Name"] = participant.Name,
            ["LastSeenAt"] = time.GetUtcNow(),
        }, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
    }

    private static string MemoKey(string sessionId, Participant participant) => sessionId + "\n" + participant.Id + "\n" + participant.Name;

    /// <summary>The row's key in <see cref="AfterAnswerWrites"/>; every row of a session shares the prefix.</summary>
    private static string ParticipantRowKey(string sessionId, string participantId) => ParticipantsPrefix(sessionId) + participantId;

    private static string ParticipantsPrefix(string sessionId) => ParticipantsTable + "\n" + sessionId + "\n";

    private readonly BoundedMap<byte> _recordedParticipants = new(10_000);

    public async Task<IReadOnlyList<Participant>> GetParticipantsAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        if (afterAnswer is not null) await afterAnswer.WhenWrittenAsync(ParticipantsPrefix(sessionId)).WaitAsync(cancellationToken).ConfigureAwait(false);
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
