using System.Globalization;
using System.Text.Json.Nodes;
using Bitacora.Bot.Registry.Identifiers;
using Bitacora.Bot.Registry.Identity;
using Bitacora.Bot.Texts;
using Bitacora.BotFramework;

namespace Bitacora.Bot.Hosting.Authorization;

/// <summary>The router's verdict on one command or card action.</summary>
public abstract record GateDecision
{
    private GateDecision() { }

    public sealed record Allowed(VerbAccess Access) : GateDecision;

    /// <summary>Not allowed, or stopped by the scope lookup; <see cref="Message"/> null when the answer was already sent.</summary>
    public sealed record Refused(string? Message) : GateDecision;
}

/// <summary>
/// The one place where the authorization model is enforced, called by the routers for every typed command and every
/// card action before its handler runs: the sender (registry identity of the turn), the verb's policy, the scope of the
/// object acted on, and the version a card showed when the verb writes a shared object. Every refusal is logged.
/// </summary>
public sealed class VerbGate(TextCatalog texts, ILogger<VerbGate> logger)
{
    public async Task<GateDecision> CheckAsync(ITurnContext turn, string verb, AccessRule rule, string arguments, JsonObject data,
        CancellationToken cancellationToken)
    {
        var policy = rule.Policy;
        if (policy.Kind == PolicyKind.Anyone)
        {
            return new GateDecision.Allowed(new VerbAccess(null, AccessScope.Any, null, null));
        }
        if (turn.Services.GetService<ITurnIdentity>() is not { } identities)
        {
            logger.LogError("Verb {Verb} needs {Policy} but no registry identity is configured; refused", verb, policy);
            return new GateDecision.Refused(texts[TextKeys.AuthNotRegistered]);
        }
        var identity = await identities.GetAsync(turn, cancellationToken).ConfigureAwait(false);
        var request = new VerbRequest(turn, identity, arguments, data);
        ScopeLookup? lookup = null;
        var owner = false;
        if (rule.Owner is { } isOwner && rule.Scope is { } ownerScope)
        {
            lookup = await ownerScope(request, cancellationToken).ConfigureAwait(false);
            owner = lookup is ScopeLookup.Found { } ownedObject && isOwner(identity, ownedObject.Target);
        }
        if (owner)
        {
            logger.LogInformation("Verb {Verb} allowed to {TeamsUserId} as the owner of the object", verb, identity.User.TeamsUserId);
        }
        else if (identity.Person is not { } known)
        {
            return Refuse(verb, identity, policy, AccessScope.Any, "not in the registry", texts[TextKeys.AuthNotRegistered]);
        }
        else if (policy.Kind == PolicyKind.Roles && !policy.Roles.Any(role => RegistryAuthorization.Holds(known, role, AccessScope.Any)))
        {
            return Refuse(verb, identity, policy, AccessScope.Any, "role", texts[Policies.AnyKey(policy)]);
        }
        string? version = null;
        if (rule.Version is { } versionRule)
        {
            version = data[versionRule.Field]?.ToString()?.Trim();
            var wellFormed = !string.IsNullOrEmpty(version) && version.Length <= 256
                             && (!versionRule.Numeric || int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out _));
            if (!wellFormed)
            {
                return Refuse(verb, identity, policy, AccessScope.Any, $"missing or malformed '{versionRule.Field}'",
                    texts[TextKeys.AuthVersionMissing]);
            }
        }
        lookup ??= rule.Scope is null ? ScopeLookup.None : await rule.Scope(request, cancellationToken).ConfigureAwait(false);
        switch (lookup)
        {
            case ScopeLookup.Stop stop:
                logger.LogInformation("Verb {Verb} stopped by its scope lookup for {TeamsUserId}", verb, identity.User.TeamsUserId);
                return new GateDecision.Refused(stop.Message);
            case ScopeLookup.Found found when !owner && policy.Kind == PolicyKind.Roles
                                              && !policy.Roles.Any(role => RegistryAuthorization.Holds(identity.Person!, role, found.Scope)):
                return Refuse(verb, identity, policy, found.Scope, "scope", texts.Format(Policies.ScopeKey(policy), Describe(found.Scope)));
            case ScopeLookup.Found found:
                return new GateDecision.Allowed(new VerbAccess(identity, found.Scope, found.Target, version));
            default:
                return new GateDecision.Allowed(new VerbAccess(identity, AccessScope.Any, null, version));
        }
    }

    /// <summary>"el territorio 16-1", "la región 16", "la unidad RBD 41202-3".</summary>
    public string Describe(AccessScope scope)
    {
        var id = scope.Kind == ScopeKind.Unit && UnitCode.TryParse(scope.Id, out var code) ? code.Display : scope.Id ?? "";
        return scope.Kind switch
        {
            ScopeKind.Territory => texts.Format(TextKeys.AuthScopeTerritory, id),
            ScopeKind.Region => texts.Format(TextKeys.AuthScopeRegion, id),
            ScopeKind.Unit => texts.Format(TextKeys.AuthScopeUnit, id),
            _ => "",
        };
    }

    private GateDecision.Refused Refuse(string verb, ResolvedIdentity identity, AccessPolicy policy, AccessScope scope, string why,
        string message)
    {
        logger.LogWarning("Refused {Verb} ({Why}): policy {Policy}, scope {Scope}, person {Email}, Teams user {TeamsUserId}",
            verb, why, policy.ToString(), scope.ToString(), identity.Person?.Email ?? "(not in registry)", identity.User.TeamsUserId);
        return new GateDecision.Refused(message);
    }
}
