using Bitacora.Bot.Hosting;
using Bitacora.BotFramework;

namespace Bitacora.Bot.Registry.Identity;

/// <summary>The outcome of a role check for the turn's sender: who they are, and the Spanish refusal when not allowed.</summary>
public sealed record RoleGateDecision(ResolvedIdentity Identity, bool Allowed, string? Refusal);

/// <summary>
/// A role check of the turn's sender: resolves the sender (once per turn, see <see cref="ITurnIdentity"/>) and applies
/// <see cref="RegistryAuthorization.Check"/>, which logs every refusal. Commands and card buttons do not call it: their
/// <c>Rule</c> is enforced by the router (Hosting/Authorization/VerbGate).
/// </summary>
public sealed class RoleGate(ITurnIdentity identities, RegistryAuthorization authorization)
{
    public async Task<RoleGateDecision> CheckAsync(ITurnContext turn, AccessRequirement requirement, CancellationToken ct = default)
    {
        var identity = await identities.GetAsync(turn, ct).ConfigureAwait(false);
        var result = authorization.Check(identity, requirement);
        return new RoleGateDecision(identity, result.Allowed, result.RefusalMessage);
    }
}
