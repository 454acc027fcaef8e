using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Bitacora.Cards.Expressions;

internal sealed record NumberLocale(string Decimal, string Thousands, int[] Grouping, string? Numerals);

/// <summary>formatNumber/string (d3-format ",.Nf" with the engine's locale table) and the date functions (dayjs, UTC).</summary>
internal static partial class Functions
{
    /// <summary>The official engine's localeInfo table (generated from adaptive-expressions 4.23.3's localeInfo.js).</summary>
    private static readonly Dictionary<string, NumberLocale> Locales = new(StringComparer.Ordinal)
    {
        ["ar-MA"] = new(",", ".", [3], null),
        ["en-IN"] = new(".", ",", [3, 2, 2, 2, 2, 2, 2, 2, 2, 2], null),
        ["ar-BH"] = new("٫", "٬", [3], "٠١٢٣٤٥٦٧٨٩"),
        ["ar-PS"] = new("٫", "٬", [3], "٠١٢٣٤٥٦٧٨٩"),
        ["en-IE"] = new(".", ",", [3], null),
        ["it-IT"] = new(",", ".", [3], null),
        ["ar-EG"] = new("٫", "٬", [3], "٠١٢٣٤٥٦٧٨٩"),
        ["ar-IQ"] = new("٫", "٬", [3], "٠١٢٣٤٥٦٧٨٩"),
        ["ar-EH"] = new(".", ",", [3], null),
        ["ar-AE"] = new("٫", "٬", [3], "٠١٢٣٤٥٦٧٨٩"),
        ["ar-MR"] = new("٫", "٬", [3], "٠١٢٣٤٥٦٧٨٩"),
        ["uk-UA"] = new(",", " ", [3], null),
        ["ca-ES"] = new(",", ".", [3], null),
        ["sv-SE"] = new(",", " ", [3], null),
        ["ja-JP"] = new(".", ",", [3], null),
        ["es-ES"] = new(",", ".", [3], null),
        ["fi-FI"] = new(",", " ", [3], null),
        ["ar-DZ"] = new(",", ".", [3], null),
        ["en-GB"] = new(".", ",", [3], null),
        ["cs-CZ"] = new(",", " ", [3], null),
        ["ar-TD"] = new("٫", "٬", [3], "٠١٢٣٤٥٦٧٨٩"),
        ["de-CH"] = new(",", "'", [3], null),
        ["nl-NL"] = new(",", ".", [3], null),
        ["es-BO"] = new(",", ".", [3], null),
        ["ar-SY"] = new("٫", "٬", [3], "٠١٢٣٤٥٦٧٨٩"),
        ["ar-JO"] = new("٫", "٬", [3], "٠١٢٣٤٥٦٧٨٩"),
        ["en-CA"] = new(".", ",", [3], null),
        ["ar-ER"] = new("٫", "٬", [3], "٠١٢٣٤٥٦٧٨٩"),
        ["ar-LB"] = new("٫", "٬", [3], "٠١٢٣٤٥٦٧٨٩"),
        ["fr-CA"] = new(",", " ", [3], null),
        ["ar-TN"] = new(",", ".", [3], null),
        ["ar-YE"] = new("٫", "٬", [3], "٠١٢٣٤٥٦٧٨٩"),
        ["ru-RU"] = new(",", " ", [3], null),
        ["en-US"] = new(".", ",", [3], null),
        ["ar-SS"] = new("٫", "٬", [3], "٠١٢٣٤٥٦٧٨٩"),
        ["ar-SO"] = new("٫", "٬", [3], "٠١٢٣٤٥٦٧٨٩"),
        ["hu-HU"] = new(",", " ", [3], null),
        ["pt-BR"] = new(",", ".", [3], null),
        ["ar-DJ"] = new("٫", "٬", [3], "٠١٢٣٤٥٦٧٨٩"),
        ["ar-SD"] = new("٫", "٬", [3], "٠١٢٣٤٥٦٧٨٩"),
        ["ar-001"] = new("٫", "٬", [3], "٠١٢٣٤٥٦٧٨٩"),
        ["ar-LY"] = new(",", ".", [3], null),
        ["ar-SA"] = new("٫", "٬", [3], "٠١٢٣٤٥٦٧٨٩"),
        ["ar-KW"] = new("٫", "٬", [3], "٠١٢٣٤٥٦٧٨٩"),
        ["pl-PL"] = new(",", ".", [3], null),
        ["ar-QA"] = new("٫", "٬", [3], "٠١٢٣٤٥٦٧٨٩"),
        ["mk-MK"] = new(",", ".", [3], null),
        ["ko-KR"] = new(".", ",", [3], null),
        ["es-MX"] = new(".", ",", [3], null),
        ["ar-IL"] = new("٫", "٬", [3], "٠١٢٣٤٥٦٧٨٩"),
        ["zh-CN"] = new(".", ",", [3], null),
        ["de-DE"] = new(",", ".", [3], null),
        ["ar-OM"] = new("٫", "٬", [3], "٠١٢٣٤٥٦٧٨٩"),
        ["fr-FR"] = new(",", " ", [3], null),
        ["ar-KM"] = new("٫", "٬", [3], "٠١٢٣٤٥٦٧٨٩"),
        ["he-IL"] = new(".", ",", [3], null),
    };

    private static readonly NumberLocale D3Default = new(".", ",", [3], null);

    /// <summary>d3-format's ",.{precision}f": fixed decimals, grouped thousands, "−" (U+2212) for negatives.</summary>
    internal static string FormatNumber(double value, int precision, string locale)
    {
        var info = Locales.GetValueOrDefault(locale) ?? D3Default;
        precision = Math.Clamp(precision, 0, 20);
        var negative = value < 0 || (value == 0 && double.IsNegative(value));
        var fixedText = Math.Abs(value).ToString("F" + precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        // d3 drops the sign of a value that rounds to zero.
        if (negative && fixedText.All(ch => ch is '0' or '.')) negative = false;
        var dot = fixedText.IndexOf('.');
        var intPart = dot < 0 ? fixedText : fixedText[..dot];
        var frac = dot < 0 ? "" : fixedText[(dot + 1)..];
        var grouped = Group(intPart, info.Thousands, info.Grouping);
        var result = frac.Length > 0 ? grouped + info.Decimal + frac : grouped;
        if (info.Numerals is { } numerals)
        {
            var sb = new StringBuilder(result.Length);
            foreach (var ch in result) sb.Append(ch is >= '0' and <= '9' ? numerals[ch - '0'] : ch);
            result = sb.ToString();
        }
        return negative ? "\u2212" + result : result;
    }

    private static string Group(string digits, string separator, int[] grouping)
    {
        var parts = new List<string>();
        var i = digits.Length;
        var g = 0;
        var size = grouping[0];
        while (i > 0 && size > 0)
        {
            var start = Math.Max(0, i - size);
            parts.Add(digits[start..i]);
            i = start;
            size = grouping[Math.Min(++g, grouping.Length - 1)];
        }
        parts.Reverse();
        return string.Join(separator, parts);
    }

    private const string DefaultDateFormat = "YYYY-MM-DDTHH:mm:ss.SSS[Z]";

    private static readonly Regex IsoLike = new(
        @"^(?<y>[+-]\d{6}|\d{4})(-(?<mo>\d{2})(-(?<d>\d{2}))?)?(T(?<h>\d{2}):(?<mi>\d{2})(:(?<s>\d{2})(\.(?<f>\d+))?)?(?<z>Z|[+-]\d{2}:\d{2})?)?$",
        RegexOptions.CultureInvariant);

    /// <summary>new Date(text) for the ISO forms JavaScript parses reliably; null when it gives an invalid date.</summary>
    internal static DateTime? ParseJsDate(string text)
    {
        var m = IsoLike.Match(text);
        if (!m.Success) return null;
        try
        {
            var year = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
            var month = m.Groups["mo"].Success ? int.Parse(m.Groups["mo"].Value, CultureInfo.InvariantCulture) : 1;
            var day = m.Groups["d"].Success ? int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture) : 1;
            var hour = m.Groups["h"].Success ? int.Parse(m.Groups["h"].Value, CultureInfo.InvariantCulture) : 0;
            var minute = m.Groups["mi"].Success ? int.Parse(m.Groups["mi"].Value, CultureInfo.InvariantCulture) : 0;
            var second = m.Groups["s"].Success ? int.Parse(m.Groups["s"].Value, CultureInfo.InvariantCulture) : 0;
            var ms = 0;
            if (m.Groups["f"].Success)
            {
                var f = (m.Groups["f"].Value + "000")[..3];
                ms = int.Parse(f, CultureInfo.InvariantCulture);
            }
            if (hour == 24 && minute == 0 && second == 0 && ms == 0)
            {
                return new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Utc).AddDays(1);
            }
            var dt = new DateTime(year, month, day, hour, minute, second, ms, DateTimeKind.Utc);
            if (m.Groups["z"].Success && m.Groups["z"].Value != "Z")
            {
                var z = m.Groups["z"].Value;
                var offset = new TimeSpan(int.Parse(z[1..3], CultureInfo.InvariantCulture), int.Parse(z[4..6], CultureInfo.InvariantCulture), 0);
                dt = z[0] == '+' ? dt - offset : dt + offset;
            }
            // Without an offset, JavaScript reads date-times as local time; the oracle runs with TZ=UTC.
            return dt;
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    internal static string ToIsoString(DateTime d) => d.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>verifyISOTimestamp: valid and already in toISOString() form.</summary>
    private static DateTime IsoTimestamp(object? v, CallExpr c)
    {
        var s = v as string ?? throw new EvalError($"{c} should contain an ISO format timestamp.");
        var d = ParseJsDate(s) ?? throw new EvalError($"{s} is not a valid datetime string.");
        if (ToIsoString(d) != s) throw new EvalError($"{s} is not a ISO format datetime string.");
        return d;
    }

    private static object? FormatDateTime(object?[] a, CallExpr c)
    {
        if (a[0] is not string s) throw new EvalError($"{c}: the first argument must be a timestamp string.");
        var d = ParseJsDate(s) ?? throw new EvalError($"{s} is not a valid datetime string.");
        var format = DefaultDateFormat;
        if (a.Length == 3 && a[1] is string f && a[2] is string)
        {
            format = f.Length > 0 ? CSharpFormat(f) : DefaultDateFormat;
        }
        else if (a.Length == 2 && a[1] is string f2)
        {
            format = CSharpFormat(f2);
        }
        return DayjsFormat(d, format);
    }

    /// <summary>convertCSharpDateTimeToDayjs (datetimeFormatConverter.js); on failure the format is used as it is.</summary>
    internal static string CSharpFormat(string format)
    {
        if (format.Length == 0) return DefaultDateFormat;
        try
        {
            return ConvertCSharp(format);
        }
        catch (FormatException)
        {
            return format;
        }
    }

    private static string ConvertCSharp(string fmt)
    {
        if (fmt.Length == 1)
        {
            switch (fmt)
            {
                case "R" or "r" or "U" or "u": throw new FormatException();
                case "O" or "o": fmt = "YYYY-MM-DDTHH:mm:ss.SSS0000Z"; break;
            }
        }
        var result = new StringBuilder();
        char token = '\0';
        var count = 0;
        var literal = new StringBuilder();
        var mode = 0; // 0 none, 1 single-quote literal, 2 backtick literal, 3 escape

        void Flush()
        {
            if (token != '\0')
            {
                result.Append(token switch
                {
                    'd' => count switch { 1 => "D", 2 => "DD", 3 => "ddd", _ => "dddd" },
                    'f' or 'F' => count < 3 ? throw new FormatException() : "SSS",
                    'g' => throw new FormatException(),
                    'h' => count == 1 ? "h" : "hh",
                    'H' => count == 1 ? "H" : "HH",
                    'm' => count == 1 ? "m" : "mm",
                    'M' => count switch { 1 => "M", 2 => "MM", 3 => "MMM", _ => "MMMM" },
                    's' => count == 1 ? "s" : "ss",
                    't' => "A",
                    'y' => count <= 2 ? "YY" : "YYYY",
                    'z' => count <= 2 ? "ZZ" : "Z",
                    _ => "",
                });
            }
            token = '\0';
            count = 0;
        }

        var maxCount = new Dictionary<char, int> { ['d'] = 4, ['f'] = 3, ['F'] = 3, ['g'] = 1, ['h'] = 2, ['H'] = 2, ['m'] = 2, ['M'] = 4, ['s'] = 2, ['t'] = 2, ['y'] = 4, ['z'] = 3 };
        var restartAtMax = new HashSet<char> { 'y', 'z' };
        foreach (var ch in fmt)
        {
            if (mode == 3)
            {
                result.Append(ch);
                mode = 0;
                continue;
            }
            if (mode is 1 or 2)
            {
                if ((mode == 1 && ch == '\'') || (mode == 2 && ch == '`'))
                {
                    result.Append(literal);
                    literal.Clear();
                    mode = 0;
                }
                else
                {
                    literal.Append(ch);
                }
                continue;
            }
            if (maxCount.TryGetValue(ch, out var max))
            {
                if (token == ch && count < max)
                {
                    count++;
                }
                else if (token == ch && !restartAtMax.Contains(ch))
                {
                    // stays at the longest form
                }
                else
                {
                    Flush();
                    token = ch;
                    count = 1;
                }
                continue;
            }
            Flush();
            switch (ch)
            {
                case 'K': result.Append('Z'); break;
                case '`': mode = 2; break;
                case '\'': mode = 1; break;
                case '%': break;
                case '\\': mode = 3; break;
                default: result.Append(ch); break;
            }
        }
        if (mode != 0) throw new FormatException();
        Flush();
        return result.ToString();
    }

    private static readonly Regex DayjsTokens = new(@"\[([^\]]+)]|Y{1,4}|M{1,4}|D{1,2}|d{1,4}|H{1,2}|h{1,2}|a|A|m{1,2}|s{1,2}|Z{1,2}|SSS", RegexOptions.CultureInvariant);
    private static readonly string[] Months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
    private static readonly string[] Days = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

    /// <summary>dayjs(...).utc().format(f) with dayjs' built-in English locale (the engine loads no other).</summary>
    internal static string DayjsFormat(DateTime d, string format) => DayjsTokens.Replace(format, m =>
    {
        if (m.Groups[1].Success) return m.Groups[1].Value;
        var inv = CultureInfo.InvariantCulture;
        var h12 = d.Hour % 12 == 0 ? 12 : d.Hour % 12;
        return m.Value switch
        {
            "YY" => (d.Year % 100).ToString("00", inv),
            "YYYY" => d.Year.ToString("0000", inv),
            "M" => d.Month.ToString(inv),
            "MM" => d.Month.ToString("00", inv),
            "MMM" => Months[d.Month - 1][..3],
            "MMMM" => Months[d.Month - 1],
            "D" => d.Day.ToString(inv),
            "DD" => d.Day.ToString("00", inv),
            "d" => ((int)d.DayOfWeek).ToString(inv),
            "dd" => Days[(int)d.DayOfWeek][..2],
            "ddd" => Days[(int)d.DayOfWeek][..3],
            "dddd" => Days[(int)d.DayOfWeek],
            "H" => d.Hour.ToString(inv),
            "HH" => d.Hour.ToString("00", inv),
            "h" => h12.ToString(inv),
            "hh" => h12.ToString("00", inv),
            "a" => d.Hour < 12 ? "am" : "pm",
            "A" => d.Hour < 12 ? "AM" : "PM",
            "m" => d.Minute.ToString(inv),
            "mm" => d.Minute.ToString("00", inv),
            "s" => d.Second.ToString(inv),
            "ss" => d.Second.ToString("00", inv),
            "SSS" => d.Millisecond.ToString("000", inv),
            "Z" => "+00:00",
            _ => "+0000",
        };
    });
}
