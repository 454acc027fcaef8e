using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;

namespace Bitacora.Bot.Sessions;

/// <summary>
/// What one read of a section gives: the current answers of its questions (with their ETags, kept for the conditional
/// write that may follow) and the session's tally row. Read with ONE single-partition query, so an answer turn never
/// reads other sections' answers, their history or the participants.
/// </summary>
public sealed class AnswerSnapshot
{
    internal AnswerSnapshot(string sessionId, Dictionary<string, TableEntity> rows, TableEntity? tallyRow, SessionTally tally)
    {
        SessionId = sessionId;
        Rows = rows;
        TallyRow = tallyRow;
        Tally = tally;
        Answers = rows.ToDictionary(kv => kv.Key, kv => AnswerRepository.ToAnswer(sessionId, kv.Value), StringComparer.Ordinal);
    }

    public string SessionId { get; }

    /// <summary>Current answers by question id (only the questions asked for).</summary>
    public IReadOnlyDictionary<string, Answer> Answers { get; }

    /// <summary>Answered questions per section and who answered, for the whole session.</summary>
    public SessionTally Tally { get; }

    internal Dictionary<string, TableEntity> Rows { get; }

    /// <summary>Null when the session has no tally row yet (it is added by the next write).</summary>
    internal TableEntity? TallyRow { get; }

    /// <summary>
    /// True when the click this snapshot was read for (<see cref="AnswerRepository.ReadAsync"/>'s operation id) has
    /// already saved: a redelivery of that click, which must not save again.
    /// </summary>
    public bool AlreadyApplied => AppliedQuestions is not null;

    /// <summary>The questions the click this snapshot was read for saved, when it already saved; otherwise null.</summary>
    public IReadOnlySet<string>? AppliedQuestions { get; internal init; }

    /// <summary>The click a write planned on this snapshot records on the tally row (null: not recorded).</summary>
    internal string? OperationId { get; init; }
}

/// <summary>A click's marker on the tally row: its property name and value.</summary>
internal readonly record struct TallyOperation(string Name, string Value);

/// <summary>One question's new value and note, as a person saved it.</summary>
public sealed record AnswerChange(string QuestionId, AnswerValue Value, string? Note);

/// <summary>
/// The session's tally row ("t~tally" in the answers partition), changed in the same transaction as the answers.
/// Each answered question and each respondent is a property of its own (a <em>marker</em>: "Q…" / "R…", named by a
/// hash of the id, which the value carries), and a change writes only its own markers by an unconditional merge. So
/// people saving different questions at the same moment never conflict on the tally: without markers every first
/// answer changed the one shared value, and a meeting's first burst of saves retried in turn (each retry a query and a
/// transaction more). A question's marker is written only with that question's answer row, whose ETag orders the
/// writes to it, so the last marker is the last committed answer's. Rows written before markers keep their JSON
/// ("Tally"), which markers override; a row about to hold more than <see cref="MaxMarkers"/> markers is compacted
/// back into the JSON by a replace conditional on its ETag (Table Storage allows 252 properties).
/// <para>
/// The row also records which click saved what ("O…" markers, named by a hash of the activity id, valued
/// "{ticks}|{question ids}"), merged in the save's transaction: a redelivered click finds its own save there
/// (<see cref="Applied"/>). They count toward the markers; a compaction keeps the newest <see cref="KeptOperations"/>
/// (Teams redelivers within seconds or minutes, not after a meeting's hundreds of saves).
/// </para>
/// </summary>
internal static class TallyRow
{
    public const string RowKey = "t~tally";

    /// <summary>Markers a row may hold before it is compacted into its JSON (of Table Storage's 252 properties).</summary>
    public const int MaxMarkers = 200;

    private const string JsonProperty = "Tally";
    private const string QuestionPrefix = "Q";
    private const string PersonPrefix = "R";
    private const string OperationPrefix = "O";

    /// <summary>Click markers a compaction keeps, newest first.</summary>
    public const int KeptOperations = 40;
    private const char Answered = '+';
    private const char Unanswered = '-';

    private sealed record Stored(List<string>? Answered, List<StoredPerson>? People);

    private sealed record StoredPerson(string Id, string Name);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static SessionTally Read(TableEntity? row)
    {
        if (row is null) return SessionTally.Empty;
        var stored = row.GetString(JsonProperty) is { Length: > 0 } json ? JsonSerializer.Deserialize<Stored>(json, Json) : null;
        var answered = (stored?.Answered ?? []).ToHashSet(StringComparer.Ordinal);
        var people = (stored?.People ?? []).Select(p => new Participant(p.Id, p.Name)).ToList();
        var known = people.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var (key, value) in row)
        {
            if (value is not string { Length: > 0 } text) continue;
            if (IsMarker(key, QuestionPrefix))
            {
                if (text[0] == Answered) answered.Add(text[1..]);
                else answered.Remove(text[1..]);
            }
            else if (IsMarker(key, PersonPrefix) && JsonSerializer.Deserialize<StoredPerson>(text, Json) is { } person && known.Add(person.Id))
            {
                people.Add(new Participant(person.Id, person.Name));
            }
        }
        return new SessionTally(answered, people);
    }

    /// <summary>The whole tally as JSON, no markers: a new session's row, and a compacted one.</summary>
    public static TableEntity Write(string partitionKey, SessionTally tally) => new(partitionKey, RowKey)
    {
        [JsonProperty] = JsonSerializer.Serialize(new Stored(
            [.. tally.Answered.Order(StringComparer.Ordinal)],
            [.. tally.Respondents.Select(p => new StoredPerson(p.Id, p.Name))]), Json),
    };

    /// <summary>The marker of click <paramref name="operationId"/>, which saved <paramref name="questionIds"/> at <paramref name="at"/>.</summary>
    public static TallyOperation Operation(string operationId, IEnumerable<string> questionIds, DateTimeOffset at) =>
        new(Name(OperationPrefix, operationId), at.UtcTicks.ToString("D19", CultureInfo.InvariantCulture) + "|" + string.Join(",", questionIds));

    /// <summary>The questions click <paramref name="operationId"/> saved, when its marker is on <paramref name="row"/>; otherwise null.</summary>
    public static IReadOnlySet<string>? Applied(TableEntity? row, string operationId) =>
        row?.GetString(Name(OperationPrefix, operationId)) is { } value && value.IndexOf('|', StringComparison.Ordinal) is >= 0 and var bar
            ? value[(bar + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal)
            : null;

    /// <summary>
    /// What the transaction must do to the tally row to go from <paramref name="before"/> (read with
    /// <paramref name="row"/>) to <paramref name="after"/>, recording <paramref name="operation"/>: nothing, the new
    /// markers merged, the row added (none yet; conditional), or the row compacted (conditional on its ETag).
    /// </summary>
    public static TableTransactionAction? Change(string partitionKey, TableEntity? row, SessionTally before, SessionTally after,
        TallyOperation? operation = null)
    {
        if (row is null) return new TableTransactionAction(TableTransactionActionType.Add, With(Write(partitionKey, after), operation));
        var markers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var id in after.Answered.Where(q => !before.Answered.Contains(q))) markers[Name(QuestionPrefix, id)] = Answered + id;
        foreach (var id in before.Answered.Where(q => !after.Answered.Contains(q))) markers[Name(QuestionPrefix, id)] = Unanswered + id;
        var known = before.Respondents.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var person in after.Respondents.Where(p => !known.Contains(p.Id)))
        {
            markers[Name(PersonPrefix, person.Id)] = JsonSerializer.Serialize(new StoredPerson(person.Id, person.Name), Json);
        }
        if (operation is { } op) markers[op.Name] = op.Value;
        if (markers.Count == 0) return null;
        if (MarkerCount(row) + markers.Keys.Count(k => !row.ContainsKey(k)) > MaxMarkers)
        {
            var compacted = Write(partitionKey, after);
            // The newest click markers stay (their values start with the instant, so they sort by it).
            foreach (var (name, value) in row.Where(p => IsMarker(p.Key, OperationPrefix) && p.Value is string)
                         .Select(p => (p.Key, Value: (string)p.Value)).OrderByDescending(p => p.Value, StringComparer.Ordinal).Take(KeptOperations))
            {
                compacted[name] = value;
            }
            return new TableTransactionAction(TableTransactionActionType.UpdateReplace, With(compacted, operation), row.ETag);
        }
        var merge = new TableEntity(partitionKey, RowKey);
        foreach (var (name, value) in markers) merge[name] = value;
        return new TableTransactionAction(TableTransactionActionType.UpsertMerge, merge);
    }

    private static TableEntity With(TableEntity row, TallyOperation? operation)
    {
        if (operation is { } op) row[op.Name] = op.Value;
        return row;
    }

    private static int MarkerCount(TableEntity row) =>
        row.Keys.Count(k => IsMarker(k, QuestionPrefix) || IsMarker(k, PersonPrefix) || IsMarker(k, OperationPrefix));

    /// <summary>Prefix + 24 hex digits of the id's SHA-256: a valid property name whatever the id holds.</summary>
    private static string Name(string prefix, string id) =>
        prefix + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(id)), 0, 12);

    private static bool IsMarker(string key, string prefix) => key.Length == prefix.Length + 24 && key.StartsWith(prefix, StringComparison.Ordinal);
}
