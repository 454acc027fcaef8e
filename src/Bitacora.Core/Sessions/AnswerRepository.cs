using Azure;
using Azure.Data.Tables;
using Bitacora.Bot.Storage;
using Microsoft.Extensions.Options;

namespace Bitacora.Bot.Sessions;

/// <summary>
/// Answers of sessions, table "SessionAnswers". One partition per session (PartitionKey = escaped session id), so
/// every read of a meeting is a single-partition query and a change is an entity-group transaction:
/// <list type="bullet">
/// <item>current answer: RowKey "a~{questionId}" — it also carries the value it replaced (Prev*), so a card shows
/// "Editado · antes: …" without reading history;</item>
/// <item>previous values: eight revisions of a question a row, RowKey "h~{questionId}~c{chunk:D6}"
/// (<see cref="HistoryRows"/>) — in the SAME partition because keeping the old value and writing the new one must be
/// atomic and ETag-conditional, which Table Storage only offers inside one partition;</item>
/// <item>the tally: RowKey "t~tally", which questions are answered and who answered (<see cref="SessionTally"/>),
/// changed in the same transaction as the answers, so a card knows every section's progress from one row; it also
/// records which click saved what (<see cref="TallyRow"/>), so a redelivered click finds its own save
/// (<see cref="AnswerSnapshot.AppliedQuestions"/>) and writes nothing.</item>
/// </list>
/// An answer turn reads one section (<see cref="ReadAsync"/>: one query for its questions and the tally) and writes all
/// of that section's changed inputs in one transaction (<see cref="TryWriteAsync"/>); a lost race re-reads and re-plans.
/// </summary>
public sealed partial class AnswerRepository(TableClientProvider tables, TimeProvider time, IOptions<SessionOptions> options)
{
    public const string TableName = "SessionAnswers";
    private const string CurrentPrefix = "a~";

    private int MaxAttempts => options.Value.MaxWriteAttempts;

    /// <summary>
    /// The current answers of <paramref name="questionIds"/> and the session's tally: one single-partition query (two, run
    /// at once, past <see cref="TableKeys.MaxRowKeysPerQuery"/> rows). A
    /// session written before the tally row existed costs one more query, once (the next write stores the row).
    /// With <paramref name="operationId"/> (the id of the click that will save), the tally row also tells whether that
    /// click's save is already committed (<see cref="AnswerSnapshot.AppliedQuestions"/>), and a write planned on this
    /// snapshot records it (<see cref="TryWriteAsync"/>).
    /// </summary>
    public async Task<AnswerSnapshot> ReadAsync(string sessionId, IReadOnlyCollection<string> questionIds, string? operationId = null,
        CancellationToken cancellationToken = default)
    {
        var table = await tables.GetAsync(TableName, cancellationToken).ConfigureAwait(false);
        var rows = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        TableEntity? tallyRow = null;
        foreach (var e in await GetRowsAsync(table, sessionId, questionIds.Select(q => CurrentPrefix + q).Append(TallyRow.RowKey), cancellationToken).ConfigureAwait(false))
        {
            if (e.RowKey == TallyRow.RowKey) tallyRow = e;
            else rows[e.GetString("QuestionId")] = e;
        }
        var tally = tallyRow is not null ? TallyRow.Read(tallyRow) : SessionTally.From(await GetAnswersAsync(sessionId, cancellationToken).ConfigureAwait(false));
        var operation = operationId is { Length: > 0 } ? operationId : null;
        return new AnswerSnapshot(sessionId, rows, tallyRow, tally)
        {
            OperationId = operation,
            AppliedQuestions = operation is null ? null : TallyRow.Applied(tallyRow, operation),
        };
    }

    /// <summary>
    /// The session's tally alone: one point read of its row (what the status message shows after every save). A session
    /// written before the tally row existed costs one query instead.
    /// </summary>
    public async Task<SessionTally> ReadTallyAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetAsync(TableName, cancellationToken).ConfigureAwait(false);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Escape(sessionId), TallyRow.RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue && row.Value is { } tally
            ? TallyRow.Read(tally)
            : SessionTally.From(await GetAnswersAsync(sessionId, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Adds the empty tally row of a new session (so its first answer turn is already a single query).</summary>
    public async Task InitializeAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetAsync(TableName, cancellationToken).ConfigureAwait(false);
        // Already there is fine.
        _ = await ConditionalWrite.TryAddAsync(table, TallyRow.Write(TableKeys.Escape(sessionId), SessionTally.Empty), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stores <paramref name="command"/>'s value; an existing different value moves to history. Same value and note: nothing written.</summary>
    public Task<AnswerWriteResult> SaveAsync(SaveAnswer command, CancellationToken cancellationToken = default) =>
        ChangeAsync(command.SessionId, command.QuestionId, _ => command.Value, command.Note, command.Respondent, command.GuideVersion, cancellationToken);

    /// <summary>
    /// Read-modify-write of one answer: <paramref name="change"/> gets the current answer (null if none) and returns the new
    /// value; it is re-run on the fresh value after a lost race, so concurrent changes (e.g. two people adding table rows)
    /// compose instead of overwriting each other.
    /// </summary>
    public Task<AnswerWriteResult> ChangeAsync(
        string sessionId,
        string questionId,
        Func<Answer?, AnswerValue> change,
        string? note,
        Participant respondent,
        int guideVersion,
        CancellationToken cancellationToken = default) =>
        WriteOneAsync(sessionId, questionId, existing => (change(existing), note), respondent, guideVersion, cancellationToken);

    /// <summary>Appends a row to a table question's answer; concurrent additions are all kept. The note is kept.</summary>
    public Task<AnswerWriteResult> AddTableRowAsync(string sessionId, string questionId, TableRow row, Participant respondent, int guideVersion, CancellationToken cancellationToken = default) =>
        WriteOneAsync(sessionId, questionId,
            existing => (new TableAnswer(existing?.Value is TableAnswer { Rows.IsDefault: false } t ? t.Rows.Add(row) : [row]), existing?.Note),
            respondent, guideVersion, cancellationToken);

    /// <summary>Removes one row (by id); the previous rows stay in history. The note is kept.</summary>
    public Task<AnswerWriteResult> RemoveTableRowAsync(string sessionId, string questionId, string rowId, Participant respondent, int guideVersion, CancellationToken cancellationToken = default) =>
        WriteOneAsync(sessionId, questionId,
            existing => (new TableAnswer(existing?.Value is TableAnswer { Rows.IsDefault: false } t ? t.Rows.RemoveAll(r => r.Id == rowId) : []), existing?.Note),
            respondent, guideVersion, cancellationToken);

    private async Task<AnswerWriteResult> WriteOneAsync(
        string sessionId,
        string questionId,
        Func<Answer?, (AnswerValue Value, string? Note)> change,
        Participant respondent,
        int guideVersion,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var snapshot = await ReadAsync(sessionId, [questionId], cancellationToken: cancellationToken).ConfigureAwait(false);
            var existing = snapshot.Answers.GetValueOrDefault(questionId);
            var (value, note) = change(existing);
            var write = await TryWriteAsync(snapshot, [new AnswerChange(questionId, value, note)], respondent, guideVersion, cancellationToken).ConfigureAwait(false);
            if (write is not null)
            {
                var outcome = write.Written.Count == 0 ? VersionedWriteOutcome.Unchanged
                    : existing is null ? VersionedWriteOutcome.Created : VersionedWriteOutcome.Updated;
                return new AnswerWriteResult(write.Answers.GetValueOrDefault(questionId) ?? existing!, outcome, attempt);
            }
            if (attempt >= MaxAttempts) throw new ConcurrencyLimitException($"Gave up writing {sessionId}/{questionId} after {attempt} conflicting attempts.", new InvalidOperationException("conflict"));
            await VersionedRows.Backoff(attempt, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<Answer?> GetAsync(string sessionId, string questionId, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetAsync(TableName, cancellationToken).ConfigureAwait(false);
        var entity = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Escape(sessionId), CurrentPrefix + questionId, cancellationToken: cancellationToken).ConfigureAwait(false);
        return entity.HasValue ? ToAnswer(sessionId, entity.Value!) : null;
    }

    /// <summary>Every current answer of a session (one partition, current-answer key range only).</summary>
    public async Task<IReadOnlyList<Answer>> GetAnswersAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetAsync(TableName, cancellationToken).ConfigureAwait(false);
        var answers = new List<Answer>();
        await foreach (var entity in table.QueryAsync<TableEntity>(Range(sessionId, CurrentPrefix), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            answers.Add(ToAnswer(sessionId, entity));
        }
        return answers;
    }

    /// <summary>
    /// Several history rows at once, by question and revision (one single-partition query per seven of them): what
    /// a card showed for the questions saved more than once since it was rendered. Missing rows are left out.
    /// </summary>
    public async Task<IReadOnlyDictionary<(string QuestionId, int Revision), AnswerRevision>> GetRevisionsAsync(
        string sessionId, IReadOnlyCollection<(string QuestionId, int Revision)> wanted, CancellationToken cancellationToken = default)
    {
        var found = new Dictionary<(string, int), AnswerRevision>();
        if (wanted.Count == 0) return found;
        var table = await tables.GetAsync(TableName, cancellationToken).ConfigureAwait(false);
        var rowKeys = wanted.SelectMany(w => new[] { HistoryRows.RowKey(w.QuestionId, w.Revision), HistoryRows.LegacyRowKey(w.QuestionId, w.Revision) });
        var wantedSet = wanted.ToHashSet();
        foreach (var e in await GetRowsAsync(table, sessionId, rowKeys, cancellationToken).ConfigureAwait(false))
        {
            foreach (var revision in HistoryRows.Read(e))
            {
                if (wantedSet.Contains((revision.QuestionId, revision.Revision))) found[(revision.QuestionId, revision.Revision)] = revision;
            }
        }
        return found;
    }

    /// <summary>The previous values of one answer, oldest first (the current value is not included).</summary>
    public async Task<IReadOnlyList<AnswerRevision>> GetHistoryAsync(string sessionId, string questionId, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetAsync(TableName, cancellationToken).ConfigureAwait(false);
        var revisions = new List<AnswerRevision>();
        await foreach (var e in table.QueryAsync<TableEntity>(Range(sessionId, HistoryRows.QuestionPrefix(questionId)), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            revisions.AddRange(HistoryRows.Read(e));
        }
        return [.. revisions.OrderBy(r => r.Revision)];
    }

    /// <summary>Every previous value of every answer of a session (one partition, history key range), oldest first per question.</summary>
    public async Task<IReadOnlyList<AnswerRevision>> GetAllHistoryAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetAsync(TableName, cancellationToken).ConfigureAwait(false);
        var revisions = new List<AnswerRevision>();
        await foreach (var e in table.QueryAsync<TableEntity>(Range(sessionId, HistoryRows.Prefix), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            revisions.AddRange(HistoryRows.Read(e));
        }
        return [.. revisions.OrderBy(r => r.QuestionId, StringComparer.Ordinal).ThenBy(r => r.Revision)];
    }

    /// <summary>
    /// These rows of the session's partition (those that exist): one single-partition query per
    /// <see cref="TableKeys.MaxRowKeysPerQuery"/> of them (Table Storage's limit of 15 comparisons a filter), run at once.
    /// A DEP section (up to 9 questions) and the tally is one query; JUNJI's «Dotación» step (14 questions) two.
    /// </summary>
    private static async Task<List<TableEntity>> GetRowsAsync(TableClient table, string sessionId, IEnumerable<string> rowKeys, CancellationToken cancellationToken)
    {
        var queries = rowKeys.Distinct(StringComparer.Ordinal).Chunk(TableKeys.MaxRowKeysPerQuery).Select(async chunk =>
        {
            var found = new List<TableEntity>(chunk.Length);
            await foreach (var e in table.QueryAsync<TableEntity>(RowsFilter(sessionId, chunk), cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                found.Add(e);
            }
            return found;
        });
        return [.. (await Task.WhenAll(queries).ConfigureAwait(false)).SelectMany(found => found)];
    }

    /// <summary>These rows of the session's partition, in one filter: at most <see cref="TableKeys.MaxRowKeysPerQuery"/> of them.</summary>
    private static string RowsFilter(string sessionId, IReadOnlyCollection<string> rowKeys) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Escape(sessionId)}") + " and ("
        + string.Join(" or ", rowKeys.Select(k => TableClient.CreateQueryFilter($"RowKey eq {k}"))) + ")";

    private static string Range(string sessionId, string prefix)
    {
        // All RowKeys starting with prefix: [prefix, prefix + '\u007f'), since keys are ASCII below DEL.
        return TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Escape(sessionId)} and RowKey ge {prefix} and RowKey lt {prefix + '\u007f'}");
    }

    internal static Answer ToAnswer(string sessionId, TableEntity e) => new(
        sessionId,
        e.GetString("QuestionId"),
        AnswerValue.FromJson(e.GetString("Value")),
        e.GetString("Note"),
        new Participant(e.GetString("RespondentId"), e.GetString("RespondentName")),
        e.GetDateTimeOffset("AnsweredAt") ?? default,
        e.GetInt32("GuideVersion") ?? 0,
        e.GetInt32(VersionedRows.RevisionProperty) ?? 1)
    {
        Previous = e.GetString("PrevValue") is { } prev
            ? new AnswerPrevious(AnswerValue.FromJson(prev), e.GetString("PrevNote"),
                new Participant(e.GetString("PrevRespondentId"), e.GetString("PrevRespondentName")), e.GetDateTimeOffset("PrevAnsweredAt") ?? default)
            : null,
    };
}
