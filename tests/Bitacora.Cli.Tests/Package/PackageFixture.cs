using Bitacora.Testing;

namespace Bitacora.Cli.Tests.Package;

/// <summary>A private copy of appPackage/ (manifest, icons, schema) that a test may break without touching the repo.</summary>
internal sealed class PackageCopy : IDisposable
{
    public PackageCopy()
    {
        Directory = Path.Combine(Path.GetTempPath(), "bitacora-package-" + Guid.NewGuid().ToString("N"));
        CopyTree(RepoPaths.Combine("appPackage"), Directory);
    }

    public string Directory { get; }

    public string ManifestPath => Path.Combine(Directory, "manifest.json");

    public string Output => Path.Combine(Directory, "out", "bitacora.zip");

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

    private static void CopyTree(string from, string to)
    {
        System.IO.Directory.CreateDirectory(to);
        foreach (var file in System.IO.Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
        foreach (var dir in System.IO.Directory.GetDirectories(from).Where(d => Path.GetFileName(d) != "build"))
        {
            CopyTree(dir, Path.Combine(to, Path.GetFileName(dir)));
        }
    }
}

/// <summary>Ids as an operator would pass them.</summary>
internal static class SampleIds
{
    public const string TeamsAppId = "6f0c1f2e-3b6a-4d8e-9a7b-2c1d0e9f8a71";
    public const string BotId = "0b7d3c55-9e61-4f0a-8d42-7a1e5b2c9d03";
    public const string BotDomain = "bitacora-prod-abc123.azurewebsites.net";
}
