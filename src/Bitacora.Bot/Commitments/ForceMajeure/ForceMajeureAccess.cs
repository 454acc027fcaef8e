using Bitacora.Bot.Commitments.Chat;
using Bitacora.Bot.Hosting.Authorization;
using Bitacora.Bot.Registry.Identifiers;
using Bitacora.Bot.Registry.Identity;
using Bitacora.Bot.Registry.Storage;

namespace Bitacora.Bot.Commitments.ForceMajeure;

/// <summary>
/// Scope lookups and owner checks of the force-majeure verbs: a request belongs to its unit, the unit to its territory.
/// A responsible who is not in the unit's directive team may request for (and answer about) their own commitments only.
/// </summary>
public static class ForceMajeureAccess
{
    private const int MaxIdLength = 200;
    private const int MaxAffected = 60;

    /// <summary>What the request form's scope lookup found: the unit and the commitments the card marks as affected.</summary>
    public sealed record FormTarget(string Unit, IReadOnlyList<Commitment> Affected);

    /// <summary>A request a card names ("requestId"): its unit's scope; the request is the target.</summary>
    public static async Task<ScopeLookup> NamedRequestAsync(VerbRequest request, CancellationToken ct)
    {
        if (request.Field("requestId") is not { Length: <= MaxIdLength } id
            || await request.Get<ForceMajeureService>().GetAsync(id, ct) is not { } found)
        {
            return ScopeLookup.None;
        }
        return new ScopeLookup.Found(await UnitScopeAsync(request, found.Unit, ct), found);
    }

    /// <summary>The request form ("unit" + "fm.d.{id}" inputs): the unit's scope, with the affected commitments as target.</summary>
    public static async Task<ScopeLookup> FormAsync(VerbRequest request, CancellationToken ct)
    {
        if (request.Field("unit") is not { Length: <= MaxIdLength } unitText || CreateCommitmentAction.ParseUnit(unitText) is not { } unit)
        {
            return ScopeLookup.None;
        }
        var store = request.Get<CommitmentStore>();
        var affected = new List<Commitment>();
        foreach (var key in request.Data.Select(p => p.Key).Where(k => k.StartsWith("fm.d.", StringComparison.Ordinal)).Take(MaxAffected))
        {
            if (request.Field(key) is { } value && value != ForceMajeureViews.NotAffected
                && await store.GetAsync(unit, key["fm.d.".Length..], ct) is { } c)
            {
                affected.Add(c);
            }
        }
        return new ScopeLookup.Found(await UnitScopeAsync(request, unit, ct), new FormTarget(unit, affected));
    }

    /// <summary>«fuerza mayor junji 16101001»: the named unit's scope (no unit named: the handler finds one or asks).</summary>
    public static async Task<ScopeLookup> ArgumentUnitAsync(VerbRequest request, CancellationToken ct)
    {
        if (request.Arguments.Trim() is not { Length: > 0 and <= MaxIdLength } text || CreateCommitmentAction.ParseUnit(text) is not { } unit)
        {
            return ScopeLookup.None;
        }
        return new ScopeLookup.Found(await UnitScopeAsync(request, unit, ct), unit);
    }

    /// <summary>The sender is the responsible of every affected commitment on the form (and it names at least one).</summary>
    public static bool IsResponsibleOfAll(ResolvedIdentity identity, object? target) =>
        target is FormTarget { Affected.Count: > 0 } form && form.Affected.All(c => CommitmentAccess.IsResponsible(identity, c));

    /// <summary>The sender sent the request (Teams user id or Entra id, or their registry entry's keys).</summary>
    public static bool IsRequester(ResolvedIdentity identity, object? target)
    {
        if (target is not ForceMajeureRequest request)
        {
            return false;
        }
        var sender = PersonKeys.All(identity.User.TeamsUserId, identity.User.AadObjectId, identity.Person?.Email,
            identity.Person?.AadObjectId, identity.Person?.TeamsUserId);
        return sender.Any(k => k != "desconocido" && request.RequestedBy.Keys.Contains(k, StringComparer.Ordinal));
    }

    /// <summary>Whether the sender belongs to the directive team of <paramref name="unit"/> (else only their own commitments count).</summary>
    public static bool IsDirectiveOf(ResolvedIdentity? identity, string unit) =>
        identity?.Person?.Roles.DirectiveUnits.Contains(unit, StringComparer.OrdinalIgnoreCase) == true;

    private static async Task<AccessScope> UnitScopeAsync(VerbRequest request, string unitId, CancellationToken ct)
    {
        string? territory = null;
        if (UnitCode.TryParse(unitId, out var code) && request.Services.GetService<UnitStore>() is { } units)
        {
            territory = (await units.GetAsync(code, ct))?.TerritoryId;
        }
        return AccessScope.Unit(unitId, territory);
    }
}
