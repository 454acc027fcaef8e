using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;

namespace Bitacora.Bot.Sessions;

/// <summary>A <see cref="Session"/> as its row in table "Sessions" (<see cref="SessionRepository"/>), and back.</summary>
internal static class SessionEntity
{
    /// <summary>A session id is "{PartitionKey}/{RowKey}" of its row in "Sessions".</summary>
    public static bool TrySplitId(string sessionId, out string partitionKey, out string rowKey)
    {
        var slash = sessionId.IndexOf('/', StringComparison.Ordinal);
        partitionKey = slash > 0 ? sessionId[..slash] : "";
        rowKey = slash > 0 ? sessionId[(slash + 1)..] : "";
        return slash > 0 && rowKey.Length > 0 && !rowKey.Contains('/');
    }

    public static TableEntity ToEntity(Session s)
    {
        TrySplitId(s.Id, out var partitionKey, out var rowKey);
        return new TableEntity(partitionKey, rowKey)
        {
            ["ScopeKind"] = s.Scope.Kind.ToString(),
            ["ScopeId"] = s.Scope.Id,
            ["ScopeName"] = s.Scope.Name,
            ["UnitId"] = s.Unit?.Id,
            ["UnitName"] = s.Unit?.Name,
            ["GuideId"] = s.GuideId,
            ["Logbook"] = s.Logbook,
            ["GuideVersion"] = s.GuideVersion,
            ["Period"] = s.Period,
            ["Number"] = s.Number,
            ["Date"] = s.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["Objective"] = s.Objective,
            ["Strategy"] = s.Strategy,
            ["Status"] = s.Status.ToString(),
            ["CurrentSectionIndex"] = s.CurrentSectionIndex,
            ["ConversationId"] = s.ConversationId,
            ["StartedById"] = s.StartedBy.Id,
            ["StartedByName"] = s.StartedBy.Name,
            ["CreatedAt"] = s.CreatedAt,
            ["UpdatedAt"] = s.UpdatedAt,
            ["Version"] = s.Version,
            ["StatusActivityId"] = s.StatusActivityId,
            ["SummaryActivityId"] = s.SummaryActivityId,
            ["History"] = s.History.Count == 0 ? null : JsonSerializer.Serialize<IReadOnlyList<SessionEvent>>(s.History, HistoryJson),
        };
    }

    public static Session FromEntity(TableEntity e) => new()
    {
        Id = e.PartitionKey + "/" + e.RowKey,
        Scope = new SessionScope(Enum.Parse<SessionScopeKind>(e.GetString("ScopeKind")), e.GetString("ScopeId"), e.GetString("ScopeName")),
        Unit = e.GetString("UnitId") is { Length: > 0 } unitId ? new SessionUnit(unitId, e.GetString("UnitName") ?? unitId) : null,
        GuideId = e.GetString("GuideId"),
        Logbook = e.GetString("Logbook"),
        GuideVersion = e.GetInt32("GuideVersion") ?? 1,
        Period = e.GetString("Period"),
        Number = e.GetInt32("Number") ?? 0,
        Date = DateOnly.ParseExact(e.GetString("Date"), "yyyy-MM-dd", CultureInfo.InvariantCulture),
        Objective = e.GetString("Objective"),
        Strategy = e.GetString("Strategy"),
        Status = Enum.Parse<SessionStatus>(e.GetString("Status")),
        CurrentSectionIndex = e.GetInt32("CurrentSectionIndex") ?? 0,
        ConversationId = e.GetString("ConversationId"),
        StartedBy = new Participant(e.GetString("StartedById"), e.GetString("StartedByName")),
        CreatedAt = e.GetDateTimeOffset("CreatedAt") ?? default,
        UpdatedAt = e.GetDateTimeOffset("UpdatedAt") ?? default,
        Version = e.GetInt64("Version") ?? 1,
        StatusActivityId = e.GetString("StatusActivityId"),
        SummaryActivityId = e.GetString("SummaryActivityId"),
        History = e.GetString("History") is { Length: > 0 } history
            ? new SessionHistory(JsonSerializer.Deserialize<List<SessionEvent>>(history, HistoryJson) ?? [])
            : SessionHistory.Empty,
    };

    private static readonly JsonSerializerOptions HistoryJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };
}
