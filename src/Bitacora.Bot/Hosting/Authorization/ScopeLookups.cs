using Bitacora.Bot.Registry.Identifiers;
using Bitacora.Bot.Registry.Identity;
using Bitacora.Bot.Registry.Storage;

namespace Bitacora.Bot.Hosting.Authorization;

/// <summary>
/// The building blocks every feature's scope lookups and owner checks are made of (see <see cref="AccessRule"/>): an
/// object a card names by id, a unit's scope in the registry, and the sender matched against an owner's keys.
/// </summary>
public static class ScopeLookups
{
    /// <summary>Longest id a card field may carry before the lookup treats it as no object at all.</summary>
    public const int MaxIdLength = 200;

    /// <summary>
    /// The object a card names in <paramref name="field"/>: loaded with <paramref name="load"/>, in the scope
    /// <paramref name="scopeOf"/> finds for it, handed to the handler as the target. Missing or unknown id → no object.
    /// </summary>
    public static async Task<ScopeLookup> NamedAsync<T>(VerbRequest request, string field,
        Func<string, CancellationToken, Task<T?>> load, Func<T, CancellationToken, Task<AccessScope>> scopeOf,
        CancellationToken ct) where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(load);
        ArgumentNullException.ThrowIfNull(scopeOf);
        return request.IdField(field) is { } id && await load(id, ct).ConfigureAwait(false) is { } found
            ? new ScopeLookup.Found(await scopeOf(found, ct).ConfigureAwait(false), found)
            : ScopeLookup.None;
    }

    /// <summary>A unit's scope: the unit, and its territory when the registry knows the unit.</summary>
    public static async Task<AccessScope> UnitScopeAsync(VerbRequest request, string unitId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        string? territory = null;
        if (UnitCode.TryParse(unitId, out var code) && request.Services.GetService<UnitStore>() is { } units)
        {
            territory = (await units.GetAsync(code, ct).ConfigureAwait(false))?.TerritoryId;
        }
        return AccessScope.Unit(unitId, territory);
    }

    /// <summary>
    /// Whether the sender is the person <paramref name="ownerKeys"/> name: their Teams user id or Entra object id (what
    /// Teams authenticates in <c>from</c>), or their registry entry's keys — never an email the activity merely claims.
    /// </summary>
    public static bool SenderIsOneOf(ResolvedIdentity identity, IEnumerable<string> ownerKeys)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var owner = ownerKeys.ToHashSet(StringComparer.Ordinal);
        return PersonKeys.All(identity.User.TeamsUserId, identity.User.AadObjectId, identity.Person?.Email,
                identity.Person?.AadObjectId, identity.Person?.TeamsUserId)
            .Any(k => k != "desconocido" && owner.Contains(k));
    }
}
