using System.IO.Compression;
using System.Text.Json.Nodes;
using Bitacora.Cli.Commands.Package;
using Bitacora.Testing;
using Microsoft.Extensions.Configuration;

namespace Bitacora.Cli.Tests.Package;

/// <summary>`bitacora package build` end to end: the real manifest, icons and vendored schema, the real zip.</summary>
public sealed class PackageBuildTests
{
    private static readonly string[] IdOptions =
    [
        "--app-id", SampleIds.TeamsAppId, "--bot-id", SampleIds.BotId, "--bot-domain", SampleIds.BotDomain,
    ];

    [Fact]
    public async Task Builds_a_valid_zip_with_the_ids_filled_in()
    {
        using var copy = new PackageCopy();

        var (exit, stdout, stderr) = await RunAsync(["package", "build", .. IdOptions, "--package-dir", copy.Directory, "--output", copy.Output]);

        Assert.True(exit == 0, stderr);
        Assert.Contains("bitacora.zip", stdout);
        using var zip = ZipFile.OpenRead(copy.Output);
        Assert.Equal(["color.png", "manifest.json", "outline.png"], zip.Entries.Select(e => e.FullName).Order());
        var manifest = ReadManifest(zip);
        Assert.Equal(SampleIds.TeamsAppId, (string?)manifest["id"]);
        Assert.Equal(SampleIds.BotId, (string?)manifest["bots"]![0]!["botId"]);
        // No SSO is implemented (issue 15): webApplicationInfo is only the RSC form Teams needs for meeting events
        // (Attendance/README.md: id = the bot id, resource https://RscPermission — no api:// SSO resource), no token.botframework.com domain.
        Assert.Equal(SampleIds.BotId, (string?)manifest["webApplicationInfo"]!["id"]);
        Assert.Equal("https://RscPermission", (string?)manifest["webApplicationInfo"]!["resource"]);
        Assert.Equal(["ChannelMeeting.ReadBasic.Group", "ChannelMeetingParticipant.Read.Group", "OnlineMeeting.ReadBasic.Chat",
                "OnlineMeetingParticipant.Read.Chat"],
            manifest["authorization"]!["permissions"]!["resourceSpecific"]!.AsArray()
                .Where(p => (string?)p!["type"] == "Application").Select(p => (string?)p!["name"]).Order());
        Assert.DoesNotContain("token.botframework.com", manifest["validDomains"]!.AsArray().Select(d => (string?)d));
        Assert.Contains(SampleIds.BotDomain, manifest["validDomains"]!.AsArray().Select(d => (string?)d));
        Assert.DoesNotContain("${{", manifest.ToJsonString());
        Assert.Equal("Bitácora", (string?)manifest["name"]!["short"]);
    }

    [Fact]
    public async Task Ids_default_from_configuration()
    {
        using var copy = new PackageCopy();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [PackageBuildCommand.TeamsAppIdKey] = SampleIds.TeamsAppId,
            [PackageBuildCommand.BotIdKey] = SampleIds.BotId,
            [PackageBuildCommand.BotDomainKey] = SampleIds.BotDomain,
        }).Build();

        var (exit, _, stderr) = await RunAsync(["package", "build", "--package-dir", copy.Directory, "--output", copy.Output],
            new PackageBuildCommand(configuration));

        Assert.True(exit == 0, stderr);
        using var zip = ZipFile.OpenRead(copy.Output);
        Assert.Equal(SampleIds.BotId, (string?)ReadManifest(zip)["bots"]![0]!["botId"]);
    }

    [Fact]
    public async Task Missing_ids_are_a_usage_error_naming_options_and_keys()
    {
        using var copy = new PackageCopy();
        var empty = new ConfigurationBuilder().Build();

        var (exit, _, stderr) = await RunAsync(["package", "build", "--package-dir", copy.Directory, "--output", copy.Output],
            new PackageBuildCommand(empty));

        Assert.Equal(1, exit);
        Assert.Contains("--app-id (o la clave de configuración TeamsAppId)", stderr);
        Assert.Contains("--bot-id (o la clave de configuración MicrosoftAppId)", stderr);
        Assert.Contains("--bot-domain (o la clave de configuración BotDomain)", stderr);
        Assert.False(File.Exists(copy.Output));
    }

    [Fact]
    public async Task A_broken_manifest_is_refused_with_every_problem_listed_and_no_zip_written()
    {
        using var copy = new PackageCopy();
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(copy.ManifestPath))!.AsObject();
        manifest.Remove("accentColor"); // required by the schema
        var commands = manifest["bots"]![0]!["commandLists"]![0]!["commands"]!.AsArray();
        commands[0]!["title"] = "un comando con un título demasiado largo para Teams";
        commands[2]!["title"] = "Mis compromisos"; // repeats "mis compromisos" (case-insensitive)
        manifest["validDomains"]!.AsArray().Add("https://bitacora.example.cl/api");
        await File.WriteAllTextAsync(copy.ManifestPath, manifest.ToJsonString());
        Directory.CreateDirectory(Path.GetDirectoryName(copy.Output)!);
        await File.WriteAllTextAsync(copy.Output, "stale zip from an earlier build");

        var (exit, stdout, stderr) = await RunAsync(["package", "build", .. IdOptions, "--package-dir", copy.Directory, "--output", copy.Output]);

        Assert.Equal(ExitCodes.Data, exit);
        Assert.Empty(stdout);
        Assert.Contains("no se escribió nada", stderr);
        Assert.Contains("manifest.json: #/accentColor: PropertyRequired", stderr); // from the JSON schema
        Assert.Contains("#/bots/0/commandLists/0/commands/0/title: 'un comando con un título demasiado largo para Teams' is 51 characters; Teams allows at most 32", stderr);
        Assert.Contains("#/bots/0/commandLists/0/commands/2/title: 'Mis compromisos' repeats command 1 of the same list (personal)", stderr);
        Assert.Contains("#/validDomains/1: 'https://bitacora.example.cl/api' must be a host name without scheme or path", stderr);
        Assert.False(File.Exists(copy.Output), "a stale package must not survive a failed build");
    }

    [Fact]
    public async Task Bad_ids_and_a_leftover_placeholder_are_reported()
    {
        using var copy = new PackageCopy();
        var text = await File.ReadAllTextAsync(copy.ManifestPath);
        await File.WriteAllTextAsync(copy.ManifestPath, text.Replace("\"Equipo Bitácora\"", "\"${{DEVELOPER_NAME}}\""));

        var (exit, _, stderr) = await RunAsync(["package", "build", "--app-id", "not-a-guid", "--bot-id", SampleIds.BotId,
            "--bot-domain", SampleIds.BotDomain, "--package-dir", copy.Directory, "--output", copy.Output]);

        Assert.Equal(ExitCodes.Data, exit);
        Assert.Contains("#/id: 'not-a-guid' is not a GUID (the Teams app id)", stderr);
        Assert.Contains("#/developer/name: placeholder ${{DEVELOPER_NAME}} was not filled in", stderr);
    }

    [Theory]
    [InlineData("outline.png", 32, 32, 200, 30, 30, 255, "the outline icon must be white only; pixel (0,0) is #C81E1E")]
    [InlineData("outline.png", 32, 32, 255, 255, 255, 255, "the outline icon has no transparent pixel")]
    [InlineData("outline.png", 48, 48, 255, 255, 255, 0, "is 48x48; the outline icon must be 32x32")]
    [InlineData("color.png", 96, 96, 14, 74, 122, 255, "is 96x96; the color icon must be 192x192")]
    public async Task Wrong_icons_are_refused(string file, int width, int height, byte r, byte g, byte b, byte a, string expected)
    {
        using var copy = new PackageCopy();
        await File.WriteAllBytesAsync(Path.Combine(copy.Directory, file), TestPng.Rgba(width, height, (_, _) => (r, g, b, a)));

        var (exit, _, stderr) = await RunAsync(["package", "build", .. IdOptions, "--package-dir", copy.Directory, "--output", copy.Output]);

        Assert.Equal(ExitCodes.Data, exit);
        Assert.Contains($"{file}: {expected}", stderr);
    }

    [Fact]
    public async Task The_committed_icons_meet_the_Teams_rules_pixel_by_pixel()
    {
        var color = PngImage.Read(await File.ReadAllBytesAsync(RepoPaths.Combine("appPackage", "color.png")));
        var outline = PngImage.Read(await File.ReadAllBytesAsync(RepoPaths.Combine("appPackage", "outline.png")));

        Assert.Equal((192, 192), (color.Width, color.Height));
        Assert.Equal((32, 32), (outline.Width, outline.Height));
        var colorPixels = Pixels(color).ToList();
        Assert.All(colorPixels, p => Assert.Equal(255, p.A)); // full colour icon: opaque background
        Assert.True(colorPixels.Select(p => (p.R, p.G, p.B)).Distinct().Count() > 3, "the colour icon should be more than a flat square");
        var outlinePixels = Pixels(outline).ToList();
        Assert.All(outlinePixels, p => Assert.Equal((255, 255, 255), (p.R, p.G, p.B)));
        Assert.Contains(outlinePixels, p => p.A == 0);
        Assert.Contains(outlinePixels, p => p.A == 255);
    }

    [Fact]
    public async Task The_icon_generator_reproduces_the_committed_icons()
    {
        var output = Path.Combine(Path.GetTempPath(), "bitacora-icons-" + Guid.NewGuid().ToString("N"));
        try
        {
            var run = await ToolRun.RunAsync("python3", [RepoPaths.Combine("appPackage", "tools", "make_icons.py"), output], RepoPaths.Root);
            Assert.True(run.ExitCode == 0, run.StandardError);
            foreach (var icon in new[] { "color.png", "outline.png" })
            {
                Assert.Equal(await File.ReadAllBytesAsync(RepoPaths.Combine("appPackage", icon)),
                    await File.ReadAllBytesAsync(Path.Combine(output, icon)));
            }
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }

    [Fact]
    public async Task Validate_verb_accepts_a_built_package_and_refuses_a_zip_without_manifest()
    {
        using var copy = new PackageCopy();
        Assert.Equal(0, (await RunAsync(["package", "build", .. IdOptions, "--package-dir", copy.Directory, "--output", copy.Output])).Exit);

        var good = await RunAsync(["package", "validate", copy.Output, "--package-dir", copy.Directory]);
        var empty = Path.Combine(copy.Directory, "empty.zip");
        using (var zip = ZipFile.Open(empty, ZipArchiveMode.Create))
        {
            zip.CreateEntry("readme.txt");
        }
        var bad = await RunAsync(["package", "validate", empty, "--package-dir", copy.Directory]);

        Assert.Equal(0, good.Exit);
        Assert.Contains("paquete de app de Teams válido", good.Stdout);
        Assert.Equal(ExitCodes.Data, bad.Exit);
        Assert.Contains("package: no manifest.json at the root of the zip", bad.Stderr);
    }

    private static IEnumerable<(byte R, byte G, byte B, byte A)> Pixels(PngImage image) =>
        from y in Enumerable.Range(0, image.Height)
        from x in Enumerable.Range(0, image.Width)
        select image.Pixel(x, y);

    internal static JsonObject ReadManifest(ZipArchive zip)
    {
        using var stream = zip.GetEntry("manifest.json")!.Open();
        return JsonNode.Parse(stream)!.AsObject();
    }

    internal static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(string[] args, ICliCommand? command = null)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var app = command is null ? CliApp.CreateDefault() : new CliApp([command]);
        var exit = await app.RunAsync(args, new CliConsole(TextReader.Null, stdout, stderr), CancellationToken.None);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
