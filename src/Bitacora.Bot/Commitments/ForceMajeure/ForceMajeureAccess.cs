using Bitacora.Bot.Commitments.Chat;
using Bitacora.Bot.Hosting.Authorization;
using Bitacora.Bot.Registry.Identity;

namespace Bitacora.Bot.Commitments.ForceMajeure;

/// <summary>
/// Scope lookups and owner checks of the force-majeure verbs: a request belongs to its unit, the unit to its territory.
/// A responsible who is not in the unit's directive team may request for (and answer about) their own commitments only.
/// </summary>
public static class ForceMajeureAccess
{
    private const int MaxAffected = 60;

    /// <summary>What the request form's scope lookup found: the unit and the commitments the card marks as affected.</summary>
    public sealed record FormTarget(string Unit, IReadOnlyList<Commitment> Affected);

    /// <summary>A request a card names ("requestId"): its unit's scope; the request is the target.</summary>
    public static Task<ScopeLookup> NamedRequestAsync(VerbRequest request, CancellationToken ct) =>
        ScopeLookups.NamedAsync(request, "requestId", request.Get<ForceMajeureService>().GetAsync,
            (found, c) => ScopeLookups.UnitScopeAsync(request, found.Unit, c), ct);

    /// <summary>The request form ("unit" + "fm.d.{id}" inputs): the unit's scope, with the affected commitments as target.</summary>
    public static async Task<ScopeLookup> FormAsync(VerbRequest request, CancellationToken ct)
    {
        if (CommitmentAccess.FormUnit(request) is not { } unit)
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
        return new ScopeLookup.Found(await ScopeLookups.UnitScopeAsync(request, unit, ct), new FormTarget(unit, affected));
    }

    /// <summary>«fuerza mayor junji 16101001»: the named unit's scope (no unit named: the handler finds one or asks).</summary>
    public static async Task<ScopeLookup> ArgumentUnitAsync(VerbRequest request, CancellationToken ct)
    {
        if (request.Arguments.Trim() is not { Length: > 0 and <= ScopeLookups.MaxIdLength } text || CreateCommitmentAction.ParseUnit(text) is not { } unit)
        {
            return ScopeLookup.None;
        }
        return new ScopeLookup.Found(await ScopeLookups.UnitScopeAsync(request, unit, ct), unit);
    }

    /// <summary>The sender is the responsible of every affected commitment on the form (and it names at least one).</summary>
    public static bool IsResponsibleOfAll(ResolvedIdentity identity, object? target) =>
        target is FormTarget { Affected.Count: > 0 } form && form.Affected.All(c => CommitmentAccess.IsResponsible(identity, c));

    /// <summary>The sender sent the request (Teams user id or Entra id, or their registry entry's keys).</summary>
    public static bool IsRequester(ResolvedIdentity identity, object? target) =>
        target is ForceMajeureRequest request && ScopeLookups.SenderIsOneOf(identity, request.RequestedBy.Keys);

    /// <summary>Whether the sender belongs to the directive team of <paramref name="unit"/> (else only their own commitments count).</summary>
    public static bool IsDirectiveOf(ResolvedIdentity? identity, string unit) =>
        identity?.Person?.Roles.DirectiveUnits.Contains(unit, StringComparer.OrdinalIgnoreCase) == true;
}
