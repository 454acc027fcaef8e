using Bitacora.Bot.Registry.Model;

namespace Bitacora.Bot.Registry.Identity;

public enum ScopeKind
{
    /// <summary>The role is enough, wherever it is held.</summary>
    Any,
    Territory,
    Region,
    Unit,
}

/// <summary>
/// Where a permission applies: a territory ("16-1"), a region ("16") or a unit ("rbd:41202" of territory "16-1").
/// Each role reads it in its own terms — an adviser must work in the territory, a regional coordinator must coordinate
/// its region, a directive team must lead the unit (or a unit of the territory); administrators pass everywhere.
/// </summary>
public sealed record AccessScope(ScopeKind Kind, string? Id, string? TerritoryId = null)
{
    public static AccessScope Any { get; } = new(ScopeKind.Any, null);

    public static AccessScope Territory(string territoryId) => new(ScopeKind.Territory, territoryId, territoryId);

    public static AccessScope Region(string regionCode) => new(ScopeKind.Region, regionCode);

    /// <summary>A unit; <paramref name="territoryId"/> null when the unit is not in the registry (only its directive team and administrators hold it).</summary>
    public static AccessScope Unit(string unitId, string? territoryId) => new(ScopeKind.Unit, unitId, territoryId);

    /// <summary>The region the scope lies in ("16" for territory "16-1"), when it has one.</summary>
    public string? RegionCode => Kind == ScopeKind.Region
        ? Id
        : Model.TerritoryId.TryParse(TerritoryId, out var region, out _) ? region : null;

    public override string ToString() => Kind == ScopeKind.Any ? "-" : $"{Kind} {Id}";
}
