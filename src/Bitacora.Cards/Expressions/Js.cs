using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bitacora.Cards.Expressions;

/// <summary>JavaScript value semantics the official engine inherits (toString, JSON.stringify, truthiness, equality).</summary>
internal static class Js
{
    public static bool IsArrayIndex(string key, out uint index)
    {
        index = 0;
        if (key.Length == 0 || key.Length > 10 || (key.Length > 1 && key[0] == '0'))
        {
            return false;
        }
        foreach (var c in key)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }
        return uint.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out index) && index != uint.MaxValue;
    }

    public static bool IsNumber(object? v) => v is double d && !double.IsNaN(d);

    public static bool IsNullish(object? v) => v is null || v is Undefined;

    public static bool IsInteger(object? v) => v is double d && double.IsFinite(d) && Math.Floor(d) == d;

    /// <summary>Truthiness as JavaScript's <c>!value</c> sees it.</summary>
    public static bool Truthy(object? v) => v switch
    {
        null or Undefined => false,
        bool b => b,
        double d => d != 0 && !double.IsNaN(d),
        string s => s.Length > 0,
        _ => true,
    };

    /// <summary>The engine's isLogicTrue: booleans as they are, null/undefined false, anything else true.</summary>
    public static bool IsLogicTrue(object? v) => v switch
    {
        bool b => b,
        null or Undefined => false,
        _ => true,
    };

    public static string NumberToString(double d)
    {
        if (double.IsNaN(d)) return "NaN";
        if (double.IsPositiveInfinity(d)) return "Infinity";
        if (double.IsNegativeInfinity(d)) return "-Infinity";
        if (d == 0) return "0";
        if (Math.Abs(d) < 1e15 && Math.Floor(d) == d)
        {
            return ((long)d).ToString(CultureInfo.InvariantCulture);
        }
        var r = d.ToString("E16", CultureInfo.InvariantCulture);
        // Shortest round-trip digits, then JavaScript's Number.prototype.toString layout.
        var shortest = d.ToString("R", CultureInfo.InvariantCulture);
        var negative = shortest[0] == '-';
        if (negative) shortest = shortest[1..];
        string digits;
        int exponent; // value = 0.digits * 10^exponent
        var ePos = shortest.IndexOfAny(['E', 'e']);
        var mantissa = ePos >= 0 ? shortest[..ePos] : shortest;
        var exp10 = ePos >= 0 ? int.Parse(shortest[(ePos + 1)..], CultureInfo.InvariantCulture) : 0;
        var dot = mantissa.IndexOf('.');
        var intPart = dot >= 0 ? mantissa[..dot] : mantissa;
        var fracPart = dot >= 0 ? mantissa[(dot + 1)..] : "";
        digits = (intPart + fracPart).TrimStart('0');
        var leadingZeros = (intPart + fracPart).Length - (intPart + fracPart).TrimStart('0').Length;
        exponent = intPart.Length + exp10 - leadingZeros;
        digits = digits.TrimEnd('0');
        if (digits.Length == 0) return "0";
        _ = r;
        var k = digits.Length;
        var n = exponent;
        var sb = new StringBuilder();
        if (negative) sb.Append('-');
        if (k <= n && n <= 21)
        {
            sb.Append(digits).Append('0', n - k);
        }
        else if (0 < n && n <= 21)
        {
            sb.Append(digits, 0, n).Append('.').Append(digits, n, k - n);
        }
        else if (-6 < n && n <= 0)
        {
            sb.Append("0.").Append('0', -n).Append(digits);
        }
        else
        {
            sb.Append(digits[0]);
            if (k > 1) sb.Append('.').Append(digits, 1, k - 1);
            sb.Append('e').Append(n - 1 >= 0 ? "+" : "-").Append(Math.Abs(n - 1).ToString(CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    /// <summary>JavaScript's <c>value.toString()</c>; null/undefined throw as JavaScript does.</summary>
    public static string ToStr(object? v) => v switch
    {
        string s => s,
        double d => NumberToString(d),
        bool b => b ? "true" : "false",
        List<object?> list => string.Join(",", list.Select(x => IsNullish(x) ? "" : ToStr(x))),
        JsObject => "[object Object]",
        null => throw new JsTypeError("Cannot read properties of null (reading 'toString')"),
        Undefined => throw new JsTypeError("Cannot read properties of undefined (reading 'toString')"),
        _ => v.ToString() ?? "",
    };

    /// <summary>JavaScript's String(value) (template literals, string concatenation).</summary>
    public static string StringOf(object? v) => v switch
    {
        null => "null",
        Undefined => "undefined",
        _ => ToStr(v),
    };

    /// <summary>The engine's commonStringify: "" for null, JSON minus outer quotes for objects, toString otherwise.</summary>
    public static string CommonStringify(object? v)
    {
        if (IsNullish(v)) return "";
        if (v is List<object?> or JsObject)
        {
            return Stringify(v)!.TrimStart('\'', '"').TrimEnd('\'', '"');
        }
        return ToStr(v);
    }

    /// <summary>JSON.stringify (compact); null for undefined at the top.</summary>
    public static string? Stringify(object? v)
    {
        if (v is Undefined) return null;
        var sb = new StringBuilder();
        WriteJson(sb, v);
        return sb.ToString();
    }

    private static void WriteJson(StringBuilder sb, object? v)
    {
        switch (v)
        {
            case null or Undefined:
                sb.Append("null");
                break;
            case bool b:
                sb.Append(b ? "true" : "false");
                break;
            case double d:
                sb.Append(double.IsFinite(d) ? NumberToString(d) : "null");
                break;
            case string s:
                QuoteJson(sb, s);
                break;
            case List<object?> list:
                sb.Append('[');
                for (var i = 0; i < list.Count; i++)
                {
                    if (i > 0) sb.Append(',');
                    WriteJson(sb, list[i]);
                }
                sb.Append(']');
                break;
            case JsObject o:
                sb.Append('{');
                var first = true;
                foreach (var (k, val) in o.Entries)
                {
                    if (val is Undefined) continue;
                    if (!first) sb.Append(',');
                    first = false;
                    QuoteJson(sb, k);
                    sb.Append(':');
                    WriteJson(sb, val);
                }
                sb.Append('}');
                break;
            default:
                QuoteJson(sb, v.ToString() ?? "");
                break;
        }
    }

    private static void QuoteJson(StringBuilder sb, string s)
    {
        sb.Append('"');
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < 0x20 || (char.IsSurrogate(c) && !(char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) && !(char.IsLowSurrogate(c) && i > 0 && char.IsHighSurrogate(s[i - 1]))))
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }
                    break;
            }
        }
        sb.Append('"');
    }

    /// <summary>The engine's commonEquals.</summary>
    public static bool CommonEquals(object? a, object? b)
    {
        if (IsNullish(a) || IsNullish(b)) return IsNullish(a) && IsNullish(b);
        if (a is List<object?> la && b is List<object?> lb)
        {
            if (la.Count != lb.Count) return false;
            for (var i = 0; i < la.Count; i++)
            {
                if (!CommonEquals(la[i], lb[i])) return false;
            }
            return true;
        }
        if (a is JsObject oa && b is JsObject ob)
        {
            if (oa.Count != ob.Count) return false;
            foreach (var (k, v) in oa.Entries)
            {
                if (!ob.TryGetExact(k, out var other) || !CommonEquals(v, other)) return false;
            }
            return true;
        }
        return a switch
        {
            double x => b is double y && x == y,
            string s => b is string t && s == t,
            bool p => b is bool q && p == q,
            _ => ReferenceEquals(a, b),
        };
    }

    /// <summary>Boxed true and false, shared (values are never mutated).</summary>
    public static readonly object True = true, False = false;

    private static readonly object[] SmallIntegers = CreateSmallIntegers();

    private static object[] CreateSmallIntegers()
    {
        var boxes = new object[1024];
        for (var i = 0; i < boxes.Length; i++) boxes[i] = (double)i;
        return boxes;
    }

    public static object Box(bool b) => b ? True : False;

    /// <summary>A boxed number; small non-negative integers (indexes, counts) share one box each.</summary>
    public static object Box(double d) =>
        d >= 0 && d < SmallIntegers.Length && Math.Floor(d) == d && !(d == 0 && double.IsNegative(d)) ? SmallIntegers[(int)d] : d;

    /// <summary>A value of the data as the engine sees it: objects are wrapped (read in place), arrays copied shallowly.</summary>
    public static object? FromJson(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonObject o:
                return new JsObject(o);
            case JsonArray a:
                var list = new List<object?>(a.Count);
                for (var i = 0; i < a.Count; i++)
                {
                    list.Add(FromJson(a[i]));
                }
                return list;
            case JsonValue v:
                switch (v.GetValueKind())
                {
                    case JsonValueKind.String: return v.GetValue<string>();
                    case JsonValueKind.True: return True;
                    case JsonValueKind.False: return False;
                    case JsonValueKind.Number:
                        if (v.TryGetValue<double>(out var d)) return Box(d);
                        return double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture);
                    default: return null;
                }
            default:
                return null;
        }
    }

    public static object? FromJson(JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                var obj = new JsObject();
                foreach (var p in e.EnumerateObject())
                {
                    obj.Set(p.Name, FromJson(p.Value));
                }
                return obj;
            case JsonValueKind.Array:
                var list = new List<object?>(e.GetArrayLength());
                foreach (var item in e.EnumerateArray())
                {
                    list.Add(FromJson(item));
                }
                return list;
            case JsonValueKind.String: return e.GetString();
            case JsonValueKind.True: return true;
            case JsonValueKind.False: return false;
            case JsonValueKind.Number: return e.GetDouble();
            default: return null;
        }
    }

    /// <summary>JavaScript's parseInt(String(v), 10) result, NaN when no digits.</summary>
    public static double ParseInt(string s)
    {
        var i = 0;
        while (i < s.Length && IsJsWhite(s[i])) i++;
        var sign = 1;
        if (i < s.Length && (s[i] == '+' || s[i] == '-'))
        {
            sign = s[i] == '-' ? -1 : 1;
            i++;
        }
        var start = i;
        double value = 0;
        while (i < s.Length && s[i] is >= '0' and <= '9')
        {
            value = value * 10 + (s[i] - '0');
            i++;
        }
        return i == start ? double.NaN : sign * value;
    }

    /// <summary>JavaScript's parseFloat.</summary>
    public static double ParseFloat(string s)
    {
        var i = 0;
        while (i < s.Length && IsJsWhite(s[i])) i++;
        var start = i;
        if (i < s.Length && (s[i] == '+' || s[i] == '-')) i++;
        if (string.CompareOrdinal(s, i, "Infinity", 0, 8) == 0)
        {
            return s[start] == '-' ? double.NegativeInfinity : double.PositiveInfinity;
        }
        var digitsStart = i;
        while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
        var intDigits = i - digitsStart;
        var fracDigits = 0;
        if (i < s.Length && s[i] == '.')
        {
            var j = i + 1;
            while (j < s.Length && char.IsAsciiDigit(s[j])) j++;
            fracDigits = j - i - 1;
            if (intDigits > 0 || fracDigits > 0) i = j;
        }
        if (intDigits == 0 && fracDigits == 0) return double.NaN;
        if (i < s.Length && (s[i] == 'e' || s[i] == 'E'))
        {
            var j = i + 1;
            if (j < s.Length && (s[j] == '+' || s[j] == '-')) j++;
            var expStart = j;
            while (j < s.Length && char.IsAsciiDigit(s[j])) j++;
            if (j > expStart) i = j;
        }
        return double.Parse(s.AsSpan(start, i - start), NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    public static bool IsJsWhite(char c) =>
        c is ' ' or '\t' or '\n' or '\v' or '\f' or '\r' or '\u00a0' or '\ufeff' or '\u1680' or '\u2028' or '\u2029'
            or '\u202f' or '\u205f' or '\u3000' || (c >= '\u2000' && c <= '\u200a');

    public static string JsTrim(string s)
    {
        var start = 0;
        var end = s.Length;
        while (start < end && IsJsWhite(s[start])) start++;
        while (end > start && IsJsWhite(s[end - 1])) end--;
        return start == 0 && end == s.Length ? s : s[start..end];
    }
}

/// <summary>A JavaScript TypeError the official engine lets escape (e.g. null.toString() while interpolating).</summary>
internal sealed class JsTypeError(string message) : Exception(message);
