using System.IO.Compression;
using System.Text.Json.Nodes;
using Bitacora.Testing;

namespace Bitacora.Cli.Tests.Package;

/// <summary>The manifest agrees with Microsoft's own validator, the bot's command list, and its vendored schema's source.</summary>
public sealed class ManifestConsistencyTests
{
    private const string OfficialPackage = "@microsoft/app-manifest";

    [Fact]
    public async Task Microsofts_app_manifest_validator_accepts_the_built_manifest_offline()
    {
        var manifestPath = await BuildAndExtractManifestAsync();
        try
        {
            var run = await RunOfficialValidatorAsync(manifestPath);

            Assert.True(run.ExitCode == 0, $"{run.StandardOutput}\n{run.StandardError}");
            Assert.Equal("[]", JsonNode.Parse(run.StandardOutput)!["errors"]!.ToJsonString());
        }
        finally
        {
            File.Delete(manifestPath);
        }
    }

    [Fact]
    public async Task Microsofts_validator_and_ours_both_refuse_an_unfilled_manifest()
    {
        // The template itself still has ${{BOT_ID}} where a GUID must be: both validators must say so.
        var run = await RunOfficialValidatorAsync(RepoPaths.Combine("appPackage", "manifest.json"));

        Assert.Equal(1, run.ExitCode);
        var errors = JsonNode.Parse(run.StandardOutput)!["errors"]!.AsArray().Select(e => (string?)e).ToList();
        Assert.Contains(errors, e => e!.StartsWith("/bots/0/botId must match pattern", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_vendored_schema_is_the_one_Microsofts_package_ships()
    {
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(RepoPaths.Combine("appPackage", "manifest.json")))!;
        var version = (string)manifest["manifestVersion"]!;
        var vendored = RepoPaths.Combine("appPackage", "schema", $"v{version}", "MicrosoftTeams.schema.json");
        var shipped = RepoPaths.Combine("node_modules", "@microsoft", "app-manifest", "build", "json-schemas", "teams",
            $"v{version}", "MicrosoftTeams.schema.json");
        RequireOfficialPackage();

        Assert.Equal(await File.ReadAllBytesAsync(shipped), await File.ReadAllBytesAsync(vendored));
        Assert.Equal($"https://developer.microsoft.com/json-schemas/teams/v{version}/MicrosoftTeams.schema.json",
            (string?)manifest["$schema"]);
    }

    private static async Task<string> BuildAndExtractManifestAsync()
    {
        using var copy = new PackageCopy();
        var (exit, _, stderr) = await PackageBuildTests.RunAsync(["package", "build", "--app-id", SampleIds.TeamsAppId,
            "--bot-id", SampleIds.BotId, "--bot-domain", SampleIds.BotDomain, "--package-dir", copy.Directory, "--output", copy.Output]);
        Assert.True(exit == 0, stderr);
        using var zip = ZipFile.OpenRead(copy.Output);
        var path = Path.Combine(Path.GetTempPath(), $"bitacora-manifest-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, PackageBuildTests.ReadManifest(zip).ToJsonString());
        return path;
    }

    private static Task<ToolRun.Result> RunOfficialValidatorAsync(string manifestPath)
    {
        RequireOfficialPackage();
        return ToolRun.RunAsync("node",
            [RepoPaths.Combine("appPackage", "tools", "validate-with-app-manifest.mjs"), manifestPath], RepoPaths.Root);
    }

    private static void RequireOfficialPackage()
    {
        if (!Directory.Exists(RepoPaths.Combine("node_modules", "@microsoft", "app-manifest")))
        {
            throw new InvalidOperationException(
                $"{OfficialPackage} is not installed in node_modules. Run `npm ci` at the repository root (it is in package.json).");
        }
    }
}
