using System.Text;
using System.Text.Json.Nodes;
using Bitacora.Cli;

namespace Bitacora.Cli.Tests.Cards;

public sealed class CardsRenderCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bitacora-cards-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteFile(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content, Encoding.UTF8);
        return path;
    }

    private static async Task<(int Code, string Out, string Err)> RunAsync(string input, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CliApp.CreateDefault().RunAsync(args, new CliConsole(new StringReader(input), stdout, stderr), CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Renders_template_with_data_as_indented_json()
    {
        var template = WriteFile("card.json", """{"type":"AdaptiveCard","body":[{"type":"TextBlock","$data":"${personas}","text":"${$index}. ${nombre}"}]}""");
        var data = WriteFile("data.json", """{"personas":[{"nombre":"Íñigo"},{"nombre":"Ñandú"}]}""");

        var (code, output, error) = await RunAsync("", "cards", "render", "--template", template, "--data", data);

        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Contains("\n  \"body\": [", output);
        var card = JsonNode.Parse(output)!;
        Assert.Equal("0. Íñigo", card["body"]![0]!["text"]!.GetValue<string>());
        Assert.Equal("1. Ñandú", card["body"]![1]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Missing_file_is_a_clear_error_with_exit_code_2()
    {
        var (code, output, error) = await RunAsync("", "cards", "render", "--template", Path.Combine(_dir, "nope.json"));

        Assert.Equal(ExitCodes.Data, code);
        Assert.Equal("", output);
        Assert.Contains("no se puede leer el archivo de plantilla", error);
        Assert.Contains("nope.json", error);
    }

    [Fact]
    public async Task Invalid_json_and_template_errors_are_data_errors_naming_the_problem()
    {
        var badJson = WriteFile("bad.json", "{ not json");
        var badExpr = WriteFile("expr.json", """{"body":[{"text":"${add(1}"}]}""");
        var failing = WriteFile("fail.json", """{"body":[{"text":"${1/0}"}]}""");
        var badData = WriteFile("data.json", "[1,");

        var r1 = await RunAsync("", "cards", "render", "--template", badJson);
        var r2 = await RunAsync("", "cards", "render", "--template", badExpr);
        var r3 = await RunAsync("", "cards", "render", "--template", failing);
        var r4 = await RunAsync("", "cards", "render", "--template", failing, "--data", badData);

        Assert.Equal(ExitCodes.Data, r1.Code);
        Assert.Contains("not valid JSON", r1.Err);
        Assert.Equal(ExitCodes.Data, r2.Code);
        Assert.Contains("$.body[0].text", r2.Err);
        Assert.Contains("add(1", r2.Err);
        Assert.Equal(ExitCodes.Data, r3.Code);
        Assert.Contains("${(1 / 0)}", r3.Err);
        Assert.Equal(ExitCodes.Data, r4.Code);
        Assert.Contains("archivo de datos", r4.Err);
    }

    [Fact]
    public async Task Bad_arguments_are_usage_errors()
    {
        var (code, _, error) = await RunAsync("", "cards", "render", "--frobnicate");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--frobnicate", error);

        (code, _, error) = await RunAsync("", "cards", "render");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--template", error);
    }

    [Fact]
    public async Task Jsonl_writes_one_line_per_input_line_in_order_and_survives_bad_lines()
    {
        var input = string.Join('\n',
            """{"template":{"text":"Hola ${nombre}"},"data":{"nombre":"Peña"},"id":7}""",
            "esto no es JSON",
            """{"template":"{\"n\":\"${n}\"}","data":{"n":3}}""",
            """{"template":{"text":"${foo(}"}}""",
            """{"data":{}}""",
            """{"template":{"a":"${missing}"}}""");

        var (code, output, _) = await RunAsync(input, "cards", "render", "--jsonl");

        Assert.Equal(0, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(6, lines.Count);
        Assert.Equal("Hola Peña", lines[0]["card"]!["text"]!.GetValue<string>());
        Assert.Contains("línea 2", lines[1]["error"]!.GetValue<string>());
        Assert.Equal(3, lines[2]["card"]!["n"]!.GetValue<int>());
        Assert.Contains("foo(", lines[3]["error"]!.GetValue<string>());
        Assert.Contains("template", lines[4]["error"]!.GetValue<string>());
        Assert.Equal("${missing}", lines[5]["card"]!["a"]!.GetValue<string>());
    }

    [Fact]
    public async Task Jsonl_handles_thousands_of_lines_in_one_process()
    {
        var sb = new StringBuilder();
        for (var i = 0; i < 5000; i++)
        {
            sb.Append("""{"template":{"body":[{"$data":"${items}","t":"${$index}:${v}"}],"n":"${formatNumber(n, 0, 'es-ES')}"},"data":{"n":""")
                .Append(i * 1000).Append(""","items":[{"v":"a"},{"v":"b"}]}}""").Append('\n');
        }

        var (code, output, _) = await RunAsync(sb.ToString(), "cards", "render", "--jsonl");

        Assert.Equal(0, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5000, lines.Length);
        var last = JsonNode.Parse(lines[^1])!["card"]!;
        Assert.Equal("4.999.000", last["n"]!.GetValue<string>());
        Assert.Equal("1:b", last["body"]![1]!["t"]!.GetValue<string>());
    }
}
