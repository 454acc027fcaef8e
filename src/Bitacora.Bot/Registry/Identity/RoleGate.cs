using Bitacora.Bot.Hosting;
using Bitacora.BotFramework;

namespace Bitacora.Bot.Registry.Identity;

/// <summary>The outcome of a role check for the turn's sender: who they are, and the Spanish refusal when not allowed.</summary>
public sealed record RoleGateDecision(ResolvedIdentity Identity, bool Allowed, string? Refusal);

/// <summary>
/// Role checks for commands and card buttons: resolves the sender (once per turn, see <see cref="ITurnIdentity"/>)
/// and applies <see cref="RegistryAuthorization.Check"/>, which logs every refusal.
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

public static class RoleGateExtensions
{
    /// <summary>Checks the sender against <paramref name="requirement"/> without answering anything.</summary>
    public static Task<RoleGateDecision> CheckAccessAsync(this ITurnContext turn, AccessRequirement requirement,
        CancellationToken ct = default) =>
        turn.Services.GetRequiredService<RoleGate>().CheckAsync(turn, requirement, ct);

    /// <summary>
    /// The sender's identity when allowed; otherwise sends the Spanish refusal to the conversation and returns null:
    /// <c>if (await turn.RequireAccessAsync(req, ct) is not { } me) return;</c>
    /// </summary>
    public static async Task<ResolvedIdentity?> RequireAccessAsync(this ITurnContext turn, AccessRequirement requirement,
        CancellationToken ct = default)
    {
        var decision = await turn.CheckAccessAsync(requirement, ct).ConfigureAwait(false);
        if (decision.Allowed)
        {
            return decision.Identity;
        }
        await turn.SendTextAsync(decision.Refusal!, ct).ConfigureAwait(false);
        return null;
    }
}

/// <summary>
/// A typed command that needs a role. Declare <see cref="Requirement"/> (roles, and a fixed scope if any); override
/// <see cref="ScopeAsync"/> when the scope comes from the arguments or from the person (e.g. "their territory").
/// Refusals are answered in Spanish and logged before <see cref="HandleAuthorizedAsync"/> could run.
/// </summary>
public abstract class RoleGatedCommand(RoleGate gate) : IBotCommand
{
    public abstract IReadOnlyList<string> Names { get; }

    protected abstract AccessRequirement Requirement { get; }

    /// <summary>
    /// The scope to check for this invocation; <see cref="Requirement"/>'s scope by default. Return null when the
    /// command already answered (e.g. "no such territory") and must stop without a role check.
    /// </summary>
    protected virtual Task<AccessScope?> ScopeAsync(CommandContext context, ResolvedIdentity identity, CancellationToken ct) =>
        Task.FromResult<AccessScope?>(Requirement.Scope);

    public async Task HandleAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var identity = await context.Turn.GetIdentityAsync(cancellationToken).ConfigureAwait(false);
        if (!identity.IsKnown)
        {
            // Unknown people are refused before any argument is read: they get the "how to get registered" answer.
            var refusal = await gate.CheckAsync(context.Turn, Requirement, cancellationToken).ConfigureAwait(false);
            await context.Turn.SendTextAsync(refusal.Refusal!, cancellationToken).ConfigureAwait(false);
            return;
        }
        var scope = await ScopeAsync(context, identity, cancellationToken).ConfigureAwait(false);
        if (scope is null)
        {
            return;
        }
        var decision = await gate.CheckAsync(context.Turn, Requirement.In(scope), cancellationToken).ConfigureAwait(false);
        if (!decision.Allowed)
        {
            await context.Turn.SendTextAsync(decision.Refusal!, cancellationToken).ConfigureAwait(false);
            return;
        }
        await HandleAuthorizedAsync(context, decision.Identity, scope, cancellationToken).ConfigureAwait(false);
    }

    protected abstract Task HandleAuthorizedAsync(CommandContext context, ResolvedIdentity identity, AccessScope scope,
        CancellationToken cancellationToken);
}

/// <summary>
/// A card button that needs a role: a refusal keeps the card and shows the Spanish reason
/// (<see cref="CardActionResult.Refused"/>), logged. Override <see cref="ScopeOf"/> to read the scope from the
/// action data (e.g. the territory id the card was rendered for).
/// </summary>
public abstract class RoleGatedCardAction(RoleGate gate) : ICardAction
{
    public abstract string Verb { get; }

    protected abstract AccessRequirement Requirement { get; }

    protected virtual AccessScope ScopeOf(CardActionContext context) => Requirement.Scope;

    public async Task<CardActionResult> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        var decision = await gate.CheckAsync(context.Turn, Requirement.In(ScopeOf(context)), cancellationToken).ConfigureAwait(false);
        return decision.Allowed
            ? await HandleAuthorizedAsync(context, decision.Identity, cancellationToken).ConfigureAwait(false)
            : new CardActionResult.Refused(decision.Refusal!);
    }

    protected abstract Task<CardActionResult> HandleAuthorizedAsync(CardActionContext context, ResolvedIdentity identity,
        CancellationToken cancellationToken);
}
