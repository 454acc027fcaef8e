using System.Globalization;

namespace Bitacora.Bot.Registry.Identifiers;

public enum UnitCodeKind
{
    /// <summary>Rol Base de Datos of the Ministry of Education (schools and VTF units).</summary>
    Rbd,

    /// <summary>JUNJI's own code for a unit it administers directly.</summary>
    Junji,
}

/// <summary>
/// The identifier of an educational unit. Its <see cref="Id"/> ("rbd:12345", "junji:16101001") is the stable key
/// used in storage and in other features; <see cref="Display"/> is what people read ("RBD 12345-6").
/// </summary>
public readonly record struct UnitCode(UnitCodeKind Kind, string Value)
{
    public string Id => (Kind == UnitCodeKind.Rbd ? "rbd:" : "junji:") + Value;

    public string Display => Kind == UnitCodeKind.Rbd
        ? $"RBD {Value}-{Modulo11.CheckDigit(long.Parse(Value, CultureInfo.InvariantCulture))}"
        : $"JUNJI {Value}";

    public override string ToString() => Id;

    /// <summary>
    /// An RBD: 1–6 digits, dots allowed, optionally followed by "-" and its módulo 11 check digit ("12345-6").
    /// A wrong check digit is refused. Leading zeros are dropped.
    /// </summary>
    public static bool TryParseRbd(string? text, out UnitCode code, out string? error)
    {
        code = default;
        error = null;
        var compact = (text ?? "").Trim().Replace(".", "", StringComparison.Ordinal);
        if (compact.Length == 0)
        {
            error = "empty";
            return false;
        }
        var parts = compact.Split('-');
        if (parts.Length > 2 || parts[0].TrimStart('0').Length is < 1 or > 6 || !parts[0].All(char.IsAsciiDigit))
        {
            error = "format";
            return false;
        }
        var number = long.Parse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture);
        if (number == 0)
        {
            error = "format";
            return false;
        }
        if (parts.Length == 2)
        {
            if (parts[1].Length != 1 || char.ToUpperInvariant(parts[1][0]) != Modulo11.CheckDigit(number))
            {
                error = "checkdigit";
                return false;
            }
        }
        code = new UnitCode(UnitCodeKind.Rbd, number.ToString(CultureInfo.InvariantCulture));
        return true;
    }

    /// <summary>A JUNJI unit code: 6–10 digits (dots or spaces as separators are ignored), leading zeros kept.</summary>
    public static bool TryParseJunji(string? text, out UnitCode code)
    {
        code = default;
        var compact = (text ?? "").Trim().Replace(".", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        if (compact.Length is < 6 or > 10 || !compact.All(char.IsAsciiDigit))
        {
            return false;
        }
        code = new UnitCode(UnitCodeKind.Junji, compact);
        return true;
    }

    /// <summary>"rbd:12345", "RBD 12345-6", "junji:16101001", "JUNJI 16101001" (case-insensitive).</summary>
    public static bool TryParse(string? text, out UnitCode code)
    {
        code = default;
        var t = (text ?? "").Trim();
        var sep = t.IndexOfAny([':', ' ']);
        if (sep <= 0)
        {
            return false;
        }
        var kind = t[..sep].ToLowerInvariant();
        var rest = t[(sep + 1)..];
        return kind switch
        {
            "rbd" => TryParseRbd(rest, out code, out _),
            "junji" => TryParseJunji(rest, out code),
            _ => false,
        };
    }
}
