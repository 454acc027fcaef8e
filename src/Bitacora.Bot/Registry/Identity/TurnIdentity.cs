using System.Collections.Concurrent;
using Bitacora.BotFramework;
using Microsoft.Extensions.Options;

namespace Bitacora.Bot.Registry.Identity;

/// <summary>
/// "Who is this, and what may they do?" for the current turn, answered once per turn. Feature code calls
/// <c>await turn.GetIdentityAsync(ct)</c> (or injects this interface).
/// </summary>
public interface ITurnIdentity
{
    /// <summary>
    /// The sender of <paramref name="turn"/> as the registry knows them (linking the Teams identity on first contact);
    /// cached in <see cref="ITurnContext.Items"/> for the rest of the turn and briefly across turns.
    /// </summary>
    Task<ResolvedIdentity> GetAsync(ITurnContext turn, CancellationToken cancellationToken = default);

    /// <summary>Forgets what is cached about <paramref name="teamsUserId"/> (call after changing that person's entry).</summary>
    void Invalidate(string teamsUserId);

    /// <summary>Forgets every cached identity (after an import, for instance).</summary>
    void InvalidateAll();
}

public static class TurnIdentityExtensions
{
    /// <summary>The registry identity of the turn's sender; one call per turn reaches storage, the rest hit the cache.</summary>
    public static Task<ResolvedIdentity> GetIdentityAsync(this ITurnContext turn, CancellationToken cancellationToken = default) =>
        turn.Services.GetRequiredService<ITurnIdentity>().GetAsync(turn, cancellationToken);
}

/// <summary>
/// Resolves through <see cref="RoleService"/> (Teams user id → AAD object id → email → Graph). When the activity
/// carries no email (Teams never puts one in <c>from</c>), an unknown sender's email/UPN is asked once from the
/// conversation's member list, as the official TeamsInfo.GetMemberAsync does. Results — known or not — are kept in a
/// small per-instance cache keyed by Teams user id for <see cref="RegistryOptions.IdentityCacheSeconds"/>, so the hot
/// path costs no storage read at all; a different AAD object id for the same Teams id bypasses the cache.
/// </summary>
public sealed class TurnIdentityService(
    RoleService roles,
    TimeProvider time,
    IOptions<RegistryOptions> options,
    ILogger<TurnIdentityService> logger) : ITurnIdentity
{
    /// <summary>The key of the resolved identity in <see cref="ITurnContext.Items"/>.</summary>
    public static readonly object ItemsKey = typeof(ResolvedIdentity);

    private const int MaxEntries = 10_000;
    private readonly ConcurrentDictionary<string, (ResolvedIdentity Identity, DateTimeOffset Expires)> _cache = new(StringComparer.Ordinal);

    public async Task<ResolvedIdentity> GetAsync(ITurnContext turn, CancellationToken cancellationToken = default)
    {
        if (turn.Items.TryGetValue(ItemsKey, out var stored) && stored is ResolvedIdentity inTurn)
        {
            return inTurn;
        }
        var user = UserOf(turn.Activity);
        var identity = FromCache(user) ?? await ResolveAsync(turn, user, cancellationToken).ConfigureAwait(false);
        turn.Items[ItemsKey] = identity;
        return identity;
    }

    public void Invalidate(string teamsUserId) => _cache.TryRemove(teamsUserId, out _);

    public void InvalidateAll() => _cache.Clear();

    /// <summary>The sender as the activity describes them; email/UPN when a channel put them in <c>from</c>.</summary>
    public static TeamsUser UserOf(Activity activity)
    {
        var from = activity.From ?? new ChannelAccount();
        string? Extra(string name) =>
            from.ExtensionData is { } extra && extra.TryGetValue(name, out var v) && v.ValueKind == System.Text.Json.JsonValueKind.String
                ? v.GetString()
                : null;
        var email = Extra("email") ?? Extra("userPrincipalName");
        return new TeamsUser(from.Id ?? "", string.IsNullOrWhiteSpace(from.AadObjectId) ? null : from.AadObjectId, from.Name,
            string.IsNullOrWhiteSpace(email) ? null : email);
    }

    private ResolvedIdentity? FromCache(TeamsUser user)
    {
        if (user.TeamsUserId.Length == 0 || !_cache.TryGetValue(user.TeamsUserId, out var entry))
        {
            return null;
        }
        if (entry.Expires <= time.GetUtcNow()
            || !string.Equals(entry.Identity.User.AadObjectId, user.AadObjectId, StringComparison.OrdinalIgnoreCase))
        {
            _cache.TryRemove(user.TeamsUserId, out _);
            return null;
        }
        return entry.Identity with { User = user, LinkedNow = false };
    }

    private async Task<ResolvedIdentity> ResolveAsync(ITurnContext turn, TeamsUser user, CancellationToken ct)
    {
        if (user.TeamsUserId.Length == 0)
        {
            return new ResolvedIdentity(user, null, IdentityMatch.NotFound, false);
        }
        var identity = await roles.ResolveAsync(user, ct).ConfigureAwait(false);
        if (!identity.IsKnown && user.Email is null && await MemberEmailAsync(turn, user, ct).ConfigureAwait(false) is { } email)
        {
            identity = await roles.ResolveAsync(user with { Email = email }, ct).ConfigureAwait(false);
        }
        Remember(identity);
        return identity;
    }

    /// <summary>The email (or UPN) Teams knows for the sender; null when the channel cannot say.</summary>
    private async Task<string?> MemberEmailAsync(ITurnContext turn, TeamsUser user, CancellationToken ct)
    {
        var conversationId = turn.Activity.Conversation?.Id;
        if (string.IsNullOrEmpty(conversationId) || string.IsNullOrEmpty(turn.Activity.ServiceUrl))
        {
            return null;
        }
        try
        {
            var member = await turn.Connector.GetConversationMemberAsync(conversationId, user.TeamsUserId, ct).ConfigureAwait(false);
            return new[] { member.Email, member.UserPrincipalName }.FirstOrDefault(e => !string.IsNullOrWhiteSpace(e) && e.Contains('@'));
        }
        catch (Exception e) when (e is ConnectorException or HttpRequestException or System.Text.Json.JsonException)
        {
            // Not being able to ask only means the person is not linked this turn.
            logger.LogInformation(e, "Could not read the member {TeamsUserId} of {ConversationId} to find their email",
                user.TeamsUserId, conversationId);
            return null;
        }
    }

    private void Remember(ResolvedIdentity identity)
    {
        var seconds = options.Value.IdentityCacheSeconds;
        if (seconds <= 0)
        {
            return;
        }
        if (_cache.Count >= MaxEntries)
        {
            // Crude but bounded: a burst of new users only costs the others one more point read.
            _cache.Clear();
        }
        _cache[identity.User.TeamsUserId] = (identity, time.GetUtcNow().AddSeconds(seconds));
    }
}

/// <summary>
/// Resolves (and links) the sender of every message and card action before the bot runs, so identity linking
/// happens on first contact whatever the person types. A storage failure here is logged and the turn goes on: the
/// command that needs the identity asks again.
/// </summary>
public sealed class TurnIdentityMiddleware(ITurnIdentity identity, ILogger<TurnIdentityMiddleware> logger) : ITurnMiddleware
{
    public async Task OnTurnAsync(ITurnContext turn, Func<CancellationToken, Task> next, CancellationToken cancellationToken)
    {
        if (turn.Activity.IsType(ActivityTypes.Message) || turn.Activity.IsType(ActivityTypes.Invoke))
        {
            try
            {
                await identity.GetAsync(turn, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is Azure.RequestFailedException or HttpRequestException or TimeoutException)
            {
                logger.LogWarning(e, "Could not resolve the registry identity of {TeamsUserId}", turn.Activity.From?.Id);
            }
        }
        await next(cancellationToken).ConfigureAwait(false);
    }
}
