namespace Bitacora.Testing;

/// <summary>Finds files of this repository from a test's output folder (the folder that holds TeamsBot.sln).</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootLazy = new(FindRoot);

    public static string Root => RootLazy.Value;

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>A binary installed by `npm install` at the repository root (node_modules/.bin).</summary>
    public static string NodeBin(string name)
    {
        var path = Combine("node_modules", ".bin", name);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"'{name}' is not installed at {path}. Run `npm ci` at the repository root (scripts/test does it for you).");
        }
        return path;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TeamsBot.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Could not find TeamsBot.sln above " + AppContext.BaseDirectory);
    }
}
