using Bitacora.Bot.Registry.Identity;
using Bitacora.Bot.Registry.Model;
using Bitacora.Bot.Registry.Storage;
using Bitacora.Bot.Sessions.Flow;

namespace Bitacora.Bot.Coordination;

/// <summary>
/// A filter checked against the registry: the territories (one, or those of a region) or the single unit to read,
/// the period, and the <see cref="AccessScope"/> the role gate checks.
/// </summary>
public sealed record CoordinationScope(
    AccessScope Access,
    string Description,
    IReadOnlyList<Territory> Territories,
    Unit? Unit,
    ReportPeriod Period,
    bool PeriodGiven)
{
    /// <summary>The filter as it can be typed again (for the export command line and hints).</summary>
    public string CliArguments => (Unit is { } u
            ? $"--unit {u.Code.Id}"
            : Access.Kind == ScopeKind.Region ? $"--region {Access.Id}" : $"--territory {Territories[0].Id}")
        + $" --period {Period.Key}";
}

/// <summary>The scope, or the Spanish answer to give instead.</summary>
public sealed record ScopeResolution(CoordinationScope? Scope, string? Error);

/// <summary>
/// Applies the defaults and looks the filter up: unit → its territory; territory → must exist; region → its
/// territories; nothing → the territory the person coordinates (or their region, or the territory they work in).
/// Period: the given one, else the current semester in America/Santiago.
/// </summary>
public sealed class CoordinationScopeResolver(TerritoryStore territories, UnitStore units, ChileTime clock, CoordinationTexts texts)
{
    public async Task<ScopeResolution> ResolveAsync(FilterRequest request, ResolvedIdentity identity, CancellationToken ct)
    {
        var period = request.Period ?? ReportPeriod.SemesterOf(clock.Today);
        var given = request.Period is not null;
        if (request.Unit is { } code)
        {
            var unit = await units.GetAsync(code, ct);
            if (unit is null)
            {
                return new(null, texts.Format(CoordinationTexts.UnknownUnit, code.Display));
            }
            var territory = await territories.GetAsync(unit.TerritoryId, ct);
            return territory is null
                ? new(null, texts.Format(CoordinationTexts.UnknownTerritory, unit.TerritoryId))
                : new(new CoordinationScope(AccessScope.Unit(unit.Code.Id, unit.TerritoryId),
                    $"{unit.Name} ({unit.Code.Display})", [territory], unit, period, given), null);
        }
        var territoryId = request.TerritoryId;
        var regionCode = request.RegionCode;
        if (territoryId is null && regionCode is null)
        {
            var roles = identity.Person?.Roles ?? PersonRoles.None;
            if (roles.CoordinatedTerritories.Count == 1 || (roles.CoordinatedTerritories.Count > 1 && roles.CoordinatedRegions.Count == 0))
            {
                territoryId = roles.CoordinatedTerritories[0];
            }
            else if (roles.CoordinatedRegions.Count > 0)
            {
                regionCode = roles.CoordinatedRegions[0];
            }
            else if (identity.Person?.Territories is [var first, ..])
            {
                territoryId = first;
            }
            else
            {
                return new(null, texts[CoordinationTexts.NoDefaultScope] + "\n\n" + texts[CoordinationTexts.FilterExamples]);
            }
        }
        if (territoryId is not null)
        {
            var territory = await territories.GetAsync(territoryId, ct);
            return territory is null
                ? new(null, texts.Format(CoordinationTexts.UnknownTerritory, territoryId))
                : new(new CoordinationScope(AccessScope.Territory(territory.Id), texts.Format(CoordinationTexts.ScopeTerritory, territory.Id, territory.Name),
                    [territory], null, period, given), null);
        }
        var inRegion = await territories.ListByRegionAsync(regionCode!, ct);
        if (inRegion.Count == 0)
        {
            return new(null, texts.Format(CoordinationTexts.UnknownRegion, regionCode));
        }
        var ordered = inRegion.OrderBy(t => t.Number).ToList();
        return new(new CoordinationScope(AccessScope.Region(regionCode!), texts.Format(CoordinationTexts.ScopeRegion, ordered[0].RegionName, regionCode),
            ordered, null, period, given), null);
    }
}
