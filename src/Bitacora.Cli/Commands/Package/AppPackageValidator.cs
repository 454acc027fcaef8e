using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NJsonSchema;
using NJsonSchema.Validation;

namespace Bitacora.Cli.Commands.Package;

/// <summary>
/// Checks a Teams app package (the zip Teams installs) offline: the manifest against the official JSON schema of
/// its manifestVersion (vendored under appPackage/schema/), then the rules Teams enforces on upload that the schema
/// does not express (icon sizes and transparency, command title lengths, duplicates, ids).
/// </summary>
public sealed partial class AppPackageValidator(string schemaDirectory)
{
    public const string ManifestFileName = "manifest.json";
    public const int ColorIconSize = 192;
    public const int OutlineIconSize = 32;
    public const int MaxCommandTitleLength = 32;
    public const int MaxCommandDescriptionLength = 128;

    /// <summary>Every problem found, each one line naming the file and the place; empty when the package is good.</summary>
    public async Task<IReadOnlyList<string>> ValidateAsync(Stream zip, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            return [$"package: not a zip file ({e.Message})"];
        }
        using (archive)
        {
            var files = archive.Entries.Where(e => !string.IsNullOrEmpty(e.Name))
                .ToDictionary(e => e.FullName, StringComparer.Ordinal);
            foreach (var nested in files.Keys.Where(n => n.Contains('/')))
            {
                errors.Add($"package: '{nested}' is in a folder; Teams reads the manifest and icons from the zip's root only");
            }
            if (!files.TryGetValue(ManifestFileName, out var manifestEntry))
            {
                errors.Add($"package: no {ManifestFileName} at the root of the zip");
                return errors;
            }
            var manifestText = await ReadTextAsync(manifestEntry, cancellationToken);
            JsonObject manifest;
            try
            {
                manifest = JsonNode.Parse(manifestText) as JsonObject
                           ?? throw new JsonException("the top level is not an object");
            }
            catch (JsonException e)
            {
                errors.Add($"{ManifestFileName}: not valid JSON ({e.Message})");
                return errors;
            }

            errors.AddRange(await ValidateSchemaAsync(manifestText, manifest, cancellationToken));
            errors.AddRange(ValidateManifestRules(manifest));
            errors.AddRange(ValidateIcons(manifest, files));
        }
        return errors;
    }

    private async Task<IEnumerable<string>> ValidateSchemaAsync(
        string manifestText, JsonObject manifest, CancellationToken cancellationToken)
    {
        var version = manifest["manifestVersion"]?.GetValueKind() == JsonValueKind.String
            ? manifest["manifestVersion"]!.GetValue<string>()
            : null;
        if (version is null)
        {
            return [$"{ManifestFileName}: manifestVersion is missing, so no schema can be chosen"];
        }
        var schemaPath = Path.Combine(schemaDirectory, $"v{version}", "MicrosoftTeams.schema.json");
        if (!File.Exists(schemaPath))
        {
            var known = Directory.Exists(schemaDirectory)
                ? string.Join(", ", Directory.GetDirectories(schemaDirectory).Select(Path.GetFileName).Order())
                : "none";
            return [$"{ManifestFileName}: no offline schema for manifestVersion {version} at {schemaPath} (vendored: {known})"];
        }
        var schemaUrl = manifest["$schema"]?.GetValueKind() == JsonValueKind.String ? manifest["$schema"]!.GetValue<string>() : "";
        var problems = new List<string>();
        if (!schemaUrl.Contains($"/v{version}/", StringComparison.Ordinal))
        {
            problems.Add($"{ManifestFileName}: $schema '{schemaUrl}' does not name manifestVersion {version}");
        }
        var schema = await JsonSchema.FromJsonAsync(await File.ReadAllTextAsync(schemaPath, cancellationToken), cancellationToken);
        problems.AddRange(schema.Validate(manifestText).SelectMany(Flatten)
            .Select(e => $"{ManifestFileName}: {Describe(e)} (schema v{version})")
            .Distinct());
        return problems;
    }

    private static IEnumerable<ValidationError> Flatten(ValidationError error) =>
        error is ChildSchemaValidationError child && child.Errors.Count > 0
            ? child.Errors.Values.SelectMany(e => e).SelectMany(Flatten)
            : [error];

    private static string Describe(ValidationError error)
    {
        var path = string.IsNullOrEmpty(error.Path) ? "#" : error.Path;
        var where = error.HasLineInfo ? $" at line {error.LineNumber}" : "";
        var rule = error.Schema switch
        {
            { Pattern: { } pattern } when error.Kind == ValidationErrorKind.PatternMismatch => $" (pattern {pattern})",
            { MaxLength: { } max } when error.Kind == ValidationErrorKind.StringTooLong => $" (at most {max} characters)",
            { MaxItems: > 0 } s when error.Kind == ValidationErrorKind.TooManyItems => $" (at most {s.MaxItems} items)",
            { Enumeration.Count: > 0 } s when error.Kind == ValidationErrorKind.NotInEnumeration =>
                $" (one of {string.Join(", ", s.Enumeration)})",
            _ => "",
        };
        return $"{path}: {error.Kind}{rule}{where}";
    }

    private static IEnumerable<string> ValidateManifestRules(JsonObject manifest)
    {
        foreach (var (path, value) in Strings(manifest, "#"))
        {
            if (UnresolvedToken().Match(value) is { Success: true } token)
            {
                yield return $"{ManifestFileName}: {path}: placeholder {token.Value} was not filled in";
            }
        }

        foreach (var problem in RequireGuid(manifest["id"], "#/id", "the Teams app id"))
        {
            yield return problem;
        }
        foreach (var problem in RequireGuid(manifest["webApplicationInfo"]?["id"], "#/webApplicationInfo/id", "the Entra app id", optional: true))
        {
            yield return problem;
        }

        var bots = manifest["bots"] as JsonArray ?? [];
        for (var b = 0; b < bots.Count; b++)
        {
            var bot = bots[b] as JsonObject;
            var botPath = $"#/bots/{b}";
            foreach (var problem in RequireGuid(bot?["botId"], $"{botPath}/botId", "the bot's Entra app id"))
            {
                yield return problem;
            }
            var botId = bot?["botId"]?.GetValueKind() == JsonValueKind.String ? bot["botId"]!.GetValue<string>() : null;
            var resource = manifest["webApplicationInfo"]?["resource"]?.GetValueKind() == JsonValueKind.String
                ? manifest["webApplicationInfo"]!["resource"]!.GetValue<string>()
                : null;
            if (resource is not null && botId is not null && resource.StartsWith("api://botid-", StringComparison.OrdinalIgnoreCase)
                && !string.Equals(resource, $"api://botid-{botId}", StringComparison.OrdinalIgnoreCase))
            {
                yield return $"{ManifestFileName}: #/webApplicationInfo/resource: '{resource}' must be api://botid-{botId} (the bot's id)";
            }

            var botScopes = (bot?["scopes"] as JsonArray ?? []).Select(s => s?.ToString()).ToHashSet();
            var listedScopes = new HashSet<string?>();
            var lists = bot?["commandLists"] as JsonArray ?? [];
            for (var l = 0; l < lists.Count; l++)
            {
                var listPath = $"{botPath}/commandLists/{l}";
                var scopes = (lists[l]?["scopes"] as JsonArray ?? []).Select(s => s?.ToString()).ToList();
                foreach (var scope in scopes)
                {
                    if (!listedScopes.Add(scope))
                    {
                        yield return $"{ManifestFileName}: {listPath}/scopes: scope '{scope}' already has a command list; Teams shows only one per scope";
                    }
                    if (!botScopes.Contains(scope))
                    {
                        yield return $"{ManifestFileName}: {listPath}/scopes: scope '{scope}' is not one of the bot's scopes";
                    }
                }
                var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
                var commands = lists[l]?["commands"] as JsonArray ?? [];
                for (var c = 0; c < commands.Count; c++)
                {
                    var commandPath = $"{listPath}/commands/{c}";
                    var title = commands[c]?["title"]?.GetValueKind() == JsonValueKind.String ? commands[c]!["title"]!.GetValue<string>() : "";
                    var description = commands[c]?["description"]?.GetValueKind() == JsonValueKind.String ? commands[c]!["description"]!.GetValue<string>() : "";
                    if (string.IsNullOrWhiteSpace(title))
                    {
                        yield return $"{ManifestFileName}: {commandPath}/title: empty command title";
                    }
                    else if (title.Length > MaxCommandTitleLength)
                    {
                        yield return $"{ManifestFileName}: {commandPath}/title: '{title}' is {title.Length} characters; Teams allows at most {MaxCommandTitleLength}";
                    }
                    if (description.Length > MaxCommandDescriptionLength)
                    {
                        yield return $"{ManifestFileName}: {commandPath}/description: {description.Length} characters; Teams shows at most {MaxCommandDescriptionLength}";
                    }
                    if (!string.IsNullOrWhiteSpace(title) && !seen.TryAdd(title.Trim(), c))
                    {
                        yield return $"{ManifestFileName}: {commandPath}/title: '{title}' repeats command {seen[title.Trim()]} of the same list ({string.Join(", ", scopes)})";
                    }
                }
            }
        }

        var domains = manifest["validDomains"] as JsonArray ?? [];
        for (var d = 0; d < domains.Count; d++)
        {
            var domain = domains[d]?.ToString() ?? "";
            if (domain.Contains("://", StringComparison.Ordinal) || domain.Contains('/'))
            {
                yield return $"{ManifestFileName}: #/validDomains/{d}: '{domain}' must be a host name without scheme or path";
            }
            else if (domain is "*" || domain.StartsWith("*.", StringComparison.Ordinal) && domain.Count(ch => ch == '.') < 2)
            {
                yield return $"{ManifestFileName}: #/validDomains/{d}: '{domain}' is a top-level wildcard, which Teams rejects";
            }
        }

        var shortDescription = manifest["description"]?["short"]?.ToString();
        var fullDescription = manifest["description"]?["full"]?.ToString();
        if (shortDescription is not null && string.Equals(shortDescription, fullDescription, StringComparison.Ordinal))
        {
            yield return $"{ManifestFileName}: #/description: the full description must say more than the short one";
        }
    }

    private static IEnumerable<string> RequireGuid(JsonNode? node, string path, string what, bool optional = false)
    {
        if (node is null)
        {
            if (!optional)
            {
                yield return $"{ManifestFileName}: {path}: {what} is missing";
            }
            yield break;
        }
        var text = node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : node.ToJsonString();
        if (!Guid.TryParseExact(text, "D", out _))
        {
            yield return $"{ManifestFileName}: {path}: '{text}' is not a GUID ({what})";
        }
    }

    private static IEnumerable<string> ValidateIcons(JsonObject manifest, IReadOnlyDictionary<string, ZipArchiveEntry> files)
    {
        var icons = new (string Key, int Size, bool Outline)[]
        {
            ("color", ColorIconSize, false),
            ("outline", OutlineIconSize, true),
            ("color32x32", OutlineIconSize, false),
        };
        foreach (var (key, size, outline) in icons)
        {
            var name = manifest["icons"]?[key]?.ToString();
            if (name is null)
            {
                continue; // the schema reports the required ones
            }
            if (!files.TryGetValue(name, out var entry))
            {
                yield return $"{name}: the manifest's icons.{key} names it but it is not at the root of the package";
                continue;
            }
            PngImage image;
            string? readError = null;
            using (var stream = entry.Open())
            using (var buffer = new MemoryStream())
            {
                stream.CopyTo(buffer);
                try
                {
                    image = PngImage.Read(buffer.ToArray());
                }
                catch (InvalidDataException e)
                {
                    image = null!;
                    readError = e.Message;
                }
            }
            if (readError is not null)
            {
                yield return $"{name}: {readError}";
                continue;
            }
            if (image.Width != size || image.Height != size)
            {
                yield return $"{name}: is {image.Width}x{image.Height}; the {key} icon must be {size}x{size}";
            }
            if (!outline)
            {
                continue;
            }
            if (!image.HasAlphaChannel || !image.PixelsReadable)
            {
                yield return $"{name}: the outline icon must be an 8-bit PNG with an alpha channel (white on transparent)";
                continue;
            }
            var transparent = 0;
            var visible = 0;
            var coloured = new List<string>();
            for (var y = 0; y < image.Height; y++)
            {
                for (var x = 0; x < image.Width; x++)
                {
                    var (r, g, b, a) = image.Pixel(x, y);
                    if (a == 0)
                    {
                        transparent++;
                        continue;
                    }
                    visible++;
                    if ((r, g, b) != (255, 255, 255) && coloured.Count < 3)
                    {
                        coloured.Add($"({x},{y}) is #{r:X2}{g:X2}{b:X2}");
                    }
                }
            }
            if (coloured.Count > 0)
            {
                yield return $"{name}: the outline icon must be white only; pixel {string.Join(", ", coloured)}";
            }
            if (transparent == 0)
            {
                yield return $"{name}: the outline icon has no transparent pixel; its background must be transparent";
            }
            if (visible == 0)
            {
                yield return $"{name}: the outline icon is fully transparent";
            }
        }
    }

    private static IEnumerable<(string Path, string Value)> Strings(JsonNode? node, string path) => node switch
    {
        JsonObject o => o.SelectMany(p => Strings(p.Value, $"{path}/{p.Key}")),
        JsonArray a => a.SelectMany((n, i) => Strings(n, $"{path}/{i}")),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => [(path, v.GetValue<string>())],
        _ => [],
    };

    private static async Task<string> ReadTextAsync(ZipArchiveEntry entry, CancellationToken cancellationToken)
    {
        await using var stream = entry.Open();
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync(cancellationToken);
    }

    [GeneratedRegex(@"\$\{\{\s*[A-Za-z0-9_.]+\s*\}\}")]
    private static partial Regex UnresolvedToken();
}
