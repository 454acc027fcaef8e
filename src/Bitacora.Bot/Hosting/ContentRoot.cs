namespace Bitacora.Bot.Hosting;

/// <summary>
/// ASP.NET takes the current directory as the content root, so `dotnet path/to/Bitacora.Bot.dll` started from
/// elsewhere would silently run without appsettings*.json (no sample registry, wrong storage). When the current
/// directory has no appsettings.json but the binaries' folder does, the binaries' folder is the content root.
/// An explicit --contentRoot (or ASPNETCORE_CONTENTROOT, or WebApplicationFactory's) always wins.
/// </summary>
public static class ContentRoot
{
    public static string? Resolve(string[] args, string currentDirectory, string baseDirectory)
    {
        var explicitRoot = args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase))
                           || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT"))
                           || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT"));
        if (explicitRoot || File.Exists(Path.Combine(currentDirectory, "appsettings.json")))
        {
            return null;
        }
        return File.Exists(Path.Combine(baseDirectory, "appsettings.json")) ? baseDirectory : null;
    }
}
