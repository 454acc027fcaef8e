using Azure.Data.Tables;
using Bitacora.Bot.Storage;
using Microsoft.Extensions.Options;

namespace Bitacora.Bot.Sessions;

/// <summary>
/// Answers of sessions, table "SessionAnswers". One partition per session (PartitionKey = escaped session id), so
/// every read of a meeting is a single-partition query and a change is an entity-group transaction:
/// <list type="bullet">
/// <item>current answer: RowKey "a~{questionId}"</item>
/// <item>previous values: RowKey "h~{questionId}~{revision:D6}" — in the SAME partition (not a separate table) because
/// moving the old value to history and writing the new one must be atomic and ETag-conditional, which Table Storage
/// only offers inside one partition. The prefixes keep current answers and history in separate key ranges, so reading
/// the card's answers never reads the history.</item>
/// </list>
/// </summary>
public sealed class AnswerRepository(TableClientProvider tables, TimeProvider time, IOptions<SessionOptions> options)
{
    public const string TableName = "SessionAnswers";
    private const string CurrentPrefix = "a~";
    private const string HistoryPrefix = "h~";

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
        WriteAsync(sessionId, questionId, existing => (change(existing), note), respondent, guideVersion, cancellationToken);

    /// <summary>Appends a row to a table question's answer; concurrent additions are all kept. The note is kept.</summary>
    public Task<AnswerWriteResult> AddTableRowAsync(string sessionId, string questionId, TableRow row, Participant respondent, int guideVersion, CancellationToken cancellationToken = default) =>
        WriteAsync(sessionId, questionId,
            existing => (new TableAnswer(existing?.Value is TableAnswer { Rows.IsDefault: false } t ? t.Rows.Add(row) : [row]), existing?.Note),
            respondent, guideVersion, cancellationToken);

    /// <summary>Removes one row (by id); the previous rows stay in history. The note is kept.</summary>
    public Task<AnswerWriteResult> RemoveTableRowAsync(string sessionId, string questionId, string rowId, Participant respondent, int guideVersion, CancellationToken cancellationToken = default) =>
        WriteAsync(sessionId, questionId,
            existing => (new TableAnswer(existing?.Value is TableAnswer { Rows.IsDefault: false } t ? t.Rows.RemoveAll(r => r.Id == rowId) : []), existing?.Note),
            respondent, guideVersion, cancellationToken);

    private async Task<AnswerWriteResult> WriteAsync(
        string sessionId,
        string questionId,
        Func<Answer?, (AnswerValue Value, string? Note)> change,
        Participant respondent,
        int guideVersion,
        CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken).ConfigureAwait(false);
        var write = await VersionedRows.WriteAsync(
            table,
            TableKeys.Escape(sessionId),
            CurrentPrefix + questionId,
            current =>
            {
                var existing = current is null ? null : ToAnswer(sessionId, current);
                var (value, note) = change(existing);
                note = Session.Clean(note);
                if (existing is not null && existing.Value.ToJson() == value.ToJson() && existing.Note == note)
                {
                    return null;
                }
                return new TableEntity
                {
                    ["QuestionId"] = questionId,
                    ["Value"] = value.ToJson(),
                    ["Note"] = note,
                    ["RespondentId"] = respondent.Id,
                    ["RespondentName"] = respondent.Name,
                    ["AnsweredAt"] = time.GetUtcNow(),
                    ["GuideVersion"] = guideVersion,
                };
            },
            (replaced, revision) =>
            {
                var history = new TableEntity(replaced) { RowKey = $"{HistoryPrefix}{questionId}~{VersionedRows.Revision(revision)}" };
                history.ETag = default;
                history["ReplacedById"] = respondent.Id;
                history["ReplacedByName"] = respondent.Name;
                history["ReplacedAt"] = time.GetUtcNow();
                return history;
            },
            options.Value.MaxWriteAttempts,
            cancellationToken).ConfigureAwait(false);
        return new AnswerWriteResult(ToAnswer(sessionId, write.Current), write.Outcome, write.Attempts);
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

    /// <summary>The previous values of one answer, oldest first (the current value is not included).</summary>
    public async Task<IReadOnlyList<AnswerRevision>> GetHistoryAsync(string sessionId, string questionId, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetAsync(TableName, cancellationToken).ConfigureAwait(false);
        var revisions = new List<AnswerRevision>();
        await foreach (var e in table.QueryAsync<TableEntity>(Range(sessionId, $"{HistoryPrefix}{questionId}~"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            revisions.Add(ToRevision(e));
        }
        return revisions;
    }

    /// <summary>Every previous value of every answer of a session (one partition, history key range), oldest first per question.</summary>
    public async Task<IReadOnlyList<AnswerRevision>> GetAllHistoryAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetAsync(TableName, cancellationToken).ConfigureAwait(false);
        var revisions = new List<AnswerRevision>();
        await foreach (var e in table.QueryAsync<TableEntity>(Range(sessionId, HistoryPrefix), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            revisions.Add(ToRevision(e));
        }
        return revisions;
    }

    private static AnswerRevision ToRevision(TableEntity e) => new(
        e.GetString("QuestionId"),
        e.GetInt32(VersionedRows.RevisionProperty) ?? 0,
        AnswerValue.FromJson(e.GetString("Value")),
        e.GetString("Note"),
        new Participant(e.GetString("RespondentId"), e.GetString("RespondentName")),
        e.GetDateTimeOffset("AnsweredAt") ?? default,
        e.GetInt32("GuideVersion") ?? 0,
        new Participant(e.GetString("ReplacedById"), e.GetString("ReplacedByName")),
        e.GetDateTimeOffset("ReplacedAt") ?? default);

    private static string Range(string sessionId, string prefix)
    {
        // All RowKeys starting with prefix: [prefix, prefix + '\u007f'), since keys are ASCII below DEL.
        return TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Escape(sessionId)} and RowKey ge {prefix} and RowKey lt {prefix + '\u007f'}");
    }

    private static Answer ToAnswer(string sessionId, TableEntity e) => new(
        sessionId,
        e.GetString("QuestionId"),
        AnswerValue.FromJson(e.GetString("Value")),
        e.GetString("Note"),
        new Participant(e.GetString("RespondentId"), e.GetString("RespondentName")),
        e.GetDateTimeOffset("AnsweredAt") ?? default,
        e.GetInt32("GuideVersion") ?? 0,
        e.GetInt32(VersionedRows.RevisionProperty) ?? 1);
}
