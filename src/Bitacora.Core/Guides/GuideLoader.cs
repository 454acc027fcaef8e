using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bitacora.Bot.Guides;

/// <summary>The outcome of reading guide files: the valid guides and every problem found.</summary>
public sealed record GuideLoadResult(IReadOnlyList<GuideFile> Files)
{
    public IReadOnlyList<Guide> Guides => Files.Where(f => f.Guide is not null).Select(f => f.Guide!).ToList();

    public IReadOnlyList<GuideProblem> Problems => Files.SelectMany(f => f.Problems).ToList();

    public bool IsValid => Files.All(f => f.Problems.Count == 0);
}

/// <summary>One file read: its guide when valid, otherwise its problems (a file is never half-loaded).</summary>
public sealed record GuideFile(string Path, Guide? Guide, IReadOnlyList<GuideProblem> Problems);

/// <summary>Reads guide files: JSON syntax, then <see cref="GuideValidator"/>, then the typed model.</summary>
public static class GuideLoader
{
    public static JsonSerializerOptions SerializerOptions { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            ReadCommentHandling = JsonCommentHandling.Disallow,
            WriteIndented = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>Every *.json file of <paramref name="folder"/> except the schema, in name order.</summary>
    public static IReadOnlyList<string> GuideFilesIn(string folder) =>
        Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.json")
                .Where(f => !Path.GetFileName(f).EndsWith(".schema.json", StringComparison.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal)
                .ToList()
            : [];

    public static GuideLoadResult LoadFolder(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return new GuideLoadResult([new GuideFile(folder, null, [new GuideProblem(folder, "$", "guide folder does not exist")])]);
        }
        var files = GuideFilesIn(folder);
        if (files.Count == 0)
        {
            return new GuideLoadResult([new GuideFile(folder, null, [new GuideProblem(folder, "$", "guide folder holds no guide (*.json)")])]);
        }
        return LoadFiles(files);
    }

    /// <summary>Loads each file, then checks what spans files (two files with the same guide id).</summary>
    public static GuideLoadResult LoadFiles(IEnumerable<string> paths)
    {
        var files = paths.Select(LoadFile).ToList();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < files.Count; i++)
        {
            if (files[i].Guide is not { } guide) continue;
            var name = Path.GetFileName(files[i].Path);
            if (seen.TryGetValue(guide.Id, out var first))
            {
                files[i] = files[i] with
                {
                    Guide = null,
                    Problems = [new GuideProblem(name, "$.id", $"guide id '{guide.Id}' is already defined in {first}")],
                };
            }
            else
            {
                seen[guide.Id] = name;
            }
        }
        return new GuideLoadResult(files);
    }

    public static GuideFile LoadFile(string path)
    {
        var name = Path.GetFileName(path);
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new GuideFile(path, null, [new GuideProblem(name, "$", $"cannot read the file: {e.Message}")]);
        }
        var (guide, problems) = Parse(name, json);
        return new GuideFile(path, guide, problems);
    }

    /// <summary>Parses and validates one guide document; <paramref name="fileName"/> names it in problems.</summary>
    public static (Guide? Guide, IReadOnlyList<GuideProblem> Problems) Parse(string fileName, string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = false });
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $"line {line + 1}, position {e.BytePositionInLine + 1}" : "$";
            return (null, [new GuideProblem(fileName, where, "invalid JSON: " + FirstSentence(e.Message))]);
        }
        using (document)
        {
            var problems = GuideValidator.Validate(fileName, document.RootElement);
            if (problems.Count > 0)
            {
                return (null, problems);
            }
            try
            {
                var guide = document.RootElement.Deserialize<Guide>(SerializerOptions)
                            ?? throw new JsonException("the document is null");
                return (guide, []);
            }
            catch (JsonException e)
            {
                // The validator mirrors the model; reaching this means they drifted apart, still report a location.
                return (null, [new GuideProblem(fileName, e.Path ?? "$", FirstSentence(e.Message))]);
            }
        }
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
