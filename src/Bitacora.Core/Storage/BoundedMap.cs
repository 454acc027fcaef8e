using System.Collections.Concurrent;

namespace Bitacora.Bot.Storage;

/// <summary>
/// What this instance already knows of a stored row (written it, seen it), kept to skip a storage request on a hot
/// path. Bounded: when full it forgets everything, which only costs the requests it was saving.
/// </summary>
public sealed class BoundedMap<TValue>(int maxEntries)
{
    private readonly ConcurrentDictionary<string, TValue> _map = new(StringComparer.Ordinal);

    public bool TryGet(string key, out TValue value) => _map.TryGetValue(key, out value!);

    public void Set(string key, TValue value)
    {
        MakeRoom();
        _map[key] = value;
    }

    /// <summary>Adds <paramref name="value"/>, or replaces what is known by <paramref name="update"/>'s choice; returns what is kept.</summary>
    public TValue AddOrUpdate(string key, TValue value, Func<TValue, TValue> update)
    {
        MakeRoom();
        return _map.AddOrUpdate(key, value, (_, known) => update(known));
    }

    private void MakeRoom()
    {
        if (_map.Count >= maxEntries) _map.Clear();
    }
}
