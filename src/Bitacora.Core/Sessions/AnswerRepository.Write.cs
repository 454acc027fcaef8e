using Azure.Data.Tables;

namespace Bitacora.Bot.Sessions;

/// <summary>What one batch write stored: the new current answers (by question id) and the tally after it.</summary>
public sealed record AnswerBatchResult(IReadOnlyDictionary<string, Answer> Answers, IReadOnlyList<string> Written, SessionTally Tally);

public sealed partial class AnswerRepository
{
    /// <summary>
    /// Writes every change in ONE entity-group transaction, conditional on the ETags of <paramref name="snapshot"/>:
    /// each replaced value is kept in history (<see cref="HistoryRows"/>), the current row keeps a copy of the value it replaced, and the tally
    /// row gets the markers of what changed in it (<see cref="TallyRow"/>: merged, so saves of other questions meanwhile
    /// do not conflict). Unchanged values are skipped. A snapshot read for a click (an operation id) also records on the
    /// tally row that the click saved, and what: a redelivery that reads after this sees it
    /// (<see cref="AnswerSnapshot.AppliedQuestions"/>); one that read before plans the same rows from the same card, so
    /// its transaction fails on their ETags like any lost race, and its re-read sees it. Returns null when someone wrote
    /// meanwhile (nothing was written): re-read and re-plan.
    /// </summary>
    public async Task<AnswerBatchResult?> TryWriteAsync(
        AnswerSnapshot snapshot,
        IReadOnlyList<AnswerChange> changes,
        Participant respondent,
        int guideVersion,
        CancellationToken cancellationToken = default)
    {
        var partition = Storage.TableKeys.Escape(snapshot.SessionId);
        var now = time.GetUtcNow();
        var actions = new List<TableTransactionAction>();
        var written = new List<string>();
        var result = new Dictionary<string, Answer>(snapshot.Answers, StringComparer.Ordinal);
        var tally = snapshot.Tally;
        foreach (var change in changes)
        {
            var note = Session.Clean(change.Note);
            var current = snapshot.Rows.GetValueOrDefault(change.QuestionId);
            var existing = snapshot.Answers.GetValueOrDefault(change.QuestionId);
            if (existing is not null && existing.Value.ToJson() == change.Value.ToJson() && existing.Note == note) continue;
            var next = new TableEntity(partition, CurrentPrefix + change.QuestionId)
            {
                ["QuestionId"] = change.QuestionId,
                ["Value"] = change.Value.ToJson(),
                ["Note"] = note,
                ["RespondentId"] = respondent.Id,
                ["RespondentName"] = respondent.Name,
                ["AnsweredAt"] = now,
                ["GuideVersion"] = guideVersion,
                [VersionedRows.RevisionProperty] = (existing?.Revision ?? 0) + 1,
            };
            if (current is null)
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.Add, next));
            }
            else
            {
                next["PrevValue"] = current.GetString("Value");
                next["PrevNote"] = current.GetString("Note");
                next["PrevRespondentId"] = current.GetString("RespondentId");
                next["PrevRespondentName"] = current.GetString("RespondentName");
                next["PrevAnsweredAt"] = current.GetDateTimeOffset("AnsweredAt");
                actions.Add(HistoryRows.Keep(current, existing!.Revision, respondent, now));
                actions.Add(new TableTransactionAction(TableTransactionActionType.UpdateReplace, next, current.ETag));
            }
            written.Add(change.QuestionId);
            result[change.QuestionId] = ToAnswer(snapshot.SessionId, next);
            tally = tally.With(change.QuestionId, !change.Value.IsEmpty, respondent);
        }
        if (actions.Count == 0) return new AnswerBatchResult(result, written, tally);
        if (snapshot.AlreadyApplied) throw new InvalidOperationException($"Click {snapshot.OperationId} of {snapshot.SessionId} already saved.");
        var operation = snapshot.OperationId is { } id ? TallyRow.Operation(id, written, now) : (TallyOperation?)null;
        if (TallyRow.Change(partition, snapshot.TallyRow, snapshot.Tally, tally, operation) is { } tallyChange) actions.Add(tallyChange);

        var table = await tables.GetAsync(TableName, cancellationToken).ConfigureAwait(false);
        try
        {
            await table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (VersionedRows.IsConcurrencyConflict(e))
        {
            return null;
        }
        return new AnswerBatchResult(result, written, tally);
    }
}
