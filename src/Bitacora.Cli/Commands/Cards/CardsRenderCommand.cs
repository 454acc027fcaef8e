using System.CommandLine;
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

    public Command Build(CliConsole console)
    {
        var texts = CliTexts.Default;
        var template = new Option<string?>("--template") { Description = texts["option.cards.template"], HelpName = "archivo" };
        var data = new Option<string?>("--data") { Description = texts["option.cards.data"], HelpName = "archivo" };
        var jsonl = new Option<bool>("--jsonl") { Description = texts["option.cards.jsonl"] };
        var command = new Command("render", texts["verb.cards.render"]) { template, data, jsonl };
        command.SetAction(async (parse, ct) =>
        {
            var (templatePath, dataPath) = (parse.GetValue(template), parse.GetValue(data));
            if (parse.GetValue(jsonl))
            {
                if (templatePath is not null || dataPath is not null)
                {
                    throw new CliUsageException(texts["error.cards.jsonlAlone"]);
                }
                await RenderLinesAsync(console, ct);
                return ExitCodes.Ok;
            }
            return templatePath is null
                ? throw new CliUsageException(texts["error.cards.template"])
                : await RenderFilesAsync(templatePath, dataPath, console, ct);
        });
        return command;
    }

    private static async Task<int> RenderFilesAsync(string templatePath, string? dataPath, CliConsole console, CancellationToken ct)
    {
        try
        {
            var templateText = await ReadFileAsync(templatePath, "plantilla", ct);
            JsonNode? data = null;
            if (dataPath is not null)
            {
                var dataText = await ReadFileAsync(dataPath, "datos", ct);
                try
                {
                    data = JsonNode.Parse(dataText);
                }
                catch (JsonException e)
                {
                    throw new RenderException(CliTexts.Default.Format("cards.badData", dataPath, e.Message));
                }
            }
            var card = AdaptiveCardTemplate.Parse(templateText).Expand(data);
            await console.Out.WriteLineAsync(card is null ? "null" : card.ToJsonString(Indented));
            return 0;
        }
        catch (RenderException e)
        {
            await console.Error.WriteLineAsync(CliTexts.Default.Format("cards.error", e.Message));
            return ExitCodes.Data;
        }
        catch (TemplateException e)
        {
            await console.Error.WriteLineAsync(CliTexts.Default.Format("cards.error", e.Message));
            return ExitCodes.Data;
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
            throw new RenderException(CliTexts.Default.Format("cards.cannotRead", what, path, e.Message));
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
                output = new JsonObject { ["error"] = CliTexts.Default.Format("cards.lineError", lineNumber, e.Message) };
            }
            catch (TemplateException e)
            {
                output = new JsonObject { ["error"] = CliTexts.Default.Format("cards.lineError", lineNumber, e.Message) };
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
            throw new RenderException(CliTexts.Default.Format("cards.notJson", e.Message));
        }
        if (input is not JsonObject obj || !obj.TryGetPropertyValue("template", out var templateNode) || templateNode is null)
        {
            throw new RenderException(CliTexts.Default["cards.noTemplate"]);
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
