using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Bitacora.Cards.Expressions;

internal delegate object? Evaluator(CallExpr call, EvalContext ctx, bool subst);

/// <summary>A built-in function: how many arguments it takes (checked at parse time) and how it evaluates.</summary>
internal sealed class FunctionDef(string name, int minArgs, int maxArgs, Evaluator evaluate)
{
    public int MinArgs => minArgs;
    public int MaxArgs => maxArgs;
    public string Name { get; } = name;

    /// <summary>Expected literal types per argument (the last repeats), or null for no check.</summary>
    public int[]? ArgTypes { get; init; }

    private static int TypeOf(object? v) => v switch
    {
        bool => ArgType.Boolean,
        double => ArgType.Number,
        string => ArgType.String,
        List<object?> => ArgType.Array,
        _ => ArgType.Object,
    } | (v is null or Undefined or JsObject ? ArgType.Any : 0);
    public Evaluator Evaluate { get; } = evaluate;

    public void Validate(CallExpr call)
    {
        var n = call.Args.Length;
        if (n < minArgs)
        {
            throw new ExpressionSyntaxException(minArgs == maxArgs
                ? $"{call} should have {minArgs} children."
                : $"{call} should have at least {minArgs} children.", 0);
        }
        if (n > maxArgs)
        {
            throw new ExpressionSyntaxException(minArgs == maxArgs
                ? $"{call} should have {minArgs} children."
                : $"{call} can't have more than {maxArgs} children.", 0);
        }
        if (ArgTypes is { Length: > 0 } types)
        {
            // Like the official validateOrder: a literal argument of the wrong type fails at parse time.
            for (var i = 0; i < n; i++)
            {
                var expected = types[Math.Min(i, types.Length - 1)];
                if (call.Args[i] is ConstantExpr constant && (TypeOf(constant.Value) & expected) == 0)
                {
                    var what = expected == ArgType.Number ? "Number" : expected == ArgType.String ? "String" : "valid";
                    throw new ExpressionSyntaxException($"{constant} is not a {what} expression in {call}.", 0);
                }
            }
        }
        if (Name is "where" or "select" or "foreach" && call.Args[1] is not AccessorExpr { Instance: null })
        {
            throw new ExpressionSyntaxException($"Second parameter is not an identifier : {call.Args[1]}", 0);
        }
    }
}

internal static class ArgType
{
    public const int Boolean = 1, Number = 2, Object = 4, String = 8, Array = 16, Any = 31;
}

/// <summary>The standard functions of adaptive-expressions that the templates of this project use.</summary>
internal static partial class Functions
{
    private const int Many = int.MaxValue;
    private static readonly Dictionary<string, FunctionDef> Table = Build();

    /// <summary>Standard functions of the official engine that this implementation does not provide.</summary>
    private static readonly HashSet<string> Unsupported =
    [
        "abs", "sqrt", "replaceIgnoreCase", "countWord", "addOrdinal", "newGuid", "lastIndexOf", "EOL", "sentenceCase",
        "titleCase", "addSeconds", "dayOfYear", "date", "utcNow", "formatEpoch", "formatTicks", "subtractFromTime",
        "dateReadBack", "getTimeOfDay", "getFutureTime", "getPastTime", "convertFromUTC", "convertToUTC", "addToTime",
        "startOfDay", "startOfHour", "startOfMonth", "ticksToDays", "ticksToHours", "ticksToMinutes", "dateTimeDiff",
        "isDefinite", "isTime", "isDuration", "isDate", "isTimeRange", "isDateRange", "isPresent", "getNextViableDate",
        "getPreviousViableDate", "getNextViableTime", "getPreviousViableTime", "resolve", "bool", "binary", "base64",
        "base64ToBinary", "base64ToString", "dataUri", "dataUriToBinary", "dataUriToString", "uriComponent",
        "uriComponentToString", "jsonStringify", "intersection", "filterNotEqual", "subArray", "indicesAndValues",
        "flatten", "unique", "reverse", "any", "all", "rand", "addProperty", "removeProperty", "getProperty", "jPath",
        "setPathToValue", "merge", "xml", "xPath", "uriHost", "uriPath", "uriPathAndQuery", "uriPort", "uriQuery",
        "uriScheme", "isMatch", "isObject", "isDateTime", "stringOrValue", "ignore", "optional", "exp",
    ];

    /// <summary>Aliases take the canonical operator's name in the tree (it shows in toString: div(1, 0) is "(1 / 0)").</summary>
    private static readonly Dictionary<string, string> Canonical = new(StringComparer.Ordinal)
    {
        ["add"] = "+", ["sub"] = "-", ["mul"] = "*", ["div"] = "/", ["mod"] = "%", ["and"] = "&&", ["or"] = "||",
        ["not"] = "!", ["equals"] = "==", ["greater"] = ">", ["greaterOrEquals"] = ">=", ["less"] = "<",
        ["lessOrEquals"] = "<=", ["&"] = "concat", ["??"] = "coalesce",
    };

    public static string CanonicalName(string name) => Canonical.GetValueOrDefault(name, name);

    public static FunctionDef Lookup(string name)
    {
        if (Table.TryGetValue(name, out var def)) return def;
        if (Unsupported.Contains(name))
        {
            throw new ExpressionSyntaxException($"the function '{name}' is not supported by this engine", 0);
        }
        // The template engine resolves unknown names to a function that fails when evaluated.
        return new FunctionDef(name, 0, Many, (_, _, _) => throw new JsTypeError($"Unknown function {name}"));
    }

    private static object?[] Args(CallExpr call, EvalContext ctx, bool subst)
    {
        var args = new object?[call.Args.Length];
        for (var i = 0; i < args.Length; i++)
        {
            args[i] = call.Args[i].Eval(ctx, subst);
        }
        return args;
    }

    private static double Num(object? v, CallExpr call)
    {
        if (Js.IsNumber(v)) return (double)v!;
        throw new EvalError($"{Js.StringOf(v)} is not a number.");
    }

    private static string StrOrEmpty(object? v) => v as string ?? "";

    private static void RequireStringOrNull(object?[] args)
    {
        foreach (var a in args)
        {
            if (a is not (string or null or Undefined)) throw new EvalError($"{Js.StringOf(a)} is not a string or null.");
        }
    }

    private static Dictionary<string, FunctionDef> Build()
    {
        var t = new Dictionary<string, FunctionDef>(StringComparer.Ordinal);
        void Add(string name, int min, int max, Evaluator e) => t[name] = new FunctionDef(name, min, max, e);
        // The argument array is lent by the context and taken back after f: f must not keep it (none does).
        void Simple(string name, int min, int max, Func<object?[], CallExpr, object?> f) =>
            Add(name, min, max, (c, ctx, s) =>
            {
                var args = ctx.RentArgs(c.Args.Length);
                try
                {
                    for (var i = 0; i < args.Length; i++)
                    {
                        args[i] = c.Args[i].Eval(ctx, s);
                    }
                    return f(args, c);
                }
                finally
                {
                    ctx.ReturnArgs(args);
                }
            });

        // Logic
        Add("if", 3, 3, (c, ctx, s) =>
        {
            object? cond;
            bool ok;
            try
            {
                cond = c.Args[0].Eval(ctx, false);
                ok = true;
            }
            catch (EvalError)
            {
                cond = null;
                ok = false;
            }
            return ok && Js.IsLogicTrue(cond) ? c.Args[1].Eval(ctx, s) : c.Args[2].Eval(ctx, s);
        });
        Evaluator and = (c, ctx, _) =>
        {
            foreach (var child in c.Args)
            {
                try
                {
                    if (!Js.IsLogicTrue(child.Eval(ctx, false))) return Js.False;
                }
                catch (EvalError)
                {
                    return Js.False;
                }
            }
            return Js.True;
        };
        Evaluator or = (c, ctx, _) =>
        {
            // The official evaluator returns the last child's value when none is true (undefined after an error).
            object? last = Js.False;
            foreach (var child in c.Args)
            {
                try
                {
                    last = child.Eval(ctx, false);
                    if (Js.IsLogicTrue(last)) return Js.True;
                }
                catch (EvalError)
                {
                    last = Undefined.Value;
                }
            }
            return last;
        };
        Add("&&", 1, Many, and);
        Add("and", 1, Many, and);
        Add("||", 1, Many, or);
        Add("or", 1, Many, or);
        Evaluator not = (c, ctx, _) =>
        {
            try
            {
                return Js.Box(!Js.IsLogicTrue(c.Args[0].Eval(ctx, false)));
            }
            catch (EvalError)
            {
                return Js.True;
            }
        };
        Add("!", 1, 1, not);
        Add("not", 1, 1, not);
        Comparison("==", 2, 2, a => Js.CommonEquals(a[0], a[1]), verifyNotNull: false);
        Comparison("equals", 2, 2, a => Js.CommonEquals(a[0], a[1]), verifyNotNull: false);
        Comparison("!=", 2, 2, a => !Js.CommonEquals(a[0], a[1]), verifyNotNull: false);
        Comparison("<", 2, 2, a => Compare(a) < 0, verifyNotNull: true);
        Comparison("less", 2, 2, a => Compare(a) < 0, verifyNotNull: true);
        Comparison("<=", 2, 2, a => Compare(a) <= 0, verifyNotNull: true);
        Comparison("lessOrEquals", 2, 2, a => Compare(a) <= 0, verifyNotNull: true);
        Comparison(">", 2, 2, a => Compare(a) > 0, verifyNotNull: true);
        Comparison("greater", 2, 2, a => Compare(a) > 0, verifyNotNull: true);
        Comparison(">=", 2, 2, a => Compare(a) >= 0, verifyNotNull: true);
        Comparison("greaterOrEquals", 2, 2, a => Compare(a) >= 0, verifyNotNull: true);
        Comparison("exists", 1, 1, a => !Js.IsNullish(a[0]), verifyNotNull: true);
        Comparison("empty", 1, 1, a => a[0] switch
        {
            null or Undefined => true,
            string s => s.Length == 0,
            List<object?> l => l.Count == 0,
            JsObject o => o.Count == 0,
            _ => true,
        }, verifyNotNull: false, verifyContainer: true);
        Comparison("contains", 2, 2, a => a[0] switch
        {
            string s when a[1] is string sub => s.Contains(sub, StringComparison.Ordinal),
            List<object?> l => l.Any(x => Js.CommonEquals(x, a[1])),
            JsObject o when a[1] is string key => o.TryGetExact(key, out _),
            _ => false,
        }, verifyNotNull: false);
        Simple("coalesce", 1, Many, (a, _) => a.FirstOrDefault(x => !Js.IsNullish(x), Undefined.Value));
        Simple("??", 1, Many, (a, _) => a.FirstOrDefault(x => !Js.IsNullish(x), Undefined.Value));

        // Arithmetic
        Simple("+", 2, Many, (a, c) => Sequence(a, AddPair));
        Simple("add", 2, Many, (a, c) => Sequence(a, AddPair));
        Numeric("-", (x, y) => x - y);
        Numeric("sub", (x, y) => x - y);
        Numeric("*", (x, y) => x * y);
        Numeric("mul", (x, y) => x * y);
        Evaluator div = (c, ctx, s) =>
        {
            var a = Args(c, ctx, s);
            for (var i = 0; i < a.Length; i++)
            {
                var n = Num(a[i], c);
                if (i > 0 && n == 0) throw new EvalError($"Cannot divide by 0 from {c}");
            }
            var acc = (double)a[0]!;
            for (var i = 1; i < a.Length; i++)
            {
                var y = (double)a[i]!;
                var r = acc / y;
                acc = Js.IsInteger(acc) && Js.IsInteger(y) ? Math.Floor(r) : r;
            }
            return acc;
        };
        Add("/", 2, Many, div);
        Add("div", 2, Many, div);
        Evaluator mod = (c, ctx, s) =>
        {
            var a = Args(c, ctx, s);
            var x = Num(a[0], c);
            var y = Num(a[1], c);
            if (y == 0) throw new EvalError("Cannot mod by 0.");
            return Math.IEEERemainder(x, y) is var _ ? x % y : 0;
        };
        Add("%", 2, 2, mod);
        Add("mod", 2, 2, mod);
        Simple("^", 2, 2, (a, c) => Math.Pow(Num(a[0], c), Num(a[1], c)));
        Simple("max", 1, Many, (a, c) => Extreme(a, c, Math.Max, double.NegativeInfinity));
        Simple("min", 1, Many, (a, c) => Extreme(a, c, Math.Min, double.PositiveInfinity));
        Simple("sum", 1, 1, (a, c) => NumericList(a[0], c).Aggregate((x, y) => x + y));
        Simple("average", 1, 1, (a, c) =>
        {
            var l = NumericList(a[0], c);
            return l.Aggregate((x, y) => x + y) / l.Count;
        });
        Simple("round", 1, 2, (a, c) =>
        {
            var x = Num(a[0], c);
            var digits = 0d;
            if (a.Length == 2)
            {
                digits = Num(a[1], c);
                if (!Js.IsInteger(digits)) throw new EvalError($"The second parameter {Js.StringOf(a[1])} must be an integer.");
            }
            if (digits < 0 || digits > 15) throw new EvalError($"The second parameter {Js.StringOf(a[1])} must be an integer between 0 and 15.");
            var p = Math.Pow(10, digits);
            return JsRound(x * p) / p;
        });
        Simple("floor", 1, 1, (a, c) => Math.Floor(Num(a[0], c)));
        Simple("ceiling", 1, 1, (a, c) => Math.Ceiling(Num(a[0], c)));
        Simple("range", 2, 2, (a, c) =>
        {
            var start = Num(a[0], c);
            var count = Num(a[1], c);
            if (count <= 0) throw new EvalError("Second paramter must be more than zero");
            var list = new List<object?>((int)count);
            for (var i = 0; i < (int)count; i++) list.Add(i + start);
            return list;
        });

        // Strings
        Simple("concat", 1, Many, (a, _) => Sequence(a, ConcatPair));
        Simple("&", 1, Many, (a, _) => Sequence(a, ConcatPair));
        Simple("length", 1, 1, (a, _) =>
        {
            RequireStringOrNull(a);
            return Js.Box(StrOrEmpty(a[0]).Length);
        });
        Simple("toUpper", 1, 2, (a, _) => a[0] is string or Undefined ? StrOrEmpty(a[0]).ToUpperInvariant() : Undefined.Value);
        Simple("toLower", 1, 2, (a, _) => a[0] is string or Undefined ? StrOrEmpty(a[0]).ToLowerInvariant() : Undefined.Value);
        Simple("trim", 1, 1, (a, _) => a[0] is string or Undefined ? Js.JsTrim(StrOrEmpty(a[0])) : Undefined.Value);
        Simple("substring", 2, 3, (a, c) =>
        {
            if (a[0] is not string s)
            {
                if (Js.IsNullish(a[0])) return "";
                throw new EvalError($"{c.Args[0]} is not a string.");
            }
            if (!Js.IsInteger(a[1])) throw new EvalError($"{c.Args[1]} is not an integer.");
            var start = (int)(double)a[1]!;
            if (start < 0 || start > s.Length) throw new EvalError($"{c.Args[1]}={start} which is out of range for {s}");
            int length;
            if (a.Length == 2)
            {
                length = s.Length - start;
            }
            else
            {
                if (!Js.IsInteger(a[2])) throw new EvalError($"{c.Args[2]} is not an integer.");
                length = (int)(double)a[2]!;
                if (length < 0 || start + length > s.Length)
                    throw new EvalError($"{c.Args[2]}={length} which is out of range for {s}");
            }
            return s.Substring(start, length);
        });
        Simple("replace", 3, 3, (a, c) =>
        {
            RequireStringOrNull(a);
            if (StrOrEmpty(a[1]).Length == 0) throw new EvalError($"{Js.StringOf(a[1])} should be a string with length at least 1");
            return StrOrEmpty(a[0]).Replace(StrOrEmpty(a[1]), StrOrEmpty(a[2]), StringComparison.Ordinal);
        });
        Simple("split", 1, 2, (a, _) =>
        {
            RequireStringOrNull(a);
            var s = StrOrEmpty(a[0]);
            var sep = a.Length > 1 && Js.Truthy(a[1]) ? StrOrEmpty(a[1]) : "";
            if (sep.Length == 0)
            {
                var chars = new List<object?>();
                foreach (var ch in s) chars.Add(ch.ToString());
                return chars;
            }
            return s.Split(sep).Select(x => (object?)x).ToList();
        });
        Simple("join", 2, 3, (a, c) =>
        {
            if (a[0] is not List<object?> l) throw new EvalError($"{c.Args[0]} evaluates to {Js.StringOf(a[0])} which is not a list.");
            string J(IEnumerable<object?> items, object? sep) =>
                string.Join(Js.IsNullish(sep) ? (sep is null ? "null" : ",") : Js.StringOf(sep), items.Select(x => Js.IsNullish(x) ? "" : Js.ToStr(x)));
            if (a.Length == 2) return J(l, a[1]);
            if (l.Count < 3) return J(l, a[2]);
            return J(l.Take(l.Count - 1), a[1]) + Js.StringOf(a[2]) + (Js.IsNullish(l[^1]) ? "" : Js.ToStr(l[^1]));
        });
        Simple("indexOf", 2, 2, (a, c) =>
        {
            if (Js.IsNullish(a[0]) || a[0] is string)
            {
                if (a[1] is Undefined or string) return (double)StrOrEmpty(a[0]).IndexOf(StrOrEmpty(a[1]), StringComparison.Ordinal);
                throw new EvalError($"Can only look for indexof string in {c}");
            }
            if (a[0] is List<object?> l)
            {
                for (var i = 0; i < l.Count; i++)
                {
                    if (StrictEquals(l[i], a[1])) return (double)i;
                }
                return -1d;
            }
            throw new EvalError($"{c} works only on string or list.");
        });
        Simple("startsWith", 2, 2, (a, _) =>
        {
            RequireStringOrNull(a);
            return StrOrEmpty(a[0]).StartsWith(StrOrEmpty(a[1]), StringComparison.Ordinal);
        });
        Simple("endsWith", 2, 2, (a, _) =>
        {
            RequireStringOrNull(a);
            return StrOrEmpty(a[0]).EndsWith(StrOrEmpty(a[1]), StringComparison.Ordinal);
        });

        // Conversions
        Simple("string", 1, 2, (a, _) => a[0] switch
        {
            string s => s,
            double d when !double.IsNaN(d) => FormatNumber(d, DecimalsOf(d), a.Length == 2 && a[1] is string loc ? loc : DefaultLocale),
            _ => Js.CommonStringify(a[0]),
        });
        Simple("int", 1, 1, (a, _) => a[0] switch
        {
            string s when Js.IsNumber(Js.ParseInt(s)) => Js.ParseInt(s),
            string s => throw new EvalError($"parameter {s} is not a valid number string."),
            double d when !double.IsNaN(d) => Js.ParseInt(Js.NumberToString(d)),
            _ => Undefined.Value,
        });
        Simple("float", 1, 1, (a, _) => a[0] switch
        {
            string s when Js.IsNumber(Js.ParseFloat(s)) => Js.ParseFloat(s),
            string s => throw new EvalError($"parameter {s} is not a valid number string."),
            double d when !double.IsNaN(d) => d,
            _ => Undefined.Value,
        });
        Simple("json", 1, 1, (a, _) =>
        {
            if (a[0] is not string s) throw new EvalError($"{Js.StringOf(a[0])} is not a string.");
            try
            {
                using var doc = JsonDocument.Parse(Js.JsTrim(s));
                return Js.FromJson(doc.RootElement);
            }
            catch (JsonException e)
            {
                throw new EvalError(e.Message);
            }
        });
        Simple("setProperty", 3, 3, (a, c) =>
        {
            if (a[0] is not JsObject o) throw new EvalError($"{c.Args[0]} is not an object.");
            var copy = o.Clone();
            copy.Set(Js.StringOf(a[1]), a[2]);
            return copy;
        });
        Simple("isString", 1, 1, (a, _) => a[0] is string);
        Simple("isInteger", 1, 1, (a, _) => Js.IsInteger(a[0]));
        Simple("isFloat", 1, 1, (a, _) => Js.IsNumber(a[0]) && !Js.IsInteger(a[0]));
        Simple("isArray", 1, 1, (a, _) => a[0] is List<object?>);
        Simple("isBoolean", 1, 1, (a, _) => a[0] is bool);

        // Collections
        Simple("count", 1, 1, (a, c) => a[0] switch
        {
            string s => Js.Box(s.Length),
            List<object?> l => Js.Box(l.Count),
            JsObject o => Js.Box(o.Count),
            _ => throw new EvalError($"{c.Args[0]} must be an array, string or object."),
        });
        Simple("first", 1, 1, (a, _) => a[0] switch
        {
            string { Length: > 0 } s => s[0].ToString(),
            List<object?> { Count: > 0 } l => l[0],
            _ => Undefined.Value,
        });
        Simple("last", 1, 1, (a, _) => a[0] switch
        {
            string { Length: > 0 } s => s[^1].ToString(),
            List<object?> { Count: > 0 } l => l[^1],
            _ => Undefined.Value,
        });
        Simple("createArray", 0, Many, (a, _) => a.ToList());
        Simple("union", 1, Many, (a, c) =>
        {
            var result = new List<object?>();
            foreach (var x in a)
            {
                if (x is not List<object?> l) throw new EvalError($"{Js.StringOf(x)} is not a list.");
                foreach (var item in l)
                {
                    if (!result.Any(r => StrictEquals(r, item))) result.Add(item);
                }
            }
            return result;
        });
        Add("take", 2, 2, (c, ctx, s) => TakeSkip(c, ctx, s, take: true));
        Add("skip", 2, 2, (c, ctx, s) => TakeSkip(c, ctx, s, take: false));
        Add("where", 3, 3, (c, ctx, s) =>
        {
            var (list, isObject) = LambdaSource(c, ctx, s);
            if (isObject)
            {
                var kept = new JsObject();
                foreach (var item in list)
                {
                    if (!Js.IsLogicTrue(Lambda(c, ctx, s, item))) continue;
                    var kv = (JsObject)item!;
                    kv.TryGetExact("key", out var k);
                    kv.TryGetExact("value", out var v);
                    kept.Set((string)k!, v);
                }
                return kept;
            }
            var result = new List<object?>();
            foreach (var item in list)
            {
                if (Js.IsLogicTrue(Lambda(c, ctx, s, item))) result.Add(item);
            }
            return result;
        });
        Evaluator select = (c, ctx, s) =>
        {
            var (list, _) = LambdaSource(c, ctx, s);
            var result = new List<object?>(list.Count);
            foreach (var item in list) result.Add(Lambda(c, ctx, s, item));
            return result;
        };
        Add("select", 3, 3, select);
        Add("foreach", 3, 3, select);
        Add("sortBy", 1, 2, (c, ctx, s) => SortBy(Args(c, ctx, s), c, descending: false));
        Add("sortByDescending", 1, 2, (c, ctx, s) => SortBy(Args(c, ctx, s), c, descending: true));

        // Dates
        Simple("formatNumber", 2, 3, (a, c) =>
        {
            if (!Js.IsNumber(a[0])) throw new EvalError($"formatNumber first argument {Js.StringOf(a[0])} must be a number");
            if (!Js.IsNumber(a[1])) throw new EvalError($"formatNumber second argument {Js.StringOf(a[1])} must be a number");
            var locale = a.Length == 3 && a[2] is string l ? l : DefaultLocale;
            var precision = (double)a[1]!;
            var p = Math.Pow(10, precision);
            var rounded = JsRound((double)a[0]! * p) / p;
            return FormatNumber(rounded, (int)precision, locale);
        });
        Simple("formatDateTime", 1, 3, (a, c) => FormatDateTime(a, c));
        TimeTransform("addDays", (d, n) => d.AddDays(n));
        TimeTransform("addHours", (d, n) => d.AddHours(n));
        TimeTransform("addMinutes", (d, n) => d.AddMinutes(n));
        Simple("dayOfWeek", 1, 1, (a, c) => (double)(int)IsoTimestamp(a[0], c).DayOfWeek);
        Simple("dayOfMonth", 1, 1, (a, c) => (double)IsoTimestamp(a[0], c).Day);
        Simple("month", 1, 1, (a, c) => (double)IsoTimestamp(a[0], c).Month);
        Simple("year", 1, 1, (a, c) => (double)IsoTimestamp(a[0], c).Year);
        Simple("ticks", 1, 1, (a, c) =>
        {
            if (a[0] is not string) throw new EvalError($"{c} should contain an ISO format timestamp.");
            return new Ticks(IsoTimestamp(a[0], c).Ticks);
        });
        foreach (var name in new[] { "-", "sub", "*", "mul", "/", "div", "%", "mod", "^", "floor", "ceiling", "round", "range" })
            t[name] = Typed(t[name], ArgType.Number);
        foreach (var name in new[] { "+", "add" })
            t[name] = Typed(t[name], ArgType.Number | ArgType.String);
        foreach (var name in new[] { "toUpper", "toLower", "trim", "length", "replace", "split", "startsWith", "endsWith" })
            t[name] = Typed(t[name], ArgType.String);
        t["formatNumber"] = Typed(t["formatNumber"], ArgType.Number, ArgType.Number, ArgType.String);
        t["substring"] = Typed(t["substring"], ArgType.String, ArgType.Number);
        return t;

        static FunctionDef Typed(FunctionDef d, params int[] types) => new(d.Name, d.MinArgs, d.MaxArgs, d.Evaluate) { ArgTypes = types };

        void Comparison(string name, int min, int max, Func<object?[], bool> f, bool verifyNotNull, bool verifyContainer = false) =>
            Add(name, min, max, (c, ctx, _) =>
            {
                var args = ctx.RentArgs(c.Args.Length);
                try
                {
                    try
                    {
                        for (var i = 0; i < args.Length; i++)
                        {
                            var v = c.Args[i].Eval(ctx, false);
                            if (verifyNotNull && Js.IsNullish(v)) return Js.False;
                            if (verifyContainer && v is not (null or Undefined or string or List<object?> or JsObject)) return Js.False;
                            args[i] = v;
                        }
                    }
                    catch (EvalError)
                    {
                        return Js.False;
                    }
                    // Errors of f itself are not caught (as before: only argument errors make the comparison false).
                    return Js.Box(f(args));
                }
                finally
                {
                    ctx.ReturnArgs(args);
                }
            });

        void Numeric(string name, Func<double, double, double> op) => Simple(name, 2, Many, (a, c) =>
        {
            foreach (var x in a) Num(x, c);
            var acc = (double)a[0]!;
            for (var i = 1; i < a.Length; i++) acc = op(acc, (double)a[i]!);
            return acc;
        });

        void TimeTransform(string name, Func<DateTime, double, DateTime> f) => Simple(name, 2, 3, (a, c) =>
        {
            if (a[0] is not string || !Js.IsNumber(a[1]))
                throw new EvalError($"{c} should contain an ISO format timestamp and a time interval integer.");
            var d = IsoTimestamp(a[0], c);
            var format = a.Length == 3 && a[2] is string f3 ? CSharpFormat(f3) : DefaultDateFormat;
            return DayjsFormat(f(d, (double)a[1]!), format);
        });
    }

    /// <summary>The default locale the official engine gets from the process (en-US when generated per tests/oracle).</summary>
    public const string DefaultLocale = "en-US";

    private static object? Sequence(object?[] a, Func<object?, object?, object?> pair)
    {
        var acc = a[0];
        for (var i = 1; i < a.Length; i++) acc = pair(acc, a[i]);
        return acc;
    }

    private static object? AddPair(object? x, object? y)
    {
        if (x is not (double or string or null or Undefined)) throw new EvalError($"{Js.StringOf(x)} is not string or number.");
        if (y is not (double or string or null or Undefined)) throw new EvalError($"{Js.StringOf(y)} is not string or number.");
        if ((Js.IsNullish(x) && Js.IsNumber(y)) || (Js.IsNullish(y) && Js.IsNumber(x)))
            throw new EvalError("Operator '+' or add cannot be applied to operands of type 'number' and null object.");
        if (!Js.IsNumber(x) || !Js.IsNumber(y))
        {
            if (Js.IsNullish(x) && Js.IsNullish(y)) return "";
            if (Js.IsNullish(x)) return Js.ToStr(y);
            if (Js.IsNullish(y)) return Js.ToStr(x);
            return Js.ToStr(x) + Js.ToStr(y);
        }
        return Js.Box((double)x! + (double)y!);
    }

    private static object? ConcatPair(object? x, object? y)
    {
        if (Js.IsNullish(x) && Js.IsNullish(y)) return Undefined.Value;
        if (Js.IsNullish(x) && y is List<object?>) return y;
        if (Js.IsNullish(y) && x is List<object?>) return x;
        if (x is List<object?> lx && y is List<object?> ly) return lx.Concat(ly).ToList();
        return Js.CommonStringify(x) + Js.CommonStringify(y);
    }

    private static double Extreme(object?[] a, CallExpr c, Func<double, double, double> pick, double seed)
    {
        var acc = seed;
        foreach (var x in a)
        {
            if (x is List<object?> l)
            {
                foreach (var item in l) acc = pick(acc, Num(item, c));
            }
            else
            {
                acc = pick(acc, Num(x, c));
            }
        }
        return acc;
    }

    private static List<double> NumericList(object? v, CallExpr c)
    {
        if (v is not List<object?> l) throw new EvalError($"{Js.StringOf(v)} is not a list.");
        var result = l.Select(x => Num(x, c)).ToList();
        if (result.Count == 0) throw new EvalError("Reduce of empty array with no initial value");
        return result;
    }

    private static bool StrictEquals(object? a, object? b) => a switch
    {
        null => b is null,
        Undefined => b is Undefined,
        double x => b is double y && x == y,
        string s => b is string t && s == t,
        bool p => b is bool q && p == q,
        _ => ReferenceEquals(a, b),
    };

    /// <summary>Math.round: halves go up (towards +∞).</summary>
    internal static double JsRound(double x) => Math.Floor(x + 0.5);

    private static int Compare(object?[] a)
    {
        if (a[0] is double x && a[1] is double y) return x < y ? -1 : x > y ? 1 : x == y ? 0 : int.MinValue / 2;
        if (a[0] is string s && a[1] is string t) return string.CompareOrdinal(s, t);
        throw new EvalError($"{Js.StringOf(a[0])} and {Js.StringOf(a[1])} must be comparable.");
    }

    private static object? TakeSkip(CallExpr c, EvalContext ctx, bool subst, bool take)
    {
        var source = c.Args[0].Eval(ctx, subst);
        if (source is List<object?> || (take && source is string))
        {
            var n = c.Args[1].Eval(ctx, subst);
            if (!Js.IsInteger(n)) throw new EvalError($"{c.Args[1]} is not an integer.");
            var count = (int)Math.Max(0, (double)n!);
            if (source is string s)
            {
                count = Math.Min(count, s.Length);
                return s[..count];
            }
            var l = (List<object?>)source;
            count = Math.Min(count, l.Count);
            return take ? l.Take(count).ToList() : l.Skip(count).ToList();
        }
        throw new EvalError($"{c.Args[0]} is not array or string.");
    }

    private static (List<object?> list, bool isObject) LambdaSource(CallExpr c, EvalContext ctx, bool subst)
    {
        var instance = c.Args[0].Eval(ctx, subst);
        if (!Js.Truthy(instance)) throw new EvalError($"'{c.Args[0]}' evaluated to null.");
        switch (instance)
        {
            case List<object?> l:
                return (l, false);
            case JsObject o:
                var list = new List<object?>();
                foreach (var (k, v) in o.Entries)
                {
                    var kv = new JsObject(2);
                    kv.Set("key", k);
                    kv.Set("value", v);
                    list.Add(kv);
                }
                return (list, true);
            default:
                throw new EvalError($"{c.Args[0]} is not a collection or structure object to run Foreach");
        }
    }

    /// <summary>The lambda body (third argument) with its variable (second argument) bound to <paramref name="item"/>.</summary>
    private static object? Lambda(CallExpr c, EvalContext ctx, bool subst, object? item)
    {
        ctx.Locals.Add(new(((AccessorExpr)c.Args[1]).Name, item));
        try
        {
            return c.Args[2].Eval(ctx, subst);
        }
        finally
        {
            ctx.Locals.RemoveAt(ctx.Locals.Count - 1);
        }
    }

    private static object? SortBy(object?[] a, CallExpr c, bool descending)
    {
        if (a[0] is not List<object?> l) throw new EvalError($"{c.Args[0]} is not array");
        var copy = l.ToList();
        Comparison<object?> cmp;
        if (a.Length == 1)
        {
            cmp = JsDefaultCompare;
        }
        else
        {
            var key = Js.StringOf(a[1]);
            cmp = (x, y) =>
            {
                var kx = x is JsObject ox && ox.TryGetExact(key, out var vx) ? vx : Undefined.Value;
                var ky = y is JsObject oy && oy.TryGetExact(key, out var vy) ? vy : Undefined.Value;
                return Greater(kx, ky) ? 1 : Greater(ky, kx) ? -1 : 0;
            };
        }
        // Array.prototype.sort is stable.
        var indexed = copy.Select((v, i) => (v, i)).ToList();
        indexed.Sort((p, q) =>
        {
            var r = cmp(p.v, q.v);
            return r != 0 ? r : p.i.CompareTo(q.i);
        });
        var sorted = indexed.Select(p => p.v).ToList();
        if (descending) sorted.Reverse();
        return sorted;
    }

    /// <summary>JavaScript's a &gt; b for the primitive cases the data can hold.</summary>
    private static bool Greater(object? a, object? b)
    {
        if (a is string s && b is string t) return string.CompareOrdinal(s, t) > 0;
        var x = ToNumber(a);
        var y = ToNumber(b);
        return x > y;
    }

    private static double ToNumber(object? v) => v switch
    {
        double d => d,
        bool b => b ? 1 : 0,
        null => 0,
        string s => string.IsNullOrWhiteSpace(s) ? 0 : double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : double.NaN,
        _ => double.NaN,
    };

    /// <summary>Array.prototype.sort without comparator: by String(x), undefined last.</summary>
    private static int JsDefaultCompare(object? x, object? y)
    {
        if (x is Undefined) return y is Undefined ? 0 : 1;
        if (y is Undefined) return -1;
        return string.CompareOrdinal(Js.StringOf(x), Js.StringOf(y));
    }

    private static int DecimalsOf(double d)
    {
        var s = Js.NumberToString(d);
        var dot = s.IndexOf('.');
        return dot < 0 ? 0 : s.Length - dot - 1;
    }
}

/// <summary>The big integer ticks() returns; JSON shows it as a string, interpolation as digits.</summary>
internal sealed class Ticks(long value)
{
    public long Value { get; } = value + 0;
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
