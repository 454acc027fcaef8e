using System.Globalization;
using Azure.Data.Tables;

namespace Bitacora.Bot.Sessions;

/// <summary>
/// How the previous values of answers are laid out in a session's partition of "SessionAnswers": a row holds
/// <see cref="RevisionsPerRow"/> consecutive revisions of one question, RowKey "h~{questionId}~c{chunk:D6}" with
/// chunk = (revision − 1) ÷ <see cref="RevisionsPerRow"/>, each revision as its own properties ("R{revision:D6}_Value",
/// "…_Note", …). A save that replaces a value merges that revision's properties onto its row (an upsert-merge in the
/// save's transaction, which the current row's ETag already makes exclusive), so a history row never conflicts and
/// never has to be read to be written.
/// <para>
/// Why not a row per revision (the first layout, still read): a meeting's answers are edited many times, and every
/// row of the table is one more row for each query to pass over — Azurite runs a query over the whole table, and the
/// section query of every answer turn is one. Eight revisions a row is what fits the limits whatever the answers are:
/// a value is at most what its current row held (a property of 64 KiB), so eight of them with their notes and names
/// stay under the entity's 1 MiB, and 8 × <see cref="PropertiesPerRevision"/> properties under its 252.
/// </para>
/// </summary>
internal static class HistoryRows
{
    public const string Prefix = "h~";
    public const int RevisionsPerRow = 8;

    /// <summary>What <see cref="Keep"/> writes for one revision: value, note, who and when, guide version, who and when replaced it.</summary>
    public const int PropertiesPerRevision = 9;
    private const string QuestionProperty = "QuestionId";

    /// <summary>The row that holds <paramref name="revision"/> of <paramref name="questionId"/>.</summary>
    public static string RowKey(string questionId, int revision) =>
        $"{Prefix}{questionId}~c{((revision - 1) / RevisionsPerRow).ToString("D6", CultureInfo.InvariantCulture)}";

    /// <summary>Where a single revision was kept before (one row each): still read, never written.</summary>
    public static string LegacyRowKey(string questionId, int revision) => $"{Prefix}{questionId}~{VersionedRows.Revision(revision)}";

    /// <summary>The first RowKey of <paramref name="questionId"/>'s history rows (both layouts).</summary>
    public static string QuestionPrefix(string questionId) => $"{Prefix}{questionId}~";

    /// <summary>
    /// The upsert-merge that keeps <paramref name="current"/> (the current row being replaced, revision
    /// <paramref name="revision"/>) in history, replaced by <paramref name="replacedBy"/> at <paramref name="at"/>.
    /// </summary>
    public static TableTransactionAction Keep(TableEntity current, int revision, Participant replacedBy, DateTimeOffset at)
    {
        var questionId = current.GetString(QuestionProperty);
        var row = new TableEntity(current.PartitionKey, RowKey(questionId, revision)) { [QuestionProperty] = questionId };
        var name = Name(revision);
        void Set(string field, object? value)
        {
            if (value is not null) row[name + field] = value; // an absent property reads as null, as on the current row
        }
        Set("Value", current.GetString("Value"));
        Set("Note", current.GetString("Note"));
        Set("RespondentId", current.GetString("RespondentId"));
        Set("RespondentName", current.GetString("RespondentName"));
        Set("AnsweredAt", current.GetDateTimeOffset("AnsweredAt"));
        Set("GuideVersion", current.GetInt32("GuideVersion"));
        Set("ReplacedById", replacedBy.Id);
        Set("ReplacedByName", replacedBy.Name);
        Set("ReplacedAt", at);
        return new TableTransactionAction(TableTransactionActionType.UpsertMerge, row);
    }

    /// <summary>The revisions a history row holds (a row of either layout), in no particular order.</summary>
    public static IEnumerable<AnswerRevision> Read(TableEntity row)
    {
        var questionId = row.GetString(QuestionProperty);
        if (row.ContainsKey("Value"))
        {
            // One revision per row (the first layout).
            yield return Revision(row, questionId, row.GetInt32(VersionedRows.RevisionProperty) ?? 0, "");
            yield break;
        }
        foreach (var key in row.Keys)
        {
            if (key.Length == 13 && key[0] == 'R' && key.EndsWith("_Value", StringComparison.Ordinal)
                && int.TryParse(key.AsSpan(1, 6), NumberStyles.None, CultureInfo.InvariantCulture, out var revision))
            {
                yield return Revision(row, questionId, revision, Name(revision));
            }
        }
    }

    private static string Name(int revision) => "R" + revision.ToString("D6", CultureInfo.InvariantCulture) + "_";

    private static AnswerRevision Revision(TableEntity row, string questionId, int revision, string name) => new(
        questionId,
        revision,
        AnswerValue.FromJson(row.GetString(name + "Value")),
        row.GetString(name + "Note"),
        new Participant(row.GetString(name + "RespondentId"), row.GetString(name + "RespondentName")),
        row.GetDateTimeOffset(name + "AnsweredAt") ?? default,
        row.GetInt32(name + "GuideVersion") ?? 0,
        new Participant(row.GetString(name + "ReplacedById"), row.GetString(name + "ReplacedByName")),
        row.GetDateTimeOffset(name + "ReplacedAt") ?? default);
}
