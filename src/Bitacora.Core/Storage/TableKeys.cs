using System.Globalization;
using System.Text;

namespace Bitacora.Bot.Storage;

/// <summary>Helpers to build PartitionKey / RowKey values that Table Storage accepts and that sort as intended.</summary>
public static class TableKeys
{
    /// <summary>Longest key <see cref="Escape"/> returns (Table Storage allows 1 KiB per key).</summary>
    public const int MaxKeyLength = 400;

    /// <summary>
    /// Row keys one query may name: Table Storage allows at most 15 comparisons in a <c>$filter</c> (Storage REST
    /// reference, "Querying tables and entities"; Azurite does not enforce it), so the partition key and 14 row keys.
    /// </summary>
    public const int MaxRowKeysPerQuery = 14;

    /// <summary>
    /// Makes any identifier (Teams ids contain ':' and ';', AAD ids are GUIDs, names have accents) safe as a key:
    /// the characters Table Storage forbids (/ \ # ? and control characters) and '%' are percent-encoded, lone
    /// surrogates become <c>%uXXXX</c>. The mapping is reversible and keeps ordinal order for plain ASCII ids — up to
    /// <see cref="MaxKeyLength"/>: a longer result (no real Teams id is) keeps its first 300 characters followed by
    /// '~' and a SHA-256 of the whole, so it still fits, stays unique and is the same on every call.
    /// </summary>
    public static string Escape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        StringBuilder? sb = null;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var forbidden = c is '/' or '\\' or '#' or '?' or '%' || char.IsControl(c);
            var lone = char.IsSurrogate(c)
                       && !(char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                       && !(char.IsLowSurrogate(c) && i > 0 && char.IsHighSurrogate(value[i - 1]));
            if (forbidden || lone)
            {
                sb ??= new StringBuilder(value, 0, i, value.Length + 8);
                sb.Append(lone ? "%u" : "%").Append(((int)c).ToString(lone ? "X4" : "X2", CultureInfo.InvariantCulture));
            }
            else
            {
                sb?.Append(c);
            }
        }
        var escaped = sb?.ToString() ?? value;
        return escaped.Length <= MaxKeyLength ? escaped : Hashed(escaped);
    }

    private static string Hashed(string escaped)
    {
        var keep = escaped[..300];
        if (char.IsHighSurrogate(keep[^1])) keep = keep[..^1];
        var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(escaped)));
        return keep + "~" + hash;
    }

    public static string Unescape(string key) => Uri.UnescapeDataString(key);

    /// <summary>A RowKey that sorts newest first: the ticks remaining until <see cref="DateTimeOffset.MaxValue"/>.</summary>
    public static string NewestFirst(DateTimeOffset instant) =>
        (DateTimeOffset.MaxValue.UtcTicks - instant.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>A RowKey that sorts oldest first.</summary>
    public static string OldestFirst(DateTimeOffset instant) =>
        instant.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>A zero-padded number, so "N°2" sorts before "N°10".</summary>
    public static string Number(long value) => value.ToString("D10", CultureInfo.InvariantCulture);
}
