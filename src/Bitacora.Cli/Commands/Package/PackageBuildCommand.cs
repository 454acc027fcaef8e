using Microsoft.Extensions.Configuration;

namespace Bitacora.Cli.Commands.Package;

/// <summary>
/// `bitacora package build`: the installable Teams app zip, validated offline. Ids come from the options or, failing
/// those, from configuration (environment variables, or an appsettings.json in the current folder).
/// </summary>
public sealed class PackageBuildCommand : ICliCommand
{
    /// <summary>Configuration keys read when an option is not given (App Service / environment names).</summary>
    public const string BotIdKey = "MicrosoftAppId";
    public const string TeamsAppIdKey = "TeamsAppId";
    public const string BotDomainKey = "BotDomain";

    private readonly IConfiguration? _configuration;

    public PackageBuildCommand()
    {
    }

    /// <summary>For tests: configuration other than the process environment.</summary>
    internal PackageBuildCommand(IConfiguration configuration) => _configuration = configuration;

    public IReadOnlyList<string> Path { get; } = ["package", "build"];

    public string Summary =>
        "Build the Teams app zip: [--app-id <guid>] [--bot-id <guid>] [--bot-domain <host>] [--output <zip>] [--package-dir <dir>]";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        var options = CliOptions.Parse(args, ["--app-id", "--bot-id", "--bot-domain", "--output", "--package-dir"]);
        var configuration = _configuration ?? new ConfigurationBuilder()
            .AddJsonFile(System.IO.Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .Build();

        var packageDirectory = options.GetValueOrDefault("--package-dir") ?? AppPackageLocator.Find(Directory.GetCurrentDirectory());
        var output = options.GetValueOrDefault("--output") ?? System.IO.Path.Combine(packageDirectory, "build", "bitacora.zip");

        var missing = new List<string>();
        string Value(string option, string key)
        {
            var value = options.GetValueOrDefault(option);
            if (string.IsNullOrWhiteSpace(value))
            {
                value = configuration[key];
            }
            if (string.IsNullOrWhiteSpace(value))
            {
                missing.Add($"{option} (or configuration key {key})");
                return "";
            }
            return value.Trim();
        }
        var tokens = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["TEAMS_APP_ID"] = Value("--app-id", TeamsAppIdKey),
            ["BOT_ID"] = Value("--bot-id", BotIdKey),
            ["BOT_DOMAIN"] = Value("--bot-domain", BotDomainKey),
        };
        if (missing.Count > 0)
        {
            throw new CliUsageException("missing " + string.Join(", ", missing) +
                                        ". The Teams app id is any GUID you keep for this app (e.g. from `uuidgen`); the bot id is the Entra app registration's client id; the domain is the bot's host name, e.g. bitacora.azurewebsites.net.");
        }

        var result = await new AppPackageBuilder().BuildAsync(
            new PackageBuildRequest(packageDirectory, output, tokens), cancellationToken);
        if (!result.Succeeded)
        {
            await console.Error.WriteLineAsync($"The Teams app package is not valid ({result.Errors.Count} problem(s)); nothing was written:");
            foreach (var error in result.Errors)
            {
                await console.Error.WriteLineAsync("  - " + error);
            }
            return 1;
        }
        await console.Out.WriteLineAsync($"Teams app package written to {result.OutputPath} (manifest schema and Teams rules checked offline).");
        return 0;
    }
}

/// <summary>`bitacora package validate &lt;zip&gt;`: the same offline checks on an existing package.</summary>
public sealed class PackageValidateCommand : ICliCommand
{
    public IReadOnlyList<string> Path { get; } = ["package", "validate"];

    public string Summary => "Validate a Teams app zip offline: <zip> [--package-dir <dir with schema/>]";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        var options = CliOptions.Parse(args, ["--package-dir"], positional: 1);
        var zipPath = options.GetValueOrDefault(CliOptions.Positional(0))
                      ?? throw new CliUsageException("give the path of the zip to validate");
        if (!File.Exists(zipPath))
        {
            throw new CliUsageException($"{zipPath} not found");
        }
        var packageDirectory = options.GetValueOrDefault("--package-dir") ?? AppPackageLocator.Find(Directory.GetCurrentDirectory());
        await using var zip = File.OpenRead(zipPath);
        var errors = await new AppPackageValidator(System.IO.Path.Combine(packageDirectory, "schema")).ValidateAsync(zip, cancellationToken);
        if (errors.Count > 0)
        {
            await console.Error.WriteLineAsync($"{zipPath} is not a valid Teams app package ({errors.Count} problem(s)):");
            foreach (var error in errors)
            {
                await console.Error.WriteLineAsync("  - " + error);
            }
            return 1;
        }
        await console.Out.WriteLineAsync($"{zipPath}: valid Teams app package.");
        return 0;
    }
}

/// <summary>Finds appPackage/ from the current folder upwards, so the verb works anywhere inside the repository.</summary>
internal static class AppPackageLocator
{
    public static string Find(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "appPackage");
            if (File.Exists(System.IO.Path.Combine(candidate, AppPackageValidator.ManifestFileName)))
            {
                return candidate;
            }
        }
        throw new CliUsageException($"no appPackage/manifest.json above {start}; pass --package-dir");
    }
}

/// <summary>`--name value` options and positional arguments; anything else is a usage error.</summary>
internal static class CliOptions
{
    public static string Positional(int index) => $"#{index}";

    public static Dictionary<string, string> Parse(IReadOnlyList<string> args, IReadOnlyCollection<string> known, int positional = 0)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var positionals = 0;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                var (name, inline) = arg.IndexOf('=') is var eq and > 0 ? (arg[..eq], arg[(eq + 1)..]) : (arg, null);
                if (!known.Contains(name))
                {
                    throw new CliUsageException($"unknown option {name} (known: {string.Join(", ", known)})");
                }
                var value = inline ?? (i + 1 < args.Count ? args[++i] : throw new CliUsageException($"{name} needs a value"));
                result[name] = value;
            }
            else if (positionals < positional)
            {
                result[Positional(positionals++)] = arg;
            }
            else
            {
                throw new CliUsageException($"unexpected argument '{arg}'");
            }
        }
        return result;
    }
}
