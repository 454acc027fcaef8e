using System.Collections.Concurrent;
using Bitacora.Bot.Registry.Identity;

namespace Bitacora.Bot.Attendance;

/// <summary>
/// What attendance reads on hot paths, kept for the meeting instead of read again on every draw: who is present at a
/// session (the status message is re-rendered on every save) and the members of a conversation (the attendance card
/// is drawn on open and after every save). A change made through this instance (a card save, a session start, a
/// Teams meeting event) drops the session's entry at once; another instance of the bot sees it within
/// <see cref="PresentFor"/>. Members change rarely during a meeting; they are re-read after <see cref="MembersFor"/>.
/// Bounded: past <see cref="MaxEntries"/> entries the expired ones go, then everything.
/// </summary>
public sealed class AttendanceCache(TimeProvider time)
{
    public static readonly TimeSpan PresentFor = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan MembersFor = TimeSpan.FromMinutes(10);
    public const int MaxEntries = 2_000;

    private readonly ConcurrentDictionary<string, (DateTimeOffset Until, IReadOnlyList<string> Names)> _present = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (DateTimeOffset Until, IReadOnlyList<PersonIdentity> Members)> _members = new(StringComparer.Ordinal);

    public async Task<IReadOnlyList<string>> PresentNamesAsync(string sessionId, Func<Task<IReadOnlyList<string>>> read)
    {
        var now = time.GetUtcNow();
        if (_present.TryGetValue(sessionId, out var hit) && hit.Until > now) return hit.Names;
        var names = await read();
        Put(_present, sessionId, (now + PresentFor, names), now);
        return names;
    }

    /// <summary>The session's attendance changed: the next read goes to the table.</summary>
    public void Forget(string sessionId) => _present.TryRemove(sessionId, out _);

    /// <summary>The conversation's members, read through <paramref name="read"/> when not kept; an empty list (the
    /// members API failed) is not kept.</summary>
    public async Task<IReadOnlyList<PersonIdentity>> MembersAsync(string conversationId, Func<Task<IReadOnlyList<PersonIdentity>>> read)
    {
        var now = time.GetUtcNow();
        if (_members.TryGetValue(conversationId, out var hit) && hit.Until > now) return hit.Members;
        var members = await read();
        if (members.Count > 0) Put(_members, conversationId, (now + MembersFor, members), now);
        return members;
    }

    private static void Put<T>(ConcurrentDictionary<string, (DateTimeOffset Until, T Value)> map, string key, (DateTimeOffset, T) value, DateTimeOffset now)
    {
        if (map.Count >= MaxEntries)
        {
            foreach (var (k, v) in map)
            {
                if (v.Until <= now) map.TryRemove(k, out _);
            }
            if (map.Count >= MaxEntries) map.Clear();
        }
        map[key] = value;
    }
}
