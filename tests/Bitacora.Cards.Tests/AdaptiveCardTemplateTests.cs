using System.Text.Json.Nodes;

namespace Bitacora.Cards.Tests;

public sealed class AdaptiveCardTemplateTests
{
    private const string Template = """
        {"type":"AdaptiveCard","body":[
          {"type":"TextBlock","text":"${titulo}"},
          {"type":"Container","$data":"${preguntas}","items":[
            {"type":"TextBlock","text":"${add($index, 1)}. ${texto}"},
            {"type":"TextBlock","$when":"${exists(ayuda)}","text":"${ayuda}"}]}]}
        """;

    [Fact]
    public void A_parsed_template_expands_many_data_sets_concurrently_with_the_same_results()
    {
        var template = AdaptiveCardTemplate.Parse(Template);
        var results = Enumerable.Range(0, 200).AsParallel().Select(i =>
        {
            var data = new JsonObject
            {
                ["titulo"] = $"Guía {i}",
                ["preguntas"] = new JsonArray(Enumerable.Range(0, i % 5 + 1)
                    .Select(q => (JsonNode)new JsonObject { ["texto"] = $"¿Pregunta {q} de {i}?", ["ayuda"] = q % 2 == 0 ? "ñ" : null })
                    .ToArray()),
            };
            return (i, card: template.Expand(data)!);
        }).ToList();

        foreach (var (i, card) in results)
        {
            Assert.Equal($"Guía {i}", card["body"]![0]!["text"]!.GetValue<string>());
            var containers = card["body"]!.AsArray().Skip(1).ToList();
            Assert.Equal(i % 5 + 1, containers.Count);
            Assert.Equal($"{containers.Count}. ¿Pregunta {containers.Count - 1} de {i}?",
                containers[^1]!["items"]![0]!["text"]!.GetValue<string>());
        }
    }

    [Fact]
    public void Errors_name_the_expression_and_its_location()
    {
        var parse = Assert.Throws<TemplateException>(() => AdaptiveCardTemplate.Parse("""{"body":[{"text":"ok"},{"text":"a ${add(1,}"}]}"""));
        Assert.Equal("$.body[1].text", parse.Location);
        Assert.Contains("$.body[1].text", parse.Message);
        Assert.Contains("add(1,", parse.Message);

        var expand = Assert.Throws<TemplateException>(() =>
            AdaptiveCardTemplate.Parse("""{"body":[{"n":"${div(n, 0)}"}]}""").Expand(JsonNode.Parse("""{"n":1}""")));
        Assert.Equal("${(n / 0)}", expand.Expression);
        Assert.Equal("$.body[0].n", expand.Location);
        Assert.Contains("Cannot divide by 0", expand.Message);
    }

    [Fact]
    public void Invalid_json_is_a_TemplateException()
    {
        var e = Assert.Throws<TemplateException>(() => AdaptiveCardTemplate.Parse("{ \"a\": "));
        Assert.Contains("not valid JSON", e.Message);
    }

    [Fact]
    public void String_overload_expands_json_text_and_keeps_spanish_text()
    {
        var json = AdaptiveCardTemplate.Parse("""{"t":"¿Cómo está ${nombre}?","n":"${n}","h":"${$host.tema}"}""")
            .Expand("""{"nombre":"Peña","n":2.5}""", """{"tema":"oscuro"}""");
        Assert.Equal("""{"t":"¿Cómo está Peña?","n":2.5,"h":"oscuro"}""", json);
    }
}
