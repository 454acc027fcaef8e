using Bitacora.Bot.Registry;
using Bitacora.Bot.Registry.Identifiers;
using Bitacora.Bot.Registry.Model;
using Bitacora.Bot.Registry.Storage;

namespace Bitacora.Bot.Territories;

/// <summary>What a person meant by "territorio …".</summary>
public abstract record TerritoryLookup
{
    private TerritoryLookup() { }

    public sealed record Found(Territory Territory) : TerritoryLookup;

    /// <summary>Nothing matched (or nothing asked and the person has no territory); <see cref="All"/> are the valid ones.</summary>
    public sealed record NotFound(IReadOnlyList<Territory> All) : TerritoryLookup;

    public sealed record Ambiguous(IReadOnlyList<Territory> Candidates) : TerritoryLookup;
}

/// <summary>
/// Finds a territory from what was typed: an id ("16-1", "16-01": a point read), a name ("Diguillín", "punilla itata",
/// accents and case ignored, unique prefix accepted) or, with no argument, the person's own territory (first of their
/// territories, else the first they coordinate).
/// </summary>
public sealed class TerritoryFinder(TerritoryStore store)
{
    public async Task<TerritoryLookup> FindAsync(string argument, Person? person, CancellationToken ct)
    {
        var text = argument.Trim();
        if (text.Length == 0)
        {
            var own = person is null ? null : person.Territories.Concat(person.Roles.CoordinatedTerritories).FirstOrDefault();
            if (own is not null && await store.GetAsync(own, ct).ConfigureAwait(false) is { } mine)
            {
                return new TerritoryLookup.Found(mine);
            }
            return new TerritoryLookup.NotFound(await store.ListAllAsync(ct).ConfigureAwait(false));
        }

        if (TerritoryId.Normalize(text) is { } id)
        {
            return await store.GetAsync(id, ct).ConfigureAwait(false) is { } byId
                ? new TerritoryLookup.Found(byId)
                : new TerritoryLookup.NotFound(await store.ListAllAsync(ct).ConfigureAwait(false));
        }

        var all = await store.ListAllAsync(ct).ConfigureAwait(false);
        var key = TextMatching.MatchKey(text);
        var exact = all.Where(t => TextMatching.MatchKey(t.Name) == key).ToList();
        var candidates = exact.Count > 0 ? exact : all.Where(t => TextMatching.MatchKey(t.Name).StartsWith(key, StringComparison.Ordinal)).ToList();
        return candidates.Count switch
        {
            1 => new TerritoryLookup.Found(candidates[0]),
            0 => new TerritoryLookup.NotFound(all),
            _ => new TerritoryLookup.Ambiguous(candidates),
        };
    }

    /// <summary>"16-1 Diguillín, 16-2 Punilla Itata".</summary>
    public static string Describe(IEnumerable<Territory> territories) =>
        string.Join(", ", territories.Select(t => $"{t.Id} {t.Name}"));
}
