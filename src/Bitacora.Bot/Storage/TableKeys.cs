using System.Globalization;
using System.Text;

namespace Bitacora.Bot.Storage;

/// <summary>Helpers to build PartitionKey / RowKey values that Table Storage accepts and that sort as intended.</summary>
public static class TableKeys
{
    /// <summary>
    /// Makes any identifier (Teams ids contain ':' and ';', AAD ids are GUIDs, names have accents) safe as a key:
    /// the characters Table Storage forbids (/ \ # ? and control characters) and '%' are percent-encoded.
    /// The mapping is reversible and keeps ordinal order for plain ASCII ids.
    /// </summary>
    public static string Escape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        StringBuilder? sb = null;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var forbidden = c is '/' or '\\' or '#' or '?' or '%' || char.IsControl(c);
            if (forbidden)
            {
                sb ??= new StringBuilder(value, 0, i, value.Length + 8);
                sb.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                sb?.Append(c);
            }
        }
        return sb?.ToString() ?? value;
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
