using Bitacora.Bot.Sessions;

namespace Bitacora.Bot.Logbook;

/// <summary>
/// Which logbook: one per guide that keeps one, territory and period. <see cref="Id"/> names it everywhere: it is the
/// partition of its answers (SessionAnswers, as a session's), the <see cref="Session.Logbook"/> of its records and the
/// value of the logbook cards' data.
/// </summary>
public sealed record LogbookKey(string GuideId, string TerritoryId, string Period)
{
    private const string Prefix = "logbook:";

    public string Id => $"{Prefix}{GuideId}:{TerritoryId}:{Period}";

    public static LogbookKey? Parse(string? id)
    {
        if (id is null || !id.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var parts = id[Prefix.Length..].Split(':');
        return parts.Length == 3 && parts.All(p => p.Length > 0) && SessionPeriods.IsValid(parts[2])
            ? new LogbookKey(parts[0], parts[1], parts[2])
            : null;
    }

    /// <summary>The territory's sessions partition (the records are sessions of the territory).</summary>
    public SessionScope Scope(string territoryName) => SessionScope.Territory(TerritoryId, territoryName);
}

/// <summary>
/// A period logbook (JUNJI «Bitácora del ETT»): its background, organisation, planning and topics are answers stored
/// under <see cref="LogbookKey.Id"/>; its records N°1…k are sessions; this row holds the record counter and the steps'
/// state. <see cref="ETag"/> guards every change (two teams' members may write at once).
/// </summary>
public sealed record Logbook
{
    public required LogbookKey Key { get; init; }
    public required string TerritoryName { get; init; }
    /// <summary>The N° the next record gets (1 for the first).</summary>
    public int NextRecord { get; init; } = 1;
    /// <summary>When the team said the period part (antecedentes → temáticas) was done; null while it is being filled.</summary>
    public DateTimeOffset? FilledAt { get; init; }
    public string? FilledBy { get; init; }
    /// <summary>When the team closed the Evaluación del periodo.</summary>
    public DateTimeOffset? EvaluatedAt { get; init; }
    public string? EvaluatedBy { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required string CreatedBy { get; init; }
    public string? ETag { get; init; }

    public int RecordsStarted => NextRecord - 1;
}
