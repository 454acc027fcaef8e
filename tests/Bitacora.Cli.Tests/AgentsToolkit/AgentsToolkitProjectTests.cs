using System.Globalization;
using System.Text.Json.Nodes;
using Bitacora.Cli.Tests.Package;
using Bitacora.Testing;
using NJsonSchema;
using YamlDotNet.RepresentationModel;

namespace Bitacora.Cli.Tests.AgentsToolkit;

/// <summary>
/// The Microsoft 365 Agents Toolkit project: m365agents.yml / m365agents.local.yml follow the Toolkit's own JSON schema
/// (from the installed CLI package, the version the files declare) and run the lifecycle the README describes, and
/// `atk validate --manifest-file` accepts the Teams manifest with no network (every proxy points at a closed loopback
/// port) — and rejects a broken copy, so the pass means something. scripts/test installs the CLI
/// (scripts/lib.sh ensure_agents_toolkit).
/// </summary>
public sealed class AgentsToolkitProjectTests
{
    private static readonly string ToolkitFolder = RepoPaths.Combine("tools", "m365agentstoolkit", "node_modules", "@microsoft", "m365agentstoolkit-cli");

    private static string ToolkitCli
    {
        get
        {
            var cli = Path.Combine(ToolkitFolder, "cli.js");
            return File.Exists(cli) ? cli : throw new InvalidOperationException(
                $"The Agents Toolkit CLI is not installed at {ToolkitFolder}: run scripts/test, or `source scripts/lib.sh && ensure_agents_toolkit`.");
        }
    }

    [Theory]
    [InlineData("m365agents.yml")]
    [InlineData("m365agents.local.yml")]
    public async Task The_project_file_is_valid_against_the_toolkit_schema_of_its_version(string file)
    {
        var document = YamlToJson(await File.ReadAllTextAsync(RepoPaths.Combine(file)));
        var version = (string)document["version"]!;
        var schemaPath = Path.Combine(ToolkitFolder, "resource", "yaml-schema", version, "yaml.schema.json");
        Assert.True(File.Exists(ToolkitCli) && File.Exists(schemaPath), $"{file} declares version {version}, which the installed Toolkit has no schema for ({schemaPath}).");
        var schema = await LoadSchemaAsync(schemaPath);

        var errors = schema.Validate(document.ToJsonString());

        Assert.True(errors.Count == 0, $"{file}: " + string.Join("; ", errors.Select(e => $"{e.Path}: {e.Kind}")));
        Assert.Contains($"$schema=https://aka.ms/m365-agents-toolkits/{version}/yaml.schema.json", await File.ReadAllTextAsync(RepoPaths.Combine(file)));
    }

    [Fact]
    public async Task The_schema_check_rejects_an_action_the_toolkit_does_not_have()
    {
        var document = YamlToJson(await File.ReadAllTextAsync(RepoPaths.Combine("m365agents.yml")));
        document["provision"]![0]!["uses"] = "teamsApp/doesNotExist";
        var schema = await LoadSchemaAsync(Path.Combine(ToolkitFolder, "resource", "yaml-schema", (string)document["version"]!, "yaml.schema.json"));

        Assert.NotEmpty(schema.Validate(document.ToJsonString()));
    }

    [Fact]
    public async Task Provision_and_deploy_run_the_documented_actions_in_order()
    {
        var document = YamlToJson(await File.ReadAllTextAsync(RepoPaths.Combine("m365agents.yml")));
        string[] Uses(string stage) => document[stage]!.AsArray().Select(a => (string)a!["uses"]!).ToArray();

        Assert.Equal(["teamsApp/create", "aadApp/create", "arm/deploy", "teamsApp/validateManifest", "teamsApp/zipAppPackage",
            "teamsApp/validateAppPackage", "teamsApp/update"], Uses("provision"));
        Assert.Equal(["cli/runDotnetCommand", "azureAppService/zipDeploy"], Uses("deploy"));
        var arm = document["provision"]!.AsArray().Single(a => (string)a!["uses"]! == "arm/deploy")!["with"]!["templates"]![0]!;
        Assert.True(File.Exists(RepoPaths.Combine((string)arm["path"]!)));
        var parameters = JsonNode.Parse(await File.ReadAllTextAsync(RepoPaths.Combine((string)arm["parameters"]!)))!["parameters"]!.AsObject();
        var declared = (await Infra.Bicep.MainTemplateAsync())["parameters"]!.AsObject();
        Assert.All(parameters, p => Assert.True(declared.ContainsKey(p.Key), $"infra/main.parameters.json sets '{p.Key}', which main.bicep does not declare"));
        // zipDeploy's resource id is an output of main.bicep (arm/deploy writes outputs as UPPER_SNAKE variables).
        Assert.True((await Infra.Bicep.MainTemplateAsync())["outputs"]!.AsObject().ContainsKey("botAzureAppServiceResourceId"));
    }

    [Fact]
    public async Task Secrets_stay_in_git_ignored_user_files()
    {
        var gitignore = await File.ReadAllLinesAsync(RepoPaths.Combine(".gitignore"));
        Assert.Contains("env/.env.*.user", gitignore);
        Assert.Contains(".localConfigs", gitignore);
        foreach (var env in new[] { ".env.dev", ".env.local" })
        {
            var text = await File.ReadAllTextAsync(RepoPaths.Combine("env", env));
            Assert.DoesNotContain(text.Split('\n'), line => line.TrimStart().StartsWith("SECRET_", StringComparison.Ordinal));
            Assert.Contains("TEAMSFX_ENV=" + env[5..], text);
        }
    }

    [Fact]
    public async Task Atk_validates_the_manifest_offline_and_rejects_a_broken_one()
    {
        var work = Directory.CreateTempSubdirectory("bitacora-atk-");
        try
        {
            var envFile = Path.Combine(work.FullName, ".env.test");
            await File.WriteAllTextAsync(envFile, "TEAMS_APP_ID=11111111-2222-3333-4444-555555555555\nBOT_ID=66666666-7777-8888-9999-000000000000\nBOT_DOMAIN=bitacora-test.azurewebsites.net\n");
            var broken = Directory.CreateDirectory(Path.Combine(work.FullName, "broken"));
            var manifest = JsonNode.Parse(await File.ReadAllTextAsync(RepoPaths.Combine("appPackage", "manifest.json")))!;
            manifest["accentColor"] = "azul";
            await File.WriteAllTextAsync(Path.Combine(broken.FullName, "manifest.json"), manifest.ToJsonString());
            foreach (var icon in new[] { "color.png", "outline.png" })
            {
                File.Copy(RepoPaths.Combine("appPackage", icon), Path.Combine(broken.FullName, icon));
            }

            var good = await AtkValidateAsync(RepoPaths.Combine("appPackage", "manifest.json"), envFile, work.FullName);
            var bad = await AtkValidateAsync(Path.Combine(broken.FullName, "manifest.json"), envFile, work.FullName);

            Assert.True(good.ExitCode == 0, good.StandardOutput + good.StandardError);
            Assert.Contains("All passed", good.StandardOutput);
            Assert.NotEqual(0, bad.ExitCode);
            Assert.Contains("/accentColor must match pattern", bad.StandardOutput + bad.StandardError);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static Task<ToolRun.Result> AtkValidateAsync(string manifest, string envFile, string home)
    {
        const string nowhere = "http://127.0.0.1:9"; // closed loopback port: any network attempt fails at once
        return ToolRun.RunAsync("node", [ToolkitCli, "validate", "--manifest-file", manifest, "--env-file", envFile, "--telemetry", "false", "--interactive", "false"],
            RepoPaths.Combine("."), TimeSpan.FromMinutes(2), new Dictionary<string, string>
            {
                ["HOME"] = home, // the Toolkit's caches and logs, not the developer's
                ["HTTPS_PROXY"] = nowhere, ["HTTP_PROXY"] = nowhere, ["https_proxy"] = nowhere, ["http_proxy"] = nowhere,
                ["NO_PROXY"] = "", ["no_proxy"] = "",
            });
    }

    /// <summary>
    /// The Toolkit's schema (draft-07) for NJsonSchema, which does not enforce "const" (every action's "uses" is one):
    /// each "const": x becomes the equivalent "enum": [x], so an unknown or misspelled action fails.
    /// </summary>
    private static async Task<JsonSchema> LoadSchemaAsync(string path)
    {
        var root = JsonNode.Parse(await File.ReadAllTextAsync(path))!;
        Rewrite(root);
        return await JsonSchema.FromJsonAsync(root.ToJsonString(), path);

        static void Rewrite(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject o:
                    if (o["const"] is { } value && o.Parent is not null)
                    {
                        o.Remove("const");
                        o["enum"] = new JsonArray(value);
                    }
                    foreach (var (_, child) in o.ToList()) Rewrite(child);
                    break;
                case JsonArray a:
                    foreach (var child in a) Rewrite(child);
                    break;
            }
        }
    }

    /// <summary>YAML → JSON with YAML's plain-scalar typing (true/false, numbers, null); quoted scalars stay strings.</summary>
    private static JsonObject YamlToJson(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return Assert.IsType<JsonObject>(Convert(stream.Documents[0].RootNode));

        static JsonNode? Convert(YamlNode node) => node switch
        {
            YamlMappingNode map => new JsonObject(map.Children.Select(kv => KeyValuePair.Create(((YamlScalarNode)kv.Key).Value!, Convert(kv.Value)))),
            YamlSequenceNode seq => new JsonArray(seq.Children.Select(Convert).ToArray()),
            YamlScalarNode { Style: not YamlDotNet.Core.ScalarStyle.Plain } s => JsonValue.Create(s.Value),
            YamlScalarNode { Value: null or "" or "~" or "null" } => null,
            YamlScalarNode { Value: "true" or "false" } s => JsonValue.Create(s.Value == "true"),
            YamlScalarNode s when long.TryParse(s.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => JsonValue.Create(n),
            YamlScalarNode s => JsonValue.Create(s.Value),
            _ => throw new InvalidOperationException($"Unexpected YAML node {node.NodeType}"),
        };
    }
}
