using System.CommandLine;
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

    public Command Build(CliConsole console)
    {
        var texts = CliTexts.Default;
        var appId = new Option<string?>("--app-id") { Description = texts["option.package.appId"], HelpName = "guid" };
        var botId = new Option<string?>("--bot-id") { Description = texts["option.package.botId"], HelpName = "guid" };
        var botDomain = new Option<string?>("--bot-domain") { Description = texts["option.package.botDomain"], HelpName = "host" };
        var output = new Option<string?>("--output") { Description = texts["option.package.output"], HelpName = "zip" };
        var packageDir = new Option<string?>("--package-dir") { Description = texts["option.package.dir"], HelpName = "carpeta" };
        var command = new Command("build", texts["verb.package.build"]) { appId, botId, botDomain, output, packageDir };
        command.SetAction((parse, ct) => RunAsync(new Dictionary<string, string?>
        {
            ["--app-id"] = parse.GetValue(appId), ["--bot-id"] = parse.GetValue(botId), ["--bot-domain"] = parse.GetValue(botDomain),
            ["--output"] = parse.GetValue(output), ["--package-dir"] = parse.GetValue(packageDir),
        }, console, ct));
        return command;
    }

    private async Task<int> RunAsync(Dictionary<string, string?> options, CliConsole console, CancellationToken cancellationToken)
    {
        var texts = CliTexts.Default;
        var configuration = _configuration ?? new ConfigurationBuilder()
            .AddJsonFile(System.IO.Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .Build();

        var packageDirectory = options["--package-dir"] ?? AppPackageLocator.Find(Directory.GetCurrentDirectory());
        var output = options["--output"] ?? System.IO.Path.Combine(packageDirectory, "build", "bitacora.zip");

        var missing = new List<string>();
        string Value(string option, string key)
        {
            var value = options[option];
            if (string.IsNullOrWhiteSpace(value))
            {
                value = configuration[key];
            }
            if (string.IsNullOrWhiteSpace(value))
            {
                missing.Add(texts.Format("package.missingOne", option, key));
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
            throw new CliUsageException(texts.Format("package.missing", string.Join(", ", missing)));
        }

        var result = await new AppPackageBuilder().BuildAsync(
            new PackageBuildRequest(packageDirectory, output, tokens), cancellationToken);
        if (!result.Succeeded)
        {
            await console.Error.WriteLineAsync(texts.Format("package.invalidBuild", result.Errors.Count));
            foreach (var error in result.Errors)
            {
                await console.Error.WriteLineAsync("  - " + error);
            }
            return ExitCodes.Data;
        }
        await console.Out.WriteLineAsync(texts.Format("package.written", result.OutputPath));
        return ExitCodes.Ok;
    }
}

/// <summary>`bitacora package validate &lt;zip&gt;`: the same offline checks on an existing package.</summary>
public sealed class PackageValidateCommand : ICliCommand
{
    public IReadOnlyList<string> Path { get; } = ["package", "validate"];

    public Command Build(CliConsole console)
    {
        var texts = CliTexts.Default;
        var zipFile = new Argument<string>("zip") { Description = texts["option.package.zip"] };
        var packageDir = new Option<string?>("--package-dir") { Description = texts["option.package.dir"], HelpName = "carpeta" };
        var command = new Command("validate", texts["verb.package.validate"]) { zipFile, packageDir };
        command.SetAction((parse, ct) => RunAsync(parse.GetRequiredValue(zipFile), parse.GetValue(packageDir), console, ct));
        return command;
    }

    private static async Task<int> RunAsync(string zipPath, string? packageDir, CliConsole console, CancellationToken cancellationToken)
    {
        var texts = CliTexts.Default;
        if (!File.Exists(zipPath))
        {
            throw new CliUsageException(texts.Format("package.notFound", zipPath));
        }
        var packageDirectory = packageDir ?? AppPackageLocator.Find(Directory.GetCurrentDirectory());
        await using var zip = File.OpenRead(zipPath);
        var errors = await new AppPackageValidator(System.IO.Path.Combine(packageDirectory, "schema")).ValidateAsync(zip, cancellationToken);
        if (errors.Count > 0)
        {
            await console.Error.WriteLineAsync(texts.Format("package.invalid", zipPath, errors.Count));
            foreach (var error in errors)
            {
                await console.Error.WriteLineAsync("  - " + error);
            }
            return ExitCodes.Data;
        }
        await console.Out.WriteLineAsync(texts.Format("package.valid", zipPath));
        return ExitCodes.Ok;
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
        throw new CliUsageException(CliTexts.Default.Format("package.noDir", start));
    }
}
