using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bitacora.Cards.Expressions;

/// <summary>JavaScript's <c>undefined</c>, distinct from JSON null: the official engine treats them differently.</summary>
internal sealed class Undefined
{
    public static readonly Undefined Value = new();
    private Undefined() { }
    public override string ToString() => "undefined";
}

/// <summary>
/// A JavaScript object: keys keep insertion order, except integer-like keys, which come first ascending. An object of
/// the data (a <see cref="JsonObject"/>) is wrapped, not copied: lookups read it in place and convert only the value
/// found; the entries are copied the first time something needs them all (or a copy is changed).
/// </summary>
internal sealed class JsObject
{
    private static readonly object NotConverted = new();

    private List<KeyValuePair<string, object?>>? _entries;
    private JsonObject? _source;

    // Values of _source converted so far, so that reading a property twice gives the same object (as in JavaScript:
    // union() and equality of objects compare references).
    private object?[]? _converted;

    public JsObject(int capacity = 4) => _entries = new List<KeyValuePair<string, object?>>(capacity);

    /// <summary>Wraps an object of the data; it must not change while this wrapper is in use.</summary>
    public JsObject(JsonObject source) => _source = source;

    public int Count => _source?.Count ?? _entries!.Count;

    public IReadOnlyList<KeyValuePair<string, object?>> Entries => Materialize();

    private List<KeyValuePair<string, object?>> Materialize()
    {
        if (_entries is not null) return _entries;
        var source = _source!;
        var entries = new List<KeyValuePair<string, object?>>(source.Count);
        _entries = entries;
        for (var i = 0; i < source.Count; i++)
        {
            Set(source.GetAt(i).Key, Converted(source, i));
        }
        _source = null;
        _converted = null;
        return entries;
    }

    private object? Converted(JsonObject source, int index)
    {
        if (_converted is null)
        {
            _converted = new object?[source.Count];
            Array.Fill(_converted, NotConverted);
        }
        var value = _converted[index];
        if (ReferenceEquals(value, NotConverted))
        {
            value = Js.FromJson(source.GetAt(index).Value);
            _converted[index] = value;
        }
        return value;
    }

    /// <summary>Property lookup as the official engine does it: first key equal ignoring case.</summary>
    public bool TryGetIgnoreCase(string key, out object? value)
    {
        if (_source is { } source)
        {
            // Only integer-like keys move in JavaScript's order, and those match one key at most: the source's order
            // finds the same first match.
            for (var i = 0; i < source.Count; i++)
            {
                if (string.Equals(source.GetAt(i).Key, key, StringComparison.OrdinalIgnoreCase))
                {
                    value = Converted(source, i);
                    return true;
                }
            }
            value = null;
            return false;
        }
        foreach (var e in _entries!)
        {
            if (string.Equals(e.Key, key, StringComparison.OrdinalIgnoreCase))
            {
                value = e.Value;
                return true;
            }
        }
        value = null;
        return false;
    }

    /// <summary>
    /// Lookup ignoring case that succeeds only for a string value: <paramref name="text"/>, or, for a string of the
    /// data not read yet, the <paramref name="element"/> holding it (no string is made).
    /// </summary>
    public bool TryGetString(string key, out string? text, out JsonElement element)
    {
        text = null;
        element = default;
        if (_source is not { } source)
        {
            return TryGetIgnoreCase(key, out var value) && (text = value as string) is not null;
        }
        for (var i = 0; i < source.Count; i++)
        {
            var (name, node) = source.GetAt(i);
            if (!string.Equals(name, key, StringComparison.OrdinalIgnoreCase)) continue;
            if (_converted is { } converted && !ReferenceEquals(converted[i], NotConverted))
            {
                text = converted[i] as string;
                return text is not null;
            }
            if (node is not JsonValue v || v.GetValueKind() != JsonValueKind.String) return false;
            if (v.TryGetValue(out element)) return true;
            text = v.GetValue<string>();
            return true;
        }
        return false;
    }

    public bool TryGetExact(string key, out object? value)
    {
        if (_source is { } source)
        {
            var index = source.IndexOf(key);
            if (index >= 0)
            {
                value = Converted(source, index);
                return true;
            }
            value = null;
            return false;
        }
        foreach (var e in _entries!)
        {
            if (string.Equals(e.Key, key, StringComparison.Ordinal))
            {
                value = e.Value;
                return true;
            }
        }
        value = null;
        return false;
    }

    public void Set(string key, object? value)
    {
        var entries = Materialize();
        for (var i = 0; i < entries.Count; i++)
        {
            if (string.Equals(entries[i].Key, key, StringComparison.Ordinal))
            {
                entries[i] = new(key, value);
                return;
            }
        }
        if (Js.IsArrayIndex(key, out var index))
        {
            // JavaScript enumerates integer-like keys first, ascending.
            var at = 0;
            while (at < entries.Count && Js.IsArrayIndex(entries[at].Key, out var other) && other < index)
            {
                at++;
            }
            entries.Insert(at, new(key, value));
            return;
        }
        entries.Add(new(key, value));
    }

    public JsObject Clone()
    {
        var entries = Materialize();
        var copy = new JsObject(entries.Count);
        copy._entries!.AddRange(entries);
        return copy;
    }
}
