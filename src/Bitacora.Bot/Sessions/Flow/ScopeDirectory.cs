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
public sealed class ScopeDirectory(RegistryCatalog catalog, TerritoryStore territories, UnitStore units, SessionTexts texts)
{
    public const string TerritoryPrefix = "territory:";
    public const string UnitPrefix = "unit:";

    /// <summary>Every territory (one partition query per region) followed by its units (one partition query each).</summary>
    public async Task<IReadOnlyList<ScopeChoice>> ListAsync(CancellationToken cancellationToken)
    {
        var perRegion = await Task.WhenAll(catalog.Regions.Select(r => territories.ListByRegionAsync(r.Code, cancellationToken)));
        var all = perRegion.SelectMany(t => t).OrderBy(t => t.RegionCode, StringComparer.Ordinal).ThenBy(t => t.Number).ToList();
        var unitsPerTerritory = await Task.WhenAll(all.Select(t => units.ListByTerritoryAsync(t.Id, cancellationToken)));
        var choices = new List<ScopeChoice>();
        for (var i = 0; i < all.Count; i++)
        {
            var territory = all[i];
            choices.Add(new ScopeChoice(TerritoryPrefix + territory.Id, TerritoryName(territory)));
            foreach (var unit in unitsPerTerritory[i].OrderBy(u => u.Name, StringComparer.Create(ChileTime.Culture, true)))
            {
                choices.Add(new ScopeChoice(UnitPrefix + unit.Code.Id, $"   {unit.Name} ({unit.Code.Display})"));
            }
        }
        return choices;
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
