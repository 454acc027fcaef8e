using System.Globalization;

namespace Bitacora.Bot.Registry.Identifiers;

/// <summary>
/// A Chilean RUT/RUN, checked with its módulo 11 digit. Accepts "12.345.678-5", "12345678-5", "123456785" and
/// a lower-case k; always written back as "12345678-5" (no dots, upper-case K).
/// </summary>
public readonly record struct Rut(int Number, char CheckDigit)
{
    public override string ToString() => Number.ToString(CultureInfo.InvariantCulture) + "-" + CheckDigit;

    public static bool TryParse(string? text, out Rut rut)
    {
        rut = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        var compact = text.Trim().Replace(".", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        string body;
        char dv;
        var dash = compact.IndexOf('-', StringComparison.Ordinal);
        if (dash >= 0)
        {
            if (dash != compact.Length - 2)
            {
                return false;
            }
            body = compact[..dash];
            dv = compact[^1];
        }
        else
        {
            if (compact.Length < 2)
            {
                return false;
            }
            body = compact[..^1];
            dv = compact[^1];
        }
        if (body.Length is < 1 or > 9 || !body.All(char.IsAsciiDigit))
        {
            return false;
        }
        dv = char.ToUpperInvariant(dv);
        if (!(char.IsAsciiDigit(dv) || dv == 'K'))
        {
            return false;
        }
        var number = int.Parse(body, NumberStyles.None, CultureInfo.InvariantCulture);
        if (number == 0 || Modulo11.CheckDigit(number) != dv)
        {
            return false;
        }
        rut = new Rut(number, dv);
        return true;
    }
}

/// <summary>The módulo 11 check digit shared by the RUT and the RBD: weights 2..7 from the right, 11 → 0, 10 → K.</summary>
public static class Modulo11
{
    public static char CheckDigit(long number)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(number);
        long sum = 0;
        var weight = 2;
        for (var n = number; n > 0; n /= 10)
        {
            sum += (n % 10) * weight;
            weight = weight == 7 ? 2 : weight + 1;
        }
        var rest = 11 - (int)(sum % 11);
        return rest switch
        {
            11 => '0',
            10 => 'K',
            _ => (char)('0' + rest),
        };
    }
}
