using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Bitacora.Testing;

namespace Bitacora.Cli.Tests.Infra;

/// <summary>infra/ compiles with the real Bicep compiler and sets every configuration key the bot reads.</summary>
public sealed partial class InfraTests
{
    /// <summary>
    /// Keys of src/Bitacora.Bot/appsettings.json that infra deliberately leaves to the file shipped with the app,
    /// each with the reason. A key ending in "__" covers the whole section.
    /// (appsettings.Development.json is not read in Azure at all: App Service runs with ASPNETCORE_ENVIRONMENT=Production.)
    /// </summary>
    private static readonly IReadOnlyDictionary<string, string> LeftToAppSettingsJson = new Dictionary<string, string>
    {
        ["Logging__"] = "log levels ship with the app and are the same everywhere; App Insights receives the logs",
        ["AllowedHosts"] = "'*' is right behind App Service's front end, which only routes the app's own host names",
    };

    [Fact]
    public async Task Main_template_and_example_parameters_compile_without_errors_or_warnings()
    {
        var build = await Bicep.RunAsync("build", "main.bicep", "--stdout");
        var parameters = await Bicep.RunAsync("build-params", "main.bicepparam", "--stdout");

        Assert.True(build.ExitCode == 0, build.StandardError);
        Assert.True(parameters.ExitCode == 0, parameters.StandardError);
        Assert.Equal("", build.StandardError.Trim()); // linter warnings are printed here
        Assert.Equal("", parameters.StandardError.Trim());
        var values = JsonNode.Parse(JsonNode.Parse(parameters.StandardOutput)!["parametersJson"]!.GetValue<string>())!["parameters"]!.AsObject();
        Assert.DoesNotContain(values, p => p.Key.Contains("Password", StringComparison.OrdinalIgnoreCase)); // no secrets in the example
    }

    [Fact]
    public async Task Every_configuration_key_the_app_reads_is_set_by_infra()
    {
        var appKeys = await AppSettingsKeysAsync();
        var infraKeys = (await WebAppSettingsAsync()).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);

        var notCovered = appKeys
            .Where(k => !LeftToAppSettingsJson.Keys.Any(allowed => allowed.EndsWith("__", StringComparison.Ordinal) ? k.StartsWith(allowed, StringComparison.Ordinal) : k == allowed))
            .Where(k => !infraKeys.Contains(k))
            .ToList();

        Assert.True(notCovered.Count == 0,
            "Keys in src/Bitacora.Bot/appsettings.json that infra/modules/webapp.bicep (appsettings) does not set: " + string.Join(", ", notCovered));
        Assert.Contains("MicrosoftAppPassword", infraKeys); // sanity: the reader found the real settings
    }

    [Fact]
    public async Task The_allow_list_only_names_keys_that_exist()
    {
        var appKeys = await AppSettingsKeysAsync();

        Assert.All(LeftToAppSettingsJson.Keys, allowed => Assert.Contains(appKeys,
            k => allowed.EndsWith("__", StringComparison.Ordinal) ? k.StartsWith(allowed, StringComparison.Ordinal) : k == allowed));
    }

    [Fact]
    public async Task Secrets_come_from_Key_Vault_secrets_that_infra_declares_with_the_configuration_naming()
    {
        var settings = await WebAppSettingsAsync();
        var declaredSecrets = Bicep.Resources(await Bicep.MainTemplateAsync(), "Microsoft.KeyVault/vaults/secrets")
            .Select(r => SecretNameInResourceName().Match((string)r["name"]!).Groups[1].Value)
            .ToHashSet(StringComparer.Ordinal);

        var references = settings
            .Select(p => (p.Key, Match: KeyVaultReference().Match(p.Value?.ToString() ?? "")))
            .Where(x => x.Match.Success)
            .Select(x => (x.Key, Secret: x.Match.Groups[1].Value))
            .ToList();

        Assert.Contains(references, r => r.Key == "MicrosoftAppPassword");
        Assert.Contains(references, r => r.Key == "Files__SigningKey");
        Assert.Contains(references, r => r.Key == "ConnectionStrings__Hangfire");
        Assert.All(references, r =>
        {
            Assert.Contains(r.Secret, declaredSecrets);
            // Key Vault names cannot hold "_" or ":"; "--" is the ASP.NET convention for the section separator.
            Assert.Equal(r.Key.Replace("__", "--", StringComparison.Ordinal), r.Secret);
        });
        Assert.DoesNotContain(settings, p => p.Key.Contains("Password", StringComparison.Ordinal) && !KeyVaultReference().IsMatch(p.Value?.ToString() ?? ""));
    }

    [Fact]
    public async Task Web_app_is_linux_dotnet10_https_only_always_on_with_a_managed_identity_that_reads_the_vault()
    {
        var template = await Bicep.MainTemplateAsync();
        var site = Assert.Single(Bicep.Resources(template, "Microsoft.Web/sites"));
        var bot = Assert.Single(Bicep.Resources(template, "Microsoft.BotService/botServices"));
        var channel = Assert.Single(Bicep.Resources(template, "Microsoft.BotService/botServices/channels"));
        var roles = Bicep.Resources(template, "Microsoft.Authorization/roleAssignments")
            .Select(r => (Role: (string)r["properties"]!["roleDefinitionId"]!, Principal: (string)r["properties"]!["principalId"]!))
            .ToList();

        Assert.Equal("app,linux", (string?)site["kind"]);
        Assert.Equal("SystemAssigned", (string?)site["identity"]!["type"]);
        Assert.True((bool)site["properties"]!["httpsOnly"]!);
        Assert.True((bool)site["properties"]!["siteConfig"]!["alwaysOn"]!);
        Assert.Contains(Bicep.Resources(template, "Microsoft.Resources/deployments"),
            d => (string?)d["properties"]!["template"]!["parameters"]?["linuxFxVersion"]?["defaultValue"] == "DOTNETCORE|10.0");
        Assert.Equal("MsTeamsChannel", (string?)channel["properties"]!["channelName"]);
        Assert.Contains("/api/messages", template.ToJsonString());
        Assert.Equal("global", (string?)bot["location"]);
        Assert.Contains("\"secretsUserRoleId\":\"4633458b-17de-408a-b874-0445c86b69e6\"", template.ToJsonString()); // Key Vault Secrets User
        Assert.Contains(roles, r => r.Role.Contains("variables('secretsUserRoleId')") && r.Principal.Contains("identity.principalId"));
    }

    /// <summary>Leaf keys of appsettings.json in App Service form: {"Storage":{"ConnectionString":..}} -> Storage__ConnectionString.</summary>
    private static async Task<IReadOnlyList<string>> AppSettingsKeysAsync()
    {
        var root = JsonNode.Parse(await File.ReadAllTextAsync(RepoPaths.Combine("src", "Bitacora.Bot", "appsettings.json")))!;
        var keys = new List<string>();
        Collect(root, "", keys);
        Assert.NotEmpty(keys);
        return keys;

        static void Collect(JsonNode? node, string prefix, List<string> keys)
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var (name, value) in o)
                    {
                        Collect(value, prefix.Length == 0 ? name : $"{prefix}__{name}", keys);
                    }
                    break;
                case JsonArray a:
                    for (var i = 0; i < a.Count; i++)
                    {
                        Collect(a[i], $"{prefix}__{i}", keys);
                    }
                    break;
                default:
                    keys.Add(prefix);
                    break;
            }
        }
    }

    /// <summary>The web app's application settings as compiled (the Microsoft.Web/sites/config "appsettings" resource).</summary>
    private static async Task<JsonObject> WebAppSettingsAsync()
    {
        var config = Assert.Single(Bicep.Resources(await Bicep.MainTemplateAsync(), "Microsoft.Web/sites/config"),
            r => ((string?)r["name"])?.Contains("'appsettings'", StringComparison.Ordinal) == true);
        return Assert.IsType<JsonObject>(config["properties"]);
    }

    // Compiled form of '${keyVaultRef}<SecretName>)' in webapp.bicep (keyVaultRef = '@Microsoft.KeyVault(VaultName=..;SecretName=').
    private static Regex KeyVaultReference() => KeyVaultReferenceAny();

    [GeneratedRegex(@"\{0\}([A-Za-z0-9-]+)\)', variables\('keyVaultRef'\)")]
    private static partial Regex KeyVaultReferenceAny();

    [GeneratedRegex(@"'([A-Za-z0-9-]+)'\)\]$")]
    private static partial Regex SecretNameInResourceName();
}
