using Bitacora.Bot.Hosting.Authorization;
using Bitacora.Bot.Registry.Identity;
using Bitacora.Bot.Sessions.Flow;

namespace Bitacora.Bot.Commitments.Chat;

/// <summary>
/// Scope lookups of the commitment verbs (see <see cref="AccessRule"/>): a commitment belongs to its unit, and the unit
/// to its territory in the registry.
/// </summary>
public static class CommitmentAccess
{
    /// <summary>The commitment a card names ("commitmentId"): its unit. Not found → the handler answers «no existe».</summary>
    public static Task<ScopeLookup> NamedCommitmentAsync(VerbRequest request, CancellationToken ct) =>
        ScopeLookups.NamedAsync(request, "commitmentId", request.Get<CommitmentService>().GetAsync,
            (commitment, c) => ScopeLookups.UnitScopeAsync(request, commitment.Unit, c), ct);

    /// <summary>
    /// The unit on the «nuevo compromiso» form ("unit"): its territory. Text that is not a unit of the registry is left
    /// to the form's own messages (nothing is recorded without a registered unit).
    /// </summary>
    public static async Task<ScopeLookup> FormUnitAsync(VerbRequest request, CancellationToken ct)
    {
        if (FormUnit(request) is not { } unitId)
        {
            return ScopeLookup.None;
        }
        var scope = await ScopeLookups.UnitScopeAsync(request, unitId, ct);
        return scope.TerritoryId is null ? ScopeLookup.None : new ScopeLookup.Found(scope, unitId);
    }

    /// <summary>The registered unit a form's "unit" field names (its code or «junji 16101001»), if any.</summary>
    public static string? FormUnit(VerbRequest request) =>
        request.IdField("unit") is { } text ? CreateCommitmentAction.ParseUnit(text) : null;

    /// <summary>Whether the sender is the commitment's responsible (see <see cref="ScopeLookups.SenderIsOneOf"/>).</summary>
    public static bool IsResponsible(ResolvedIdentity identity, object? target) =>
        target is Commitment { Responsible: var r }
        && ScopeLookups.SenderIsOneOf(identity, PersonKeys.All(r.Id, r.AadObjectId, r.TeamsUserId, r.Email));

    /// <summary>«Nuevo compromiso» on a session summary card ("sessionId"): the session's territory.</summary>
    public static Task<ScopeLookup> SessionOfCardAsync(VerbRequest request, CancellationToken ct) =>
        SessionAccess.NamedSessionAsync(request, ct);
}
