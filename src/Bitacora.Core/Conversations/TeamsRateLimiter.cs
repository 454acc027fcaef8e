namespace Bitacora.Bot.Conversations;

/// <summary>
/// Teams' limits for bots, enforced before each send: per conversation 7 messages per second and 60 per 30 seconds,
/// and an app-wide cap (default 30 per second); a 429's Retry-After blocks that conversation until it passes.
/// Sliding logs over the injected <see cref="TimeProvider"/>, so tests and benchmarks run on virtual time.
/// (System.Threading.RateLimiting's window limiters replenish on real timers and know one window each; the Teams
/// rule needs two windows per conversation plus a global one checked atomically, hence this small class.)
/// One instance per process: several bot instances each keep their own app-wide count, so bulk senders take the
/// cluster-wide proactive-send lock (Reminders/ProactiveSendLock) and only its holder sends (README "Scale-out").
/// </summary>
public sealed class TeamsRateLimiter(RateLimitOptions options, TimeProvider time)
{
    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ThirtySeconds = TimeSpan.FromSeconds(30);

    private readonly object _gate = new();
    private readonly Queue<long> _app = new();
    private readonly Dictionary<string, Conversation> _conversations = new(StringComparer.Ordinal);
    private long _appBlockedUntil;

    private sealed class Conversation
    {
        public readonly Queue<long> LastSecond = new();
        public readonly Queue<long> Last30Seconds = new();
        public long BlockedUntil;
    }

    /// <summary>Takes a slot now if every limit allows it; otherwise says how long to wait (nothing is taken).</summary>
    public bool TryAcquire(string conversationKey, out TimeSpan wait)
    {
        var now = time.GetUtcNow().UtcTicks;
        lock (_gate)
        {
            if (_conversations.Count > 10_000)
            {
                Compact(now);
            }
            if (!_conversations.TryGetValue(conversationKey, out var c))
            {
                c = new Conversation();
                _conversations[conversationKey] = c;
            }
            var until = Math.Max(Math.Max(_appBlockedUntil, c.BlockedUntil),
                Math.Max(FreeAt(_app, options.AppPerSecond, OneSecond, now),
                    Math.Max(FreeAt(c.LastSecond, options.PerConversationPerSecond, OneSecond, now),
                        FreeAt(c.Last30Seconds, options.PerConversationPer30Seconds, ThirtySeconds, now))));
            if (until > now)
            {
                wait = TimeSpan.FromTicks(until - now);
                return false;
            }
            _app.Enqueue(now);
            c.LastSecond.Enqueue(now);
            c.Last30Seconds.Enqueue(now);
            wait = TimeSpan.Zero;
            return true;
        }
    }

    /// <summary>Waits (on the injected clock) until a slot is free and takes it.</summary>
    public async ValueTask AcquireAsync(string conversationKey, CancellationToken cancellationToken)
    {
        while (!TryAcquire(conversationKey, out var wait))
        {
            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Waits until nothing this process sent still counts in the app-wide one-second window. A bulk sender calls it
    /// before handing the <see cref="ProactiveSendLock"/> over: the next holder's limiter starts empty, and its first
    /// second must not stack on this one's last (per-conversation 30-second windows are not carried over; a 429 there
    /// is absorbed by Retry-After).
    /// </summary>
    public async ValueTask QuietAsync(CancellationToken cancellationToken)
    {
        long newest;
        lock (_gate)
        {
            newest = _app.Count > 0 ? _app.Max() : long.MinValue;
        }
        var left = newest == long.MinValue ? TimeSpan.Zero : TimeSpan.FromTicks(newest + OneSecond.Ticks - time.GetUtcNow().UtcTicks);
        if (left > TimeSpan.Zero)
        {
            await Task.Delay(left, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A 429 with Retry-After: nothing more to this conversation (or to anyone, if app-wide) until it passes.</summary>
    public void Penalize(string? conversationKey, TimeSpan retryAfter)
    {
        var until = time.GetUtcNow().UtcTicks + retryAfter.Ticks;
        lock (_gate)
        {
            if (conversationKey is null)
            {
                _appBlockedUntil = Math.Max(_appBlockedUntil, until);
                return;
            }
            if (!_conversations.TryGetValue(conversationKey, out var c))
            {
                c = new Conversation();
                _conversations[conversationKey] = c;
            }
            c.BlockedUntil = Math.Max(c.BlockedUntil, until);
        }
    }

    /// <summary>The instant (ticks) from which one more message fits in a window of <paramref name="window"/> holding at most <paramref name="limit"/>.</summary>
    private static long FreeAt(Queue<long> log, int limit, TimeSpan window, long now)
    {
        while (log.Count > 0 && log.Peek() <= now - window.Ticks)
        {
            log.Dequeue();
        }
        if (log.Count < limit)
        {
            return now;
        }
        // The (count - limit + 1)-th oldest entry must leave the window first.
        return log.ElementAt(log.Count - limit) + window.Ticks;
    }

    private void Compact(long now)
    {
        foreach (var key in _conversations.Where(kv => kv.Value.BlockedUntil <= now
                         && kv.Value.Last30Seconds.All(t => t <= now - ThirtySeconds.Ticks)).Select(kv => kv.Key).ToList())
        {
            _conversations.Remove(key);
        }
    }
}

/// <summary>Teams limits for proactive messages (per conversation and per app); configured at "Reminders:RateLimits".</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "Reminders:RateLimits";

    public int PerConversationPerSecond { get; set; } = 7;
    public int PerConversationPer30Seconds { get; set; } = 60;
    public int AppPerSecond { get; set; } = 30;
}
