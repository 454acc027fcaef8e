using System.Reflection;
using System.Text.Json.Nodes;
using Bitacora.Cli.Tests.Package;
using Bitacora.Testing;

namespace Bitacora.Cli.Tests.Infra;

/// <summary>
/// The Bicep compiler from the Azure.Bicep.CommandLine.linux-x64 NuGet package (restored with the test project, no
/// download at run time). Compiles infra/ to the ARM JSON that Azure would receive.
/// </summary>
internal static class Bicep
{
    private static readonly Lazy<Task<JsonObject>> MainTemplateLazy = new(() => BuildJsonAsync("main.bicep"));

    public static string ExecutablePath
    {
        get
        {
            var path = typeof(Bicep).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .FirstOrDefault(a => a.Key == "BicepPath")?.Value?.Replace('\\', '/');
            if (string.IsNullOrEmpty(path) || !File.Exists(path))
            {
                throw new InvalidOperationException(
                    $"The Bicep compiler is not at '{path}'. It comes from the NuGet package Azure.Bicep.CommandLine.linux-x64 (restore the test project).");
            }
            if (!OperatingSystem.IsWindows() && !File.GetUnixFileMode(path).HasFlag(UnixFileMode.UserExecute))
            {
                // NuGet does not always keep the executable bit when it extracts a package.
                File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute);
            }
            return path;
        }
    }

    public static string InfraDirectory => RepoPaths.Combine("infra");

    /// <summary>main.bicep compiled once per test run.</summary>
    public static Task<JsonObject> MainTemplateAsync() => MainTemplateLazy.Value;

    public static Task<ToolRun.Result> RunAsync(params string[] arguments) =>
        ToolRun.RunAsync(ExecutablePath, arguments, InfraDirectory, TimeSpan.FromMinutes(3));

    private static async Task<JsonObject> BuildJsonAsync(string file)
    {
        var run = await RunAsync("build", file, "--stdout");
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"bicep build {file} failed:\n{run.StandardError}");
        }
        return JsonNode.Parse(run.StandardOutput)!.AsObject();
    }

    /// <summary>Every resource of the given type in the template, modules (nested deployments) included.</summary>
    public static IEnumerable<JsonObject> Resources(JsonNode? node, string type) => node switch
    {
        JsonObject o when (string?)o["type"] == type => [o, .. o.SelectMany(p => Resources(p.Value, type))],
        JsonObject o => o.SelectMany(p => Resources(p.Value, type)),
        JsonArray a => a.SelectMany(n => Resources(n, type)),
        _ => [],
    };
}
