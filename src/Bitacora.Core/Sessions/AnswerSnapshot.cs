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
}

/// <summary>One question's new value and note, as a person saved it.</summary>
public sealed record AnswerChange(string QuestionId, AnswerValue Value, string? Note);

/// <summary>The session's tally row ("t~tally" in the answers partition), kept in the same transaction as the answers.</summary>
internal static class TallyRow
{
    public const string RowKey = "t~tally";

    private sealed record Stored(List<string>? Answered, List<StoredPerson>? People);

    private sealed record StoredPerson(string Id, string Name);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static SessionTally Read(TableEntity? row)
    {
        if (row is null) return SessionTally.Empty;
        var stored = JsonSerializer.Deserialize<Stored>(row.GetString("Tally") ?? "{}", Json);
        return new SessionTally(
            (stored?.Answered ?? []).ToHashSet(StringComparer.Ordinal),
            [.. (stored?.People ?? []).Select(p => new Participant(p.Id, p.Name))]);
    }

    public static TableEntity Write(string partitionKey, SessionTally tally) => new(partitionKey, RowKey)
    {
        ["Tally"] = JsonSerializer.Serialize(new Stored(
            [.. tally.Answered.Order(StringComparer.Ordinal)],
            [.. tally.Respondents.Select(p => new StoredPerson(p.Id, p.Name))]), Json),
    };
}
