using Bitacora.Bot.Registry;
using Bitacora.Bot.Registry.Identifiers;
using Bitacora.Bot.Registry.Model;
using Bitacora.Bot.Registry.Storage;

namespace Bitacora.Bot.Sessions.Flow;

/// <summary>One entry of the start card's "Territorio o unidad" list.</summary>
public sealed record ScopeChoice(string Id, string Title);

/// <summary>What a scope choice resolves to: the territory that numbers the session, and the unit if one was chosen.</summary>
public sealed record ResolvedScope(SessionScope Territory, SessionUnit? Unit)
{
    public string DisplayName => Unit is null ? Territory.Name : $"{Unit.Name} · {Territory.Name}";
}

/// <summary>
/// The territories and units a session can be about, read from the registry. Choice ids are "territory:16-1" and
/// "unit:junji:16101001" / "unit:rbd:41201". A unit's session belongs to the unit's territory (so N°k counts the
/// territory's meetings), and remembers the unit.
/// </summary>
public sealed class ScopeDirectory(RegistryCatalog catalog, TerritoryStore territories, UnitStore units, RegistryVersion version,
    SessionTexts texts)
{
    public const string TerritoryPrefix = "territory:";
    public const string UnitPrefix = "unit:";

    private sealed record Snapshot(string Version, IReadOnlyList<(Territory Territory, IReadOnlyList<ScopeChoice> Choices)> Territories);

    private Snapshot? _cache;

    /// <summary>
    /// Every territory followed by its units, the person's own territories (<paramref name="ownTerritories"/>) first.
    /// Kept in memory and re-read only when the registry changed (<see cref="RegistryVersion"/>): one point read per
    /// call whatever the size of the registry.
    /// </summary>
    public async Task<IReadOnlyList<ScopeChoice>> ListAsync(IReadOnlyCollection<string> ownTerritories, CancellationToken cancellationToken)
    {
        var current = await version.ReadAsync(cancellationToken);
        var snapshot = _cache;
        if (snapshot?.Version != current)
        {
            snapshot = await LoadAsync(current, cancellationToken);
            _cache = snapshot;
        }
        var own = ownTerritories.ToHashSet(StringComparer.Ordinal);
        return snapshot.Territories
            .OrderBy(t => own.Contains(t.Territory.Id) ? 0 : 1) // stable: region and number order within each group
            .SelectMany(t => t.Choices)
            .ToList();
    }

    /// <summary>Every territory followed by its units, in region and number order.</summary>
    public Task<IReadOnlyList<ScopeChoice>> ListAsync(CancellationToken cancellationToken) => ListAsync([], cancellationToken);

    /// <summary>All territories (one query; a few hundred rows) and all units (one range query over their territory index).</summary>
    private async Task<Snapshot> LoadAsync(string atVersion, CancellationToken cancellationToken)
    {
        var all = await territories.ListAllAsync(cancellationToken);
        var known = catalog.Regions.Select(r => r.Code).ToHashSet(StringComparer.Ordinal);
        var unitsByTerritory = await units.ListAllByTerritoryAsync(cancellationToken);
        var byName = StringComparer.Create(ChileTime.Culture, true);
        var result = new List<(Territory, IReadOnlyList<ScopeChoice>)>();
        foreach (var territory in all.Where(t => known.Contains(t.RegionCode)))
        {
            var choices = new List<ScopeChoice> { new(TerritoryPrefix + territory.Id, TerritoryName(territory)) };
            foreach (var unit in unitsByTerritory.GetValueOrDefault(territory.Id, []).OrderBy(u => u.Name, byName))
            {
                choices.Add(new ScopeChoice(UnitPrefix + unit.Code.Id, $"   {unit.Name} ({unit.Code.Display})"));
            }
            result.Add((territory, choices));
        }
        return new Snapshot(atVersion, result);
    }

    public async Task<ResolvedScope?> ResolveAsync(string? choiceId, CancellationToken cancellationToken)
    {
        if (choiceId is null) return null;
        if (choiceId.StartsWith(TerritoryPrefix, StringComparison.Ordinal))
        {
            var territory = await territories.GetAsync(choiceId[TerritoryPrefix.Length..], cancellationToken);
            return territory is null ? null : new ResolvedScope(TerritoryScope(territory), null);
        }
        if (choiceId.StartsWith(UnitPrefix, StringComparison.Ordinal) && UnitCode.TryParse(choiceId[UnitPrefix.Length..], out var code))
        {
            return await ResolveUnitAsync(code, cancellationToken);
        }
        return null;
    }

    public async Task<ResolvedScope?> ResolveUnitAsync(UnitCode code, CancellationToken cancellationToken)
    {
        var unit = await units.GetAsync(code, cancellationToken);
        if (unit is null) return null;
        var territory = await territories.GetAsync(unit.TerritoryId, cancellationToken);
        var scope = territory is null
            ? SessionScope.Territory(unit.TerritoryId, texts.Format(SessionTexts.ScopeTerritory, unit.TerritoryId))
            : TerritoryScope(territory);
        return new ResolvedScope(scope, new SessionUnit(unit.Code.Id, unit.Name));
    }

    private SessionScope TerritoryScope(Territory t) => SessionScope.Territory(t.Id, TerritoryName(t));

    private string TerritoryName(Territory t) =>
        texts.Format(SessionTexts.ScopeTerritoryName, t.Number, t.Name,
            string.IsNullOrWhiteSpace(t.RegionName) ? texts.Format(SessionTexts.ScopeRegion, t.RegionCode) : t.RegionName);
}
