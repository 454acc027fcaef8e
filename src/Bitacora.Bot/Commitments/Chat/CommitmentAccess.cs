using Bitacora.Bot.Hosting.Authorization;
using Bitacora.Bot.Registry.Identifiers;
using Bitacora.Bot.Registry.Identity;
using Bitacora.Bot.Registry.Storage;
using Bitacora.Bot.Sessions.Flow;

namespace Bitacora.Bot.Commitments.Chat;

/// <summary>
/// Scope lookups of the commitment verbs (see <see cref="AccessRule"/>): a commitment belongs to its unit, and the unit
/// to its territory in the registry.
/// </summary>
public static class CommitmentAccess
{
    private const int MaxIdLength = 200;

    /// <summary>The commitment a card names ("commitmentId"): its unit. Not found → the handler answers «no existe».</summary>
    public static async Task<ScopeLookup> NamedCommitmentAsync(VerbRequest request, CancellationToken ct)
    {
        if (request.Field("commitmentId") is not { Length: <= MaxIdLength } id
            || await request.Get<CommitmentService>().GetAsync(id, ct) is not { } commitment)
        {
            return ScopeLookup.None;
        }
        return new ScopeLookup.Found(await UnitScopeAsync(request, commitment.Unit, ct), commitment);
    }

    /// <summary>
    /// The unit on the «nuevo compromiso» form ("unit"): its territory. Text that is not a unit of the registry is left
    /// to the form's own messages (nothing is recorded without a registered unit).
    /// </summary>
    public static async Task<ScopeLookup> FormUnitAsync(VerbRequest request, CancellationToken ct)
    {
        if (request.Field("unit") is not { Length: <= MaxIdLength } text || CreateCommitmentAction.ParseUnit(text) is not { } unitId)
        {
            return ScopeLookup.None;
        }
        var scope = await UnitScopeAsync(request, unitId, ct);
        return scope.TerritoryId is null ? ScopeLookup.None : new ScopeLookup.Found(scope, unitId);
    }

    /// <summary>
    /// Whether the sender is the commitment's responsible: their Teams user id or Entra object id (what Teams
    /// authenticates in <c>from</c>), or their registry entry's keys — never an email the activity merely claims.
    /// </summary>
    public static bool IsResponsible(ResolvedIdentity identity, object? target)
    {
        if (target is not Commitment { Responsible: var responsible })
        {
            return false;
        }
        var theirs = PersonKeys.All(responsible.Id, responsible.AadObjectId, responsible.TeamsUserId, responsible.Email);
        var sender = PersonKeys.All(identity.User.TeamsUserId, identity.User.AadObjectId, identity.Person?.Email,
            identity.Person?.AadObjectId, identity.Person?.TeamsUserId);
        return sender.Any(k => k != "desconocido" && theirs.Contains(k, StringComparer.Ordinal));
    }

    /// <summary>«Nuevo compromiso» on a session summary card ("sessionId"): the session's territory.</summary>
    public static Task<ScopeLookup> SessionOfCardAsync(VerbRequest request, CancellationToken ct) =>
        SessionAccess.NamedSessionAsync(request, ct);

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
