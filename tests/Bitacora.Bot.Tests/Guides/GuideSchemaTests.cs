using System.Text.Json;
using System.Text.Json.Nodes;
using Bitacora.Bot.Guides;

namespace Bitacora.Bot.Tests.Guides;

/// <summary>
/// guide.schema.json is read by Guides/GuideSchema.cs, which checks the keywords the file uses and refuses any other:
/// the file can never say more than the bot enforces. (GuideValidationTests covers what it reports on guides.)
/// </summary>
public sealed class GuideSchemaTests
{
    private static JsonObject ShippedSchema() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(ShippedGuides.Folder, "guide.schema.json")))!.AsObject();

    private static IReadOnlyList<GuideProblem> Check(GuideSchema schema, string guide)
    {
        using var document = JsonDocument.Parse(guide);
        return schema.Validate("g.json", document.RootElement);
    }

    [Fact]
    public void The_shipped_schema_is_read_whole_and_is_the_one_embedded_in_the_bot()
    {
        var fromFile = GuideSchema.Parse(ShippedSchema().ToJsonString());
        const string guide = """{ "id": "g", "version": 1, "title": "T", "source": { "file": "f" }, "sections": [], "extra": 1 }""";

        Assert.Equal(Check(fromFile, guide), Check(GuideSchema.Shipped, guide));
        Assert.Equal(["$.sections", "$.extra"], Check(GuideSchema.Shipped, guide).Select(p => p.Path));
    }

    [Theory]
    [InlineData("oneOf", """[ { "type": "string" } ]""", "#/$defs/text/oneOf")]
    [InlineData("format", "\"date\"", "#/$defs/text/format")]
    [InlineData("additionalProperties", "true", "#/$defs/text/additionalProperties")]
    [InlineData("$ref", "\"other.json#/x\"", "#/$defs/text/$ref")]
    public void A_keyword_the_checker_does_not_read_makes_the_schema_fail_to_load_naming_where(string keyword, string value, string where)
    {
        var schema = ShippedSchema();
        schema["$defs"]!["text"]![keyword] = JsonNode.Parse(value);

        var e = Assert.Throws<NotSupportedException>(() => GuideSchema.Parse(schema.ToJsonString()));

        Assert.Contains($"guide.schema.json at {where}:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_kind_rule_of_another_shape_is_refused_rather_than_half_read()
    {
        var schema = ShippedSchema();
        schema["$defs"]!["column"]!["if"] = JsonNode.Parse("""{ "properties": { "title": { "const": "x" } } }""");

        var e = Assert.Throws<NotSupportedException>(() => GuideSchema.Parse(schema.ToJsonString()));

        Assert.Contains("an if that does not test only 'kind'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rule_changed_in_the_file_is_enforced_without_code()
    {
        var schema = ShippedSchema();
        schema["$defs"]!["text"]!["maxLength"] = 5;
        schema["properties"]!["version"]!["minimum"] = 2;

        var problems = Check(GuideSchema.Parse(schema.ToJsonString()),
            """{ "id": "g", "version": 1, "title": "Más de cinco", "source": { "file": "f" }, "sections": [] }""");

        Assert.Equal(
            [
                ("$.version", "'version' must be an integer greater than or equal to 2, found 1"),
                ("$.title", "'title' is longer than 5 characters"),
                ("$.sections", "must not be empty"),
            ],
            problems.Select(p => (p.Path, p.Message)));
    }
}
