using Bitacora.Bot.Coordination;
using Bitacora.Bot.Registry.Identity;

namespace Bitacora.Bot.Summaries;

/// <summary>Whose informe: a unit ("unit:junji:16101001") or a territory ("territory:16-1"), the outbox's subjects.</summary>
public sealed record SummarySubject(string Id, string TerritoryId, string? UnitId, string Name)
{
    public const string UnitPrefix = "unit:";
    public const string TerritoryPrefix = "territory:";

    public AccessScope Scope => UnitId is { } unit ? AccessScope.Unit(unit, TerritoryId) : AccessScope.Territory(TerritoryId);

    public static SummarySubject ForUnit(string unitId, string territoryId, string name) => new(UnitPrefix + unitId, territoryId, unitId, name);

    public static SummarySubject ForTerritory(string territoryId, string name) => new(TerritoryPrefix + territoryId, territoryId, null, name);

    /// <summary>How people read it: the unit's name and code, or «Territorio 16-1 Diguillín» (a territory's name alone is ambiguous).</summary>
    public string Label(CoordinationTexts texts) => UnitId is null ? texts.Format(CoordinationTexts.TerritoryHeading, TerritoryId, Name) : Name;
}
