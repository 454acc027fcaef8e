using System.Globalization;
using System.Text.Json.Nodes;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using NJsonSchema;
using NJsonSchema.Validation;

namespace Bitacora.Bot.Guides;

/// <summary>
/// The structure of a guide, checked by guide.schema.json (embedded in the assembly) through NJsonSchema, each error
/// told as a <see cref="GuideProblem"/>: the JSON path and a sentence an author can act on. NJsonSchema reads draft-07
/// (<c>definitions</c>, no <c>if</c>/<c>then</c>/<c>else</c>, no <c>const</c>), so the 2020-12 file is read as its
/// draft-07 equivalent (<see cref="Downlevel"/>); each conditional keeps a tag so its failure is told by what it says.
/// </summary>
internal sealed class GuideSchema
{
    private const string ResourceName = "Bitacora.Bot.Guides.guide.schema.json";
    private const string ConditionTag = "x-condition";

    private static readonly Lazy<GuideSchema> Embedded = new(Load);

    private readonly JsonSchema _schema;
    private readonly List<Condition> _conditions;

    private GuideSchema(JsonSchema schema, List<Condition> conditions)
    {
        _schema = schema;
        _conditions = conditions;
    }

    /// <summary>The schema shipped in Content/Guides (embedded, so a guide folder anywhere is checked by the same file).</summary>
    public static GuideSchema Shipped => Embedded.Value;

    /// <summary>A rule "kind in <see cref="Kinds"/> → <see cref="Required"/> present, else <see cref="Forbidden"/> absent".</summary>
    private sealed record Condition(string Owner, IReadOnlyList<string> Kinds, IReadOnlyList<string> Required,
        IReadOnlyList<string> Forbidden, string? Hint);

    /// <summary>Every structural problem of <paramref name="json"/> (already known to be syntactically valid JSON).</summary>
    public IReadOnlyList<GuideProblem> Validate(string file, string json)
    {
        JToken document;
        using (var reader = new JsonTextReader(new StringReader(json)) { DateParseHandling = DateParseHandling.None })
        {
            document = JToken.Load(reader);
        }
        var found = new List<Found>();
        foreach (var error in _schema.Validate(document))
        {
            Tell(error, document, file, found);
        }
        // A kind that is unknown or missing is reported once; the rules that depend on it say nothing more.
        var badKinds = found.Select(f => f.Problem.Path).Where(p => p.EndsWith(".kind", StringComparison.Ordinal))
            .Select(p => p[..^".kind".Length]).ToHashSet(StringComparer.Ordinal);
        // Something of the wrong type is reported once, not with every property it lacks.
        var wrongTypes = found.Where(f => f.WrongType).Select(f => f.Problem.Path).ToList();
        return found.Where(f => f.RuleOf is null || !badKinds.Contains(f.RuleOf))
            .Where(f => !wrongTypes.Any(w => f.Problem.Path.StartsWith(w == "$" ? "$." : w + ".", StringComparison.Ordinal)))
            .Select(f => f.Problem).Distinct().ToList();
    }

    /// <summary>
    /// A problem; for one found by a kind-dependent rule, the path of the object whose kind it depends on; whether the
    /// value is of the wrong type (what the schema says of its insides is then left unsaid).
    /// </summary>
    private sealed record Found(GuideProblem Problem, string? RuleOf = null, bool WrongType = false);

    private void Tell(ValidationError error, JToken document, string file, List<Found> problems)
    {
        var path = JsonPath(error.Path);
        var schema = error.Schema?.ActualSchema;
        if (error.Kind == ValidationErrorKind.NotAnyOf && ConditionOf(error.Schema) is { } condition)
        {
            problems.AddRange(TellCondition(condition, At(document, path) as JObject, file, path));
            return;
        }
        if (error is ChildSchemaValidationError child && error.Kind is ValidationErrorKind.ArrayItemNotValid
                or ValidationErrorKind.NotAllOf
                or ValidationErrorKind.AdditionalItemNotValid or ValidationErrorKind.AdditionalPropertiesNotValid)
        {
            foreach (var inner in child.Errors.SelectMany(e => e.Value))
            {
                Tell(inner, document, file, problems);
            }
            return;
        }
        var value = At(document, path);
        var name = path == "$" ? "the guide" : error.Property is { Length: > 0 } p && !p.StartsWith('[') ? $"'{p}'" : "the item";
        var message = error.Kind switch
        {
            ValidationErrorKind.PropertyRequired => $"{name} is required",
            ValidationErrorKind.NoAdditionalPropertiesAllowed =>
                $"unknown property {name} (allowed: {string.Join(", ", schema?.ActualProperties.Keys ?? [])})",
            ValidationErrorKind.NotInEnumeration when error.Property == "kind" =>
                $"unknown {OwnerName(error.Schema?.ParentSchema) ?? "object"} kind '{Text(value)}' (allowed: {string.Join(", ", schema?.Enumeration ?? [])})",
            ValidationErrorKind.NotInEnumeration => $"{name} '{Text(value)}' is not one of: {string.Join(", ", schema?.Enumeration ?? [])}",
            ValidationErrorKind.PatternMismatch or ValidationErrorKind.StringTooShort when string.IsNullOrWhiteSpace(Text(value)) =>
                $"{name} is empty",
            ValidationErrorKind.PatternMismatch when schema?.Pattern == IdPattern(_schema) =>
                $"{(error.Property == "id" ? "id" : name)} '{Text(value)}' must be lowercase letters, digits and single hyphens (e.g. 'ej-cond-actores')",
            ValidationErrorKind.PatternMismatch => $"{name} does not match the pattern {schema?.Pattern}",
            ValidationErrorKind.StringTooLong => $"{name} is longer than {schema?.MaxLength} characters",
            ValidationErrorKind.TooFewItems when schema?.MinItems == 1 => "must not be empty",
            ValidationErrorKind.TooFewItems => $"needs at least {schema?.MinItems} items, found {(value as JArray)?.Count}",
            _ => $"{name} must be {Expected(schema)}, found {Describe(value)}",
        };
        problems.Add(new Found(new GuideProblem(file, path, message), WrongType: error.Kind.ToString().EndsWith("Expected", StringComparison.Ordinal)));
    }

    private static IEnumerable<Found> TellCondition(Condition c, JObject? item, string file, string path)
    {
        var kind = item?["kind"] is JValue { Type: JTokenType.String } k ? (string)k! : null;
        if (kind is null) yield break;
        var kinds = string.Join(" and ", c.Kinds);
        if (c.Kinds.Contains(kind, StringComparer.Ordinal))
        {
            foreach (var missing in c.Required.Where(r => item!.Property(r, StringComparison.Ordinal) is null))
            {
                yield return new Found(new GuideProblem(file, path, $"a {kind} {c.Owner} needs '{missing}'"), path);
            }
            yield break;
        }
        foreach (var present in c.Forbidden.Where(f => item!.Property(f, StringComparison.Ordinal) is not null))
        {
            var hint = c.Hint is null ? "" : $". {c.Hint}";
            yield return new Found(new GuideProblem(file, $"{path}.{present}",
                $"'{present}' only applies to {kinds} {c.Owner}s (this one is '{kind}'){hint}"), path);
        }
    }

    private Condition? ConditionOf(JsonSchema? schema) =>
        schema?.ExtensionData?.TryGetValue(ConditionTag, out var tag) == true
        && int.TryParse(tag?.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < _conditions.Count
            ? _conditions[i]
            : null;

    private string? OwnerName(JsonSchema? schema) =>
        schema is null ? null : _schema.Definitions.FirstOrDefault(d => ReferenceEquals(d.Value, schema)).Key;

    private static string? IdPattern(JsonSchema root) =>
        root.Definitions.TryGetValue("id", out var id) ? id.Pattern : null;

    private static string Expected(JsonSchema? schema)
    {
        if (schema is null) return "valid";
        var what = schema.Type switch
        {
            JsonObjectType.Integer => "an integer",
            JsonObjectType.Number => "a number",
            JsonObjectType.String => "a string",
            JsonObjectType.Boolean => "true or false",
            JsonObjectType.Array => "an array",
            JsonObjectType.Object => "an object",
            _ => "valid",
        };
        if (schema.Minimum is { } min) what += $" greater than or equal to {min.ToString(CultureInfo.InvariantCulture)}";
        if (schema.Maximum is { } max) what += $" less than or equal to {max.ToString(CultureInfo.InvariantCulture)}";
        return what;
    }

    private static string? Text(JToken? token) => token is JValue { Value: var v } ? Convert.ToString(v, CultureInfo.InvariantCulture) : null;

    private static string Describe(JToken? token) => token?.Type switch
    {
        JTokenType.Object => "an object",
        JTokenType.Array => "an array",
        JTokenType.String => "a string",
        JTokenType.Integer or JTokenType.Float => Text(token)!,
        JTokenType.Boolean => "a boolean",
        _ => "null",
    };

    /// <summary>NJsonSchema's "#/sections[0].kind" as the "$.sections[0].kind" authors see everywhere else.</summary>
    private static string JsonPath(string? path) =>
        path is null or "#" or "#/" ? "$" : "$." + path.TrimStart('#', '/');

    private static JToken? At(JToken document, string path)
    {
        try
        {
            return path == "$" ? document : document.SelectToken(path[2..]);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static GuideSchema Load()
    {
        using var stream = typeof(GuideSchema).Assembly.GetManifestResourceStream(ResourceName)
                           ?? throw new InvalidOperationException($"{ResourceName} is not embedded in the assembly");
        var root = JsonNode.Parse(stream) ?? throw new InvalidOperationException($"{ResourceName} is empty");
        var conditions = new List<Condition>();
        Downlevel(root, owner: null, conditions);
        var schema = JsonSchema.FromJsonAsync(root.ToJsonString()).GetAwaiter().GetResult();
        return new GuideSchema(schema, conditions);
    }

    /// <summary>
    /// 2020-12 → draft-07 as NJsonSchema reads it: <c>$defs</c> → <c>definitions</c>, <c>const</c> → a one-value
    /// <c>enum</c>, and <c>if/then/else</c> → <c>anyOf [allOf [if, then], allOf [not if, else]]</c>, tagged.
    /// </summary>
    private static void Downlevel(JsonNode? node, string? owner, List<Condition> conditions)
    {
        switch (node)
        {
            case JsonObject o:
                if (o["$defs"] is { } defs)
                {
                    o.Remove("$defs");
                    o["definitions"] = defs;
                    foreach (var (name, def) in defs.AsObject().ToList()) Downlevel(def, name, conditions);
                }
                if (o["$ref"] is JsonValue reference && reference.GetValue<string>() is { } r && r.StartsWith("#/$defs/", StringComparison.Ordinal))
                {
                    o["$ref"] = "#/definitions/" + r["#/$defs/".Length..];
                }
                if (o["const"] is { } value)
                {
                    o.Remove("const");
                    o["enum"] = new JsonArray(value.DeepClone());
                }
                if (o["if"] is { } condition)
                {
                    conditions.Add(Describe(owner ?? "object", o));
                    var then = o["then"]?.DeepClone() ?? new JsonObject();
                    var otherwise = o["else"]?.DeepClone() ?? new JsonObject();
                    o.Remove("if");
                    o.Remove("then");
                    o.Remove("else");
                    o["anyOf"] = new JsonArray(
                        new JsonObject { ["allOf"] = new JsonArray(condition.DeepClone(), then) },
                        new JsonObject { ["allOf"] = new JsonArray(new JsonObject { ["not"] = condition.DeepClone() }, otherwise) });
                    o[ConditionTag] = (conditions.Count - 1).ToString(CultureInfo.InvariantCulture);
                }
                foreach (var (name, child) in o.ToList())
                {
                    if (name != "definitions") Downlevel(child, owner, conditions);
                }
                break;
            case JsonArray a:
                foreach (var child in a.ToList()) Downlevel(child, owner, conditions);
                break;
        }
    }

    /// <summary>What an if/then/else on "kind" says, for its message: the kinds, what they need, what the others may not have.</summary>
    private static Condition Describe(string owner, JsonObject rule)
    {
        var kind = rule["if"]?["properties"]?["kind"];
        var kinds = (kind?["enum"] as JsonArray)?.Select(k => k!.ToString()).ToList()
                    ?? (kind?["const"] is { } one ? [one.ToString()] : new List<string>());
        return new Condition(owner, kinds, Names(rule["then"]), Names(rule["else"]?["not"]), rule["description"]?.GetValue<string>());

        static List<string> Names(JsonNode? node) => node is JsonObject o
            ? [.. (o["required"] as JsonArray)?.Select(n => n!.ToString()) ?? [], .. (o["anyOf"] as JsonArray)?.SelectMany(Names) ?? []]
            : [];
    }
}
