using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bitacora.Cards;

namespace Bitacora.Cli.Commands.Cards;

/// <summary>
/// `bitacora cards render`: expands an Adaptive Card template with data, from files (indented JSON to stdout) or as a
/// stream of JSON lines (one {"card"} or {"error"} line per input line, in order).
/// </summary>
public sealed class CardsRenderCommand : ICliCommand
{
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonSerializerOptions Compact = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public IReadOnlyList<string> Path { get; } = ["cards", "render"];

    public string Summary => "Expand an Adaptive Card template: --template card.json [--data data.json] | --jsonl";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        string? templatePath = null;
        string? dataPath = null;
        var jsonl = false;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--template":
                    templatePath = ValueAfter(args, ref i);
                    break;
                case "--data":
                    dataPath = ValueAfter(args, ref i);
                    break;
                case "--jsonl":
                    jsonl = true;
                    break;
                default:
                    throw new CliUsageException($"unknown argument '{args[i]}'. Usage: cards render --template card.json [--data data.json] | --jsonl");
            }
        }
        if (jsonl)
        {
            if (templatePath is not null || dataPath is not null)
            {
                throw new CliUsageException("--jsonl reads templates and data from standard input; do not combine it with --template/--data");
            }
            await RenderLinesAsync(console, cancellationToken);
            return 0;
        }
        if (templatePath is null)
        {
            throw new CliUsageException("missing --template <file> (or use --jsonl)");
        }
        return await RenderFilesAsync(templatePath, dataPath, console, cancellationToken);
    }

    private static string ValueAfter(IReadOnlyList<string> args, ref int i)
    {
        if (i + 1 >= args.Count)
        {
            throw new CliUsageException($"{args[i]} needs a file path");
        }
        return args[++i];
    }

    private static async Task<int> RenderFilesAsync(string templatePath, string? dataPath, CliConsole console, CancellationToken ct)
    {
        try
        {
            var templateText = await ReadFileAsync(templatePath, "template", ct);
            JsonNode? data = null;
            if (dataPath is not null)
            {
                var dataText = await ReadFileAsync(dataPath, "data", ct);
                try
                {
                    data = JsonNode.Parse(dataText);
                }
                catch (JsonException e)
                {
                    throw new RenderException($"the data file {dataPath} is not valid JSON: {e.Message}");
                }
            }
            var card = AdaptiveCardTemplate.Parse(templateText).Expand(data);
            await console.Out.WriteLineAsync(card is null ? "null" : card.ToJsonString(Indented));
            return 0;
        }
        catch (RenderException e)
        {
            await console.Error.WriteLineAsync($"error: {e.Message}");
            return 1;
        }
        catch (TemplateException e)
        {
            await console.Error.WriteLineAsync($"error: {e.Message}");
            return 1;
        }
    }

    private static async Task<string> ReadFileAsync(string path, string what, CancellationToken ct)
    {
        try
        {
            return await File.ReadAllTextAsync(path, ct);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RenderException($"cannot read the {what} file {path}: {e.Message}");
        }
    }

    private static async Task RenderLinesAsync(CliConsole console, CancellationToken ct)
    {
        // Parsed templates are reused across lines: guide authors send the same template with many data sets.
        var cache = new Dictionary<string, AdaptiveCardTemplate>(StringComparer.Ordinal);
        var lineNumber = 0;
        while (await console.In.ReadLineAsync(ct) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            var output = new JsonObject();
            try
            {
                output["card"] = RenderLine(line, cache);
            }
            catch (RenderException e)
            {
                output = new JsonObject { ["error"] = $"line {lineNumber}: {e.Message}" };
            }
            catch (TemplateException e)
            {
                output = new JsonObject { ["error"] = $"line {lineNumber}: {e.Message}" };
            }
            await console.Out.WriteLineAsync(output.ToJsonString(Compact));
        }
        await console.Out.FlushAsync(ct);
    }

    private static JsonNode? RenderLine(string line, Dictionary<string, AdaptiveCardTemplate> cache)
    {
        JsonNode? input;
        try
        {
            input = JsonNode.Parse(line);
        }
        catch (JsonException e)
        {
            throw new RenderException($"not a JSON line: {e.Message}");
        }
        if (input is not JsonObject obj || !obj.TryGetPropertyValue("template", out var templateNode) || templateNode is null)
        {
            throw new RenderException("expected an object with a \"template\" property");
        }
        var templateText = templateNode is JsonValue v && v.GetValueKind() == JsonValueKind.String
            ? v.GetValue<string>()
            : templateNode.ToJsonString();
        if (!cache.TryGetValue(templateText, out var template))
        {
            template = AdaptiveCardTemplate.Parse(templateText);
            if (cache.Count >= 256)
            {
                cache.Clear();
            }
            cache[templateText] = template;
        }
        return template.Expand(obj["data"]);
    }

    private sealed class RenderException(string message) : Exception(message);
}
