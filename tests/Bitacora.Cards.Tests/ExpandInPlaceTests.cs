using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bitacora.Cards.Tests;

/// <summary>
/// The expansion reads the data in place (strings copied from the data's JSON without making strings) and writes the
/// card as JSON: these cases pin what the corpus does not stress.
/// </summary>
public sealed class ExpandInPlaceTests
{
    private const string Tricky = "comillas \"así\", barra \\ y\nsalto, ñandú, 😀";

    public static TheoryData<string> DataKinds => new() { "parsed", "built in code" };

    private static JsonNode Data(string kind, string json)
    {
        var parsed = JsonNode.Parse(json)!;
        return kind == "parsed" ? parsed : Rebuild(parsed)!;
    }

    private static JsonNode? Rebuild(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, Rebuild(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Rebuild).ToArray()),
        _ => node.GetValueKind() switch
        {
            JsonValueKind.String => JsonValue.Create(node.GetValue<string>()),
            JsonValueKind.Number => JsonValue.Create(node.GetValue<double>()),
            _ => JsonValue.Create(node.GetValue<bool>()),
        },
    };

    [Theory]
    [MemberData(nameof(DataKinds))]
    public void Strings_with_escapes_come_out_intact_alone_interpolated_and_in_arrays(string kind)
    {
        var data = Data(kind, JsonSerializer.Serialize(new { a = Tricky, o = new { b = "ñ" }, xs = new[] { Tricky } }));
        var card = AdaptiveCardTemplate.Parse(
            """{"s":"${a}","i":"<${a}|${o.b}|${$root.o.b}>","arr":["${a}","${xs[0]}"],"rep":[{"$data":"${xs}","t":"${$data}"}]}""")
            .Expand(data)!;

        Assert.Equal(Tricky, card["s"]!.GetValue<string>());
        Assert.Equal($"<{Tricky}|ñ|ñ>", card["i"]!.GetValue<string>());
        Assert.Equal([Tricky, Tricky], card["arr"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(Tricky, card["rep"]![0]!["t"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(DataKinds))]
    public void Keys_match_ignoring_case_first_one_wins_and_non_strings_keep_their_type(string kind)
    {
        var data = Data(kind, """{"Nombre":"primero","nombre":"segundo","n":3,"b":true,"o":{"x":1}}""");
        var card = AdaptiveCardTemplate.Parse("""{"a":"${nombre}","b":"${NOMBRE}!","n":"${n}","t":"${b}","o":"${o}","m":"${falta}"}""")
            .Expand(data)!;

        Assert.Equal("""{"a":"primero","b":"primero!","n":3,"t":true,"o":{"x":1},"m":"${falta}"}""", card.ToJsonString());
    }

    [Theory]
    [MemberData(nameof(DataKinds))]
    public void An_object_read_twice_is_the_same_object_as_in_javascript(string kind)
    {
        // union() keeps one of each object by reference: both reads of xs must give the same objects.
        var data = Data(kind, """{"xs":[{"a":1},{"a":2}]}""");
        var card = AdaptiveCardTemplate.Parse("""{"n":"${count(union(xs, xs))}"}""").Expand(data)!;
        Assert.Equal(2, card["n"]!.GetValue<int>());
    }

    [Fact]
    public void WriteTo_writes_what_Expand_returns_and_nothing_when_the_card_is_dropped()
    {
        var template = AdaptiveCardTemplate.Parse(
            """{"$when":"${mostrar}","body":[{"$data":"${xs}","text":"${add($index, 1)}: ${v}"}],"n":null}""");
        var data = JsonNode.Parse("""{"mostrar":true,"xs":[{"v":"uno"},{"v":"dos"}]}""");

        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Assert.True(template.WriteTo(writer, data));
        }
        Assert.Equal(template.Expand(data)!.ToJsonString(), Encoding.UTF8.GetString(buffer.ToArray()));
        Assert.Equal("""{"body":[{"text":"1: uno"},{"text":"2: dos"}],"n":null}""", template.Expand(data)!.ToJsonString());

        data!["mostrar"] = false;
        using var dropped = new Utf8JsonWriter(new MemoryStream());
        Assert.False(template.WriteTo(dropped, data));
        Assert.Null(template.Expand(data));
    }
}
