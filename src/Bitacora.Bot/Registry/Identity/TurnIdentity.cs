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

    /// <summary>
    /// Who is acting in this turn — the one derivation every feature uses: the sender resolved against the registry,
    /// or, when the registry cannot be reached, as the activity names them (<see cref="PersonIdentity.FromActivity"/>).
    /// </summary>
    public static async Task<PersonIdentity> GetActorAsync(this ITurnContext turn, CancellationToken cancellationToken = default)
    {
        try
        {
            return (await turn.GetIdentityAsync(cancellationToken).ConfigureAwait(false)).ToPerson();
        }
        catch (Exception e) when (e is Azure.RequestFailedException or HttpRequestException or TimeoutException)
        {
            return PersonIdentity.FromActivity(turn.Activity);
        }
    }
}

/// <summary>
/// Resolves through <see cref="RoleService"/> (Teams user id → AAD object id → email → Graph). The activity body
/// never supplies the email (Teams does not put one in <c>from</c>; one there is ignored): an unknown sender's
/// email/UPN is asked once from the conversation's member list (the connector, on an allow-listed serviceUrl), as the
/// official TeamsInfo.GetMemberAsync does. Results are kept in a per-instance cache keyed by Teams user id — a
/// registered person for <see cref="RegistryOptions.KnownIdentityCacheMinutes"/> (a meeting), an unknown sender for
/// <see cref="RegistryOptions.IdentityCacheSeconds"/> — and only while the registry's people version is the one they
/// were resolved at (<see cref="PeopleVersionWatch"/>: a change anywhere drops them within seconds). Bounded in
/// entries and in estimated bytes (<see cref="MaxCacheBytes"/>; expired entries are evicted first), so the hot path
/// costs no storage read at all; a different AAD object id for the same Teams id bypasses the cache.
/// </summary>
public sealed class TurnIdentityService(
    RoleService roles,
    PeopleVersionWatch peopleVersion,
    TimeProvider time,
    IOptions<RegistryOptions> options,
    ILogger<TurnIdentityService> logger) : ITurnIdentity
{
    /// <summary>The key of the turn's resolution (a <c>Task&lt;ResolvedIdentity&gt;</c>) in <see cref="ITurnContext.Items"/>.</summary>
    public static readonly object ItemsKey = typeof(ResolvedIdentity);

    private const int MaxEntries = 10_000;
    /// <summary>Upper bound of the cache's estimated size (strings count twice their length, plus overhead).</summary>
    public const long MaxCacheBytes = 8L * 1024 * 1024;
    private readonly ConcurrentDictionary<string, (ResolvedIdentity Identity, DateTimeOffset Expires, long Bytes, string Version)> _cache = new(StringComparer.Ordinal);
    private long _cacheBytes;

    /// <summary>Estimated bytes held by the cache (tests).</summary>
    public long CacheBytes => Interlocked.Read(ref _cacheBytes);

    /// <summary>
    /// One resolution per turn: the first call stores its task in the turn (before any await, so the resolution itself
    /// never touches the turn and may run while the pipeline goes on: Hosting's IdentityReadAhead starts it as the turn arrives); later calls
    /// share it. A failed resolution is not kept: the next call tries again.
    /// </summary>
    public Task<ResolvedIdentity> GetAsync(ITurnContext turn, CancellationToken cancellationToken = default)
    {
        if (turn.Items.TryGetValue(ItemsKey, out var stored) && stored is Task<ResolvedIdentity> { IsFaulted: false, IsCanceled: false } inTurn)
        {
            return inTurn;
        }
        var resolution = ResolveForTurnAsync(turn, cancellationToken);
        turn.Items[ItemsKey] = resolution;
        return resolution;
    }

    private async Task<ResolvedIdentity> ResolveForTurnAsync(ITurnContext turn, CancellationToken cancellationToken)
    {
        var user = UserOf(turn.Activity);
        // Read before resolving: a registry change after this read bumps the version after its write, so an entry
        // resolved from older data is never tagged with the newer version.
        var version = options.Value.IdentityCacheSeconds > 0 ? await peopleVersion.CurrentAsync(cancellationToken).ConfigureAwait(false) : "";
        return FromCache(user, version) ?? await ResolveAsync(turn, user, version, cancellationToken).ConfigureAwait(false);
    }

    public void Invalidate(string teamsUserId) => Forget(teamsUserId);

    public void InvalidateAll()
    {
        foreach (var key in _cache.Keys) Forget(key);
    }

    private void Forget(string key)
    {
        if (_cache.TryRemove(key, out var removed)) Interlocked.Add(ref _cacheBytes, -removed.Bytes);
    }

    /// <summary>Longest display name kept (names are display only; Teams caps them far below this).</summary>
    public const int MaxNameLength = 256;

    /// <summary>The sender as the activity describes them: Teams user id, AAD object id and display name. Never an
    /// email from the activity body: Teams does not send one there, so one found there is not Teams' word and must not
    /// link a registry person. Emails come only from the connector's members API or Graph.</summary>
    public static TeamsUser UserOf(Activity activity)
    {
        var from = activity.From ?? new ChannelAccount();
        var name = from.Name is { Length: > MaxNameLength } longName ? longName[..MaxNameLength] : from.Name;
        return new TeamsUser(from.Id ?? "", string.IsNullOrWhiteSpace(from.AadObjectId) ? null : from.AadObjectId, name);
    }

    private ResolvedIdentity? FromCache(TeamsUser user, string version)
    {
        if (user.TeamsUserId.Length == 0 || !_cache.TryGetValue(user.TeamsUserId, out var entry))
        {
            return null;
        }
        if (entry.Expires <= time.GetUtcNow()
            || entry.Version != version
            || !string.Equals(entry.Identity.User.AadObjectId, user.AadObjectId, StringComparison.OrdinalIgnoreCase))
        {
            Forget(user.TeamsUserId);
            return null;
        }
        return entry.Identity with { User = user, LinkedNow = false };
    }

    private async Task<ResolvedIdentity> ResolveAsync(ITurnContext turn, TeamsUser user, string version, CancellationToken ct)
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
        Remember(identity, version);
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
        catch (ConnectorException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            // Teams' answer for someone it does not list in this conversation (MemberNotFoundInConversation): an
            // expected outcome for an unregistered sender, not a failure — no exception in the log.
            logger.LogInformation("Teams does not list {TeamsUserId} as a member of {ConversationId}; no email to link them by",
                user.TeamsUserId, conversationId);
            return null;
        }
        catch (Exception e) when (e is ConnectorException or HttpRequestException or System.Text.Json.JsonException)
        {
            // Not being able to ask only means the person is not linked this turn.
            logger.LogInformation(e, "Could not read the member {TeamsUserId} of {ConversationId} to find their email",
                user.TeamsUserId, conversationId);
            return null;
        }
    }

    private void Remember(ResolvedIdentity identity, string version)
    {
        if (options.Value.IdentityCacheSeconds <= 0)
        {
            return;
        }
        var lifetime = identity.IsKnown
            ? TimeSpan.FromMinutes(options.Value.KnownIdentityCacheMinutes)
            : TimeSpan.FromSeconds(options.Value.IdentityCacheSeconds);
        var bytes = EstimateBytes(identity);
        if (bytes > MaxCacheBytes / 100)
        {
            return; // an absurd entry is not worth keeping
        }
        if (_cache.Count >= MaxEntries || CacheBytes + bytes > MaxCacheBytes)
        {
            // Expired entries go first; if that is not enough, everything (a burst of new users only costs the
            // others one more point read).
            var now = time.GetUtcNow();
            foreach (var (key, entry) in _cache)
            {
                if (entry.Expires <= now) Forget(key);
            }
            if (_cache.Count >= MaxEntries || CacheBytes + bytes > MaxCacheBytes) InvalidateAll();
        }
        Forget(identity.User.TeamsUserId);
        if (_cache.TryAdd(identity.User.TeamsUserId, (identity, time.GetUtcNow() + lifetime, bytes, version)))
        {
            Interlocked.Add(ref _cacheBytes, bytes);
        }
    }

    private static long EstimateBytes(ResolvedIdentity identity)
    {
        static long S(string? value) => value is null ? 0 : 24 + 2L * value.Length;
        var user = identity.User;
        var person = identity.Person;
        // Person: its strings via ToString (records print every member), generously counted.
        return 256 + S(user.TeamsUserId) * 2 + S(user.AadObjectId) + S(user.Name) + S(user.Email) + S(person?.ToString());
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
