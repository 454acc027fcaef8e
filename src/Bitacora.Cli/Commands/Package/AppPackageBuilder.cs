using System.IO.Compression;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bitacora.Cli.Commands.Package;

/// <summary>What to build: the appPackage folder, where the zip goes, and the values of the manifest's ${{NAME}} tokens.</summary>
public sealed record PackageBuildRequest(
    string PackageDirectory,
    string OutputPath,
    IReadOnlyDictionary<string, string> Tokens);

public sealed record PackageBuildResult(IReadOnlyList<string> Errors, string? OutputPath)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>
/// Fills the ids into appPackage/manifest.json, zips it with its icons and validates the zip itself, so what is
/// checked is exactly what gets uploaded to Teams. An invalid package is never written.
/// </summary>
public sealed class AppPackageBuilder
{
    /// <summary>Fixed entry time so the same inputs give the same zip bytes.</summary>
    private static readonly DateTimeOffset EntryTime = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly JsonSerializerOptions ManifestWriting = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // keep "Bitácora" readable in the zip
    };

    public async Task<PackageBuildResult> BuildAsync(PackageBuildRequest request, CancellationToken cancellationToken)
    {
        var manifestPath = Path.Combine(request.PackageDirectory, AppPackageValidator.ManifestFileName);
        if (!File.Exists(manifestPath))
        {
            return new([$"{manifestPath}: not found"], null);
        }
        JsonObject manifest;
        try
        {
            manifest = JsonNode.Parse(await File.ReadAllTextAsync(manifestPath, cancellationToken)) as JsonObject
                       ?? throw new JsonException("the top level is not an object");
        }
        catch (JsonException e)
        {
            return new([$"{manifestPath}: not valid JSON ({e.Message})"], null);
        }
        FillTokens(manifest, request.Tokens);

        var errors = new List<string>();
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            await AddAsync(archive, AppPackageValidator.ManifestFileName,
                JsonSerializer.SerializeToUtf8Bytes(manifest, ManifestWriting), cancellationToken);
            foreach (var icon in IconFiles(manifest))
            {
                var iconPath = Path.Combine(request.PackageDirectory, icon);
                if (File.Exists(iconPath))
                {
                    await AddAsync(archive, icon, await File.ReadAllBytesAsync(iconPath, cancellationToken), cancellationToken);
                }
                else
                {
                    errors.Add($"{iconPath}: icon named in the manifest not found");
                }
            }
        }

        zip.Position = 0;
        var validator = new AppPackageValidator(Path.Combine(request.PackageDirectory, "schema"));
        errors.AddRange(await validator.ValidateAsync(zip, cancellationToken));
        if (errors.Count > 0)
        {
            // A stale zip from an earlier build must not be mistaken for this one.
            if (File.Exists(request.OutputPath))
            {
                File.Delete(request.OutputPath);
            }
            return new(errors.Distinct().ToList(), null);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(request.OutputPath))!);
        await File.WriteAllBytesAsync(request.OutputPath, zip.ToArray(), cancellationToken);
        return new([], request.OutputPath);
    }

    /// <summary>Replaces ${{NAME}} in every string of the manifest; unknown tokens stay for the validator to report.</summary>
    internal static void FillTokens(JsonNode? node, IReadOnlyDictionary<string, string> tokens)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var key in o.Select(p => p.Key).ToList())
                {
                    if (o[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String)
                    {
                        o[key] = Fill(v.GetValue<string>(), tokens);
                    }
                    else
                    {
                        FillTokens(o[key], tokens);
                    }
                }
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    if (a[i] is JsonValue v && v.GetValueKind() == JsonValueKind.String)
                    {
                        a[i] = Fill(v.GetValue<string>(), tokens);
                    }
                    else
                    {
                        FillTokens(a[i], tokens);
                    }
                }
                break;
        }
    }

    private static string Fill(string text, IReadOnlyDictionary<string, string> tokens) =>
        tokens.Aggregate(text, (current, token) => current.Replace("${{" + token.Key + "}}", token.Value, StringComparison.Ordinal));

    private static IEnumerable<string> IconFiles(JsonObject manifest) =>
        (manifest["icons"] as JsonObject ?? [])
        .Select(p => p.Value?.GetValueKind() == JsonValueKind.String ? p.Value.GetValue<string>() : null)
        .OfType<string>()
        .Distinct(StringComparer.Ordinal);

    private static async Task AddAsync(ZipArchive archive, string name, byte[] content, CancellationToken cancellationToken)
    {
        var entry = archive.CreateEntry(name, CompressionLevel.Optimal);
        entry.LastWriteTime = EntryTime;
        await using var stream = entry.Open();
        await stream.WriteAsync(content, cancellationToken);
    }
}
