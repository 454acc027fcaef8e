using System.Text.Json;
using System.Text.RegularExpressions;

namespace Bitacora.Bot.Guides;

/// <summary>
/// One subschema of guide.schema.json as <see cref="GuideSchema"/> checks it. <see cref="Owner"/> is the <c>$defs</c>
/// name it was declared under (an object kind is told by it: "unknown question kind …").
/// </summary>
internal sealed class SchemaRule
{
    public string? Owner { get; init; }
    public SchemaRule? Reference { get; set; }
    public string? Type { get; set; }
    public Dictionary<string, SchemaRule> Properties { get; } = new(StringComparer.Ordinal);
    public List<string> PropertyOrder { get; } = [];
    public List<string> Required { get; } = [];
    public bool ClosedObject { get; set; }
    public SchemaRule? Items { get; set; }
    public int? MinItems { get; set; }
    public int? MinLength { get; set; }
    public int? MaxLength { get; set; }
    public decimal? Minimum { get; set; }
    public List<string>? Enum { get; set; }
    public Regex? Pattern { get; set; }
    public List<KindCondition> Conditions { get; } = [];

    /// <summary>The rule a <c>$ref</c> points to (a <c>$ref</c> carries nothing else but a description).</summary>
    public SchemaRule Resolved => Reference?.Resolved ?? this;
}

/// <summary>
/// <c>if</c> the object's <c>kind</c> is one of <see cref="Kinds"/> <c>then</c> <see cref="Required"/> are present,
/// <c>else</c> <see cref="Forbidden"/> are absent; <see cref="Hint"/> is the rule's <c>description</c>.
/// </summary>
internal sealed record KindCondition(IReadOnlyList<string> Kinds, IReadOnlyList<string> Required, IReadOnlyList<string> Forbidden, string? Hint);

/// <summary>
/// Reads guide.schema.json into <see cref="SchemaRule"/>s, refusing (with the schema path) any keyword or shape
/// <see cref="GuideSchema"/> does not check: a rule added to the file is enforced, or the file does not load
/// (GuideSchemaTests reads the shipped one).
/// </summary>
internal sealed class SchemaRules
{
    private static readonly HashSet<string> Annotations = new(StringComparer.Ordinal) { "$schema", "$id", "title", "description" };
    private const string DefsPrefix = "#/$defs/";

    private readonly Dictionary<string, SchemaRule> _definitions = new(StringComparer.Ordinal);
    private readonly List<(SchemaRule Rule, string Target, string At)> _references = [];

    public SchemaRule Root { get; private set; } = new();

    public SchemaRule? Definition(string name) => _definitions.GetValueOrDefault(name);

    public static SchemaRules Read(JsonElement schema)
    {
        var rules = new SchemaRules();
        if (schema.TryGetProperty("$defs", out var defs))
        {
            foreach (var def in defs.EnumerateObject())
            {
                rules._definitions[def.Name] = new SchemaRule { Owner = def.Name };
            }
            foreach (var def in defs.EnumerateObject())
            {
                rules.Fill(rules._definitions[def.Name], def.Value, "#/$defs/" + def.Name, def.Name);
            }
        }
        rules.Root = new SchemaRule();
        rules.Fill(rules.Root, schema, "#", owner: null);
        foreach (var (rule, target, at) in rules._references)
        {
            rule.Reference = target.StartsWith(DefsPrefix, StringComparison.Ordinal) && rules._definitions.TryGetValue(target[DefsPrefix.Length..], out var def)
                ? def
                : throw Unsupported(at, $"$ref '{target}' (only {DefsPrefix}<name> of this file)");
        }
        return rules;
    }

    private SchemaRule New(JsonElement schema, string at, string? owner)
    {
        var rule = new SchemaRule { Owner = owner };
        Fill(rule, schema, at, owner);
        return rule;
    }

    private void Fill(SchemaRule rule, JsonElement schema, string at, string? owner)
    {
        if (schema.ValueKind != JsonValueKind.Object) throw Unsupported(at, "a schema that is not an object");
        foreach (var keyword in schema.EnumerateObject())
        {
            var value = keyword.Value;
            var here = $"{at}/{keyword.Name}";
            switch (keyword.Name)
            {
                case var annotation when Annotations.Contains(annotation):
                case "$defs" when at == "#":
                    break;
                case "$ref":
                    _references.Add((rule, value.GetString()!, here));
                    break;
                case "type" when value.GetString() is "object" or "array" or "string" or "integer" or "number" or "boolean":
                    rule.Type = value.GetString();
                    break;
                case "properties":
                    foreach (var property in value.EnumerateObject())
                    {
                        rule.Properties[property.Name] = New(property.Value, $"{here}/{property.Name}", owner);
                        rule.PropertyOrder.Add(property.Name);
                    }
                    break;
                case "required":
                    rule.Required.AddRange(Strings(value, here));
                    break;
                case "additionalProperties" when value.ValueKind == JsonValueKind.False:
                    rule.ClosedObject = true;
                    break;
                case "items":
                    rule.Items = New(value, here, owner);
                    break;
                case "minItems":
                    rule.MinItems = value.GetInt32();
                    break;
                case "minLength":
                    rule.MinLength = value.GetInt32();
                    break;
                case "maxLength":
                    rule.MaxLength = value.GetInt32();
                    break;
                case "minimum":
                    rule.Minimum = value.GetDecimal();
                    break;
                case "enum":
                    rule.Enum = Strings(value, here);
                    break;
                case "const" when value.ValueKind == JsonValueKind.String:
                    rule.Enum = [value.GetString()!];
                    break;
                case "pattern":
                    rule.Pattern = new Regex(value.GetString()!, RegexOptions.CultureInvariant);
                    break;
                case "if":
                    rule.Conditions.Add(Condition(schema, at));
                    break;
                case "then" or "else" when schema.TryGetProperty("if", out _):
                    break; // read with "if"
                case "allOf":
                    foreach (var (item, i) in value.EnumerateArray().Select((item, i) => (item, i)))
                    {
                        if (!item.TryGetProperty("if", out _) || item.EnumerateObject().Any(k => k.Name is not ("if" or "then" or "else" or "description")))
                        {
                            throw Unsupported($"{here}/{i}", "an allOf item that is not an if/then/else kind rule");
                        }
                        rule.Conditions.Add(Condition(item, $"{here}/{i}"));
                    }
                    break;
                default:
                    throw Unsupported(here, $"the keyword '{keyword.Name}' with this value");
            }
        }
    }

    /// <summary>
    /// <c>if: {properties: {kind: {enum|const}}}</c>, <c>then: {required}</c>, <c>else: {not: {required}}</c> or
    /// <c>else: {not: {anyOf: [{required}, …]}}</c> — the one conditional shape the guide schema uses.
    /// </summary>
    private static KindCondition Condition(JsonElement rule, string at)
    {
        var test = rule.GetProperty("if");
        if (!test.TryGetProperty("properties", out var properties) || properties.EnumerateObject().Count() != 1
            || !properties.TryGetProperty("kind", out var kind) || test.EnumerateObject().Count() != 1)
        {
            throw Unsupported($"{at}/if", "an if that does not test only 'kind'");
        }
        var kinds = kind.TryGetProperty("enum", out var e) ? Strings(e, $"{at}/if")
            : kind.TryGetProperty("const", out var c) && c.ValueKind == JsonValueKind.String ? [c.GetString()!]
            : throw Unsupported($"{at}/if", "a kind test that is not enum or const");
        var required = rule.TryGetProperty("then", out var then) ? RequiredOf(then, $"{at}/then") : [];
        List<string> forbidden = [];
        if (rule.TryGetProperty("else", out var otherwise))
        {
            if (!otherwise.TryGetProperty("not", out var not) || otherwise.EnumerateObject().Count() != 1)
            {
                throw Unsupported($"{at}/else", "an else that is not {not: …}");
            }
            forbidden = not.TryGetProperty("anyOf", out var anyOf) && not.EnumerateObject().Count() == 1
                ? anyOf.EnumerateArray().SelectMany((item, i) => RequiredOf(item, $"{at}/else/not/anyOf/{i}")).ToList()
                : RequiredOf(not, $"{at}/else/not");
        }
        var hint = rule.TryGetProperty("description", out var description) ? description.GetString() : null;
        return new KindCondition(kinds, required, forbidden, hint);
    }

    private static List<string> RequiredOf(JsonElement schema, string at) =>
        schema.TryGetProperty("required", out var required) && schema.EnumerateObject().Count() == 1
            ? Strings(required, at)
            : throw Unsupported(at, "anything but {required: […]}");

    private static List<string> Strings(JsonElement array, string at) =>
        array.ValueKind == JsonValueKind.Array && array.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String)
            ? array.EnumerateArray().Select(v => v.GetString()!).ToList()
            : throw Unsupported(at, "a list that is not of strings");

    private static NotSupportedException Unsupported(string at, string what) =>
        new($"guide.schema.json at {at}: {what} is not checked by Guides/GuideSchema.cs; use the keywords it reads or extend it.");
}
