using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Bitacora.Bot.Guides;

/// <summary>
/// The structure of a guide, checked by guide.schema.json (embedded in the assembly), each error told as a
/// <see cref="GuideProblem"/>: the JSON path and a sentence an author can act on.
/// <para>
/// The file is read as the draft 2020-12 it is, over System.Text.Json, by the keywords it uses and no others:
/// <c>$ref</c> into <c>$defs</c>, <c>type</c>, <c>properties</c>, <c>required</c>, <c>additionalProperties: false</c>,
/// <c>items</c>, <c>minItems</c>, <c>enum</c>, <c>const</c>, <c>pattern</c>, <c>minLength</c>, <c>maxLength</c>,
/// <c>minimum</c>, and the kind rules (<c>if</c> a <c>kind</c> is one of… <c>then</c> <c>required</c>, <c>else</c>
/// <c>not</c> <c>required</c>/<c>anyOf</c>, alone or in <c>allOf</c>). A schema with any other keyword or shape is
/// refused when it is read (<see cref="SchemaRules"/>), so the file never says more than is checked.
/// </para>
/// <para>
/// Why not a general JSON Schema library: the bot checks its guides at every start, and NJsonSchema (with
/// Namotion.Reflection and Newtonsoft.Json) stayed resident for the process's life — ≈ 8 MiB of the idle bot's RSS
/// measured (issue 16, bench/README.md) to evaluate 13 keywords over two files. One checker serves the bot, the CLI
/// (<c>bitacora guides validate</c>) and the tests.
/// </para>
/// </summary>
internal sealed class GuideSchema
{
    private const string ResourceName = "Bitacora.Bot.Guides.guide.schema.json";

    private static readonly Lazy<GuideSchema> Embedded = new(Load);

    private readonly SchemaRule _root;
    private readonly string? _idPattern;

    private GuideSchema(SchemaRule root, string? idPattern)
    {
        _root = root;
        _idPattern = idPattern;
    }

    /// <summary>The schema shipped in Content/Guides (embedded, so a guide folder anywhere is checked by the same file).</summary>
    public static GuideSchema Shipped => Embedded.Value;

    /// <summary>Reads a schema document (the shipped one, or one a test writes); throws on what it cannot check.</summary>
    public static GuideSchema Parse(string schemaJson)
    {
        using var document = JsonDocument.Parse(schemaJson);
        var rules = SchemaRules.Read(document.RootElement);
        return new GuideSchema(rules.Root, rules.Definition("id")?.Pattern?.ToString());
    }

    /// <summary>Every structural problem of <paramref name="root"/>: depth first, each object's properties in the schema's order.</summary>
    public IReadOnlyList<GuideProblem> Validate(string file, JsonElement root)
    {
        var found = new Found();
        Check(root, _root, "$", property: null, owner: null, found);
        return found.Select(f => new GuideProblem(file, f.Path, f.Message)).Distinct().ToList();
    }

    /// <summary>
    /// One value against one rule. A value of the wrong type is reported once (nothing is said of its insides); an
    /// object's kind rules are told only when its kind itself is valid (an unknown kind is reported once).
    /// </summary>
    private void Check(JsonElement value, SchemaRule rule, string path, string? property, string? owner, Found found)
    {
        rule = rule.Resolved;
        var name = path == "$" ? "the guide" : property is not null ? $"'{property}'" : "the item";
        if (rule.Type is { } type && !IsOfType(value, type))
        {
            found.Tell(path, $"{name} must be {Expected(rule)}, found {Describe(value)}");
            return;
        }
        if (rule.Enum is { } allowed && (value.ValueKind != JsonValueKind.String || !allowed.Contains(value.GetString()!, StringComparer.Ordinal)))
        {
            found.Tell(path, property == "kind"
                ? $"unknown {owner ?? "object"} kind '{Text(value)}' (allowed: {string.Join(", ", allowed)})"
                : $"{name} '{Text(value)}' is not one of: {string.Join(", ", allowed)}");
            return;
        }
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                CheckObject(value, rule, path, found);
                break;
            case JsonValueKind.Array:
                var count = value.GetArrayLength();
                if (rule.MinItems is { } min && count < min)
                {
                    found.Tell(path, min == 1 ? "must not be empty" : $"needs at least {min} items, found {count}");
                }
                if (rule.Items is { } items)
                {
                    var i = 0;
                    foreach (var item in value.EnumerateArray())
                    {
                        Check(item, items, $"{path}[{i++}]", property: null, owner, found);
                    }
                }
                break;
            case JsonValueKind.String:
                CheckString(value.GetString()!, rule, path, property, name, found);
                break;
            case JsonValueKind.Number when rule.Minimum is { } minimum && (value.TryGetDecimal(out var number) ? number < minimum : value.GetRawText().StartsWith('-')):
                found.Tell(path, $"{name} must be {Expected(rule)}, found {Describe(value)}");
                break;
        }
    }

    private void CheckObject(JsonElement value, SchemaRule rule, string path, Found found)
    {
        var owner = rule.Owner;
        // In the schema's order, as authors read it: each property's problem (or its absence, when required), then the
        // properties the schema does not know.
        var kindOk = true;
        foreach (var name in rule.PropertyOrder)
        {
            if (value.TryGetProperty(name, out var property))
            {
                var before = found.Count;
                Check(property, rule.Properties[name], Child(path, name), name, owner, found);
                kindOk &= name != "kind" || found.Count == before;
            }
            else if (rule.Required.Contains(name, StringComparer.Ordinal))
            {
                found.Tell(Child(path, name), $"'{name}' is required");
            }
        }
        foreach (var required in rule.Required.Where(r => !rule.Properties.ContainsKey(r) && !value.TryGetProperty(r, out _)))
        {
            found.Tell(Child(path, required), $"'{required}' is required");
        }
        foreach (var unknown in value.EnumerateObject().Where(p => rule.ClosedObject && !rule.Properties.ContainsKey(p.Name)))
        {
            found.Tell(Child(path, unknown.Name), $"unknown property '{unknown.Name}' (allowed: {string.Join(", ", rule.PropertyOrder)})");
        }
        if (!kindOk || !value.TryGetProperty("kind", out var kindValue) || kindValue.ValueKind != JsonValueKind.String)
        {
            return; // an unknown or missing kind is reported once; the rules that depend on it say nothing more
        }
        var kind = kindValue.GetString()!;
        foreach (var condition in rule.Conditions)
        {
            if (condition.Kinds.Contains(kind, StringComparer.Ordinal))
            {
                foreach (var missing in condition.Required.Where(r => !value.TryGetProperty(r, out _)))
                {
                    found.Tell(path, $"a {kind} {owner ?? "object"} needs '{missing}'");
                }
                continue;
            }
            foreach (var present in condition.Forbidden.Where(f => value.TryGetProperty(f, out _)))
            {
                var hint = condition.Hint is null ? "" : $". {condition.Hint}";
                found.Tell(Child(path, present), $"'{present}' only applies to {string.Join(" and ", condition.Kinds)} {owner ?? "object"}s (this one is '{kind}'){hint}");
            }
        }
    }

    private void CheckString(string text, SchemaRule rule, string path, string? property, string name, Found found)
    {
        var empty = string.IsNullOrWhiteSpace(text);
        if (rule.MinLength is { } minLength && text.Length < minLength)
        {
            found.Tell(path, empty ? $"{name} is empty" : $"{name} is shorter than {minLength} characters");
        }
        if (rule.Pattern is { } pattern && !pattern.IsMatch(text))
        {
            found.Tell(path, empty ? $"{name} is empty"
                : pattern.ToString() == _idPattern ? $"{(property == "id" ? "id" : name)} '{text}' must be lowercase letters, digits and single hyphens (e.g. 'ej-cond-actores')"
                : $"{name} does not match the pattern {pattern}");
        }
        if (rule.MaxLength is { } maxLength && text.Length > maxLength)
        {
            found.Tell(path, $"{name} is longer than {maxLength} characters");
        }
    }

    /// <summary>What was found so far: (JSON path, message) in the order found.</summary>
    private sealed class Found : List<(string Path, string Message)>
    {
        public void Tell(string path, string message) => Add((path, message));
    }

    private static string Child(string path, string property) => $"{path}.{property}";

    private static bool IsOfType(JsonElement value, string type) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var d) && d == decimal.Truncate(d),
        _ => false, // SchemaRules admits no other type
    };

    private static string Expected(SchemaRule rule)
    {
        var what = rule.Type switch
        {
            "integer" => "an integer",
            "number" => "a number",
            "string" => "a string",
            "boolean" => "true or false",
            "array" => "an array",
            "object" => "an object",
            _ => "valid",
        };
        return rule.Minimum is { } min ? $"{what} greater than or equal to {min.ToString(CultureInfo.InvariantCulture)}" : what;
    }

    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "True",
        JsonValueKind.False => "False",
        _ => "",
    };

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private static GuideSchema Load()
    {
        using var stream = typeof(GuideSchema).Assembly.GetManifestResourceStream(ResourceName)
                           ?? throw new InvalidOperationException($"{ResourceName} is not embedded in the assembly");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }
}
