using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Bitacora.Testing;

namespace Bitacora.Cli.Tests.Package;

/// <summary>
/// The manifest's command lists offer only commands the bot understands (src/Bitacora.Bot/Content/Texts/commands.json).
/// Compiled only when that file is in the tree (see the test csproj): it arrives with the host's content.
/// </summary>
public sealed class ManifestCommandsTests
{
    [Fact]
    public async Task Every_manifest_command_is_one_the_bot_understands()
    {
        var commandsFile = JsonNode.Parse(await File.ReadAllTextAsync(
            RepoPaths.Combine("src", "Bitacora.Bot", "Content", "Texts", "commands.json")))!;
        var known = commandsFile["groups"]!.AsArray()
            .SelectMany(g => g!["commands"]!.AsArray())
            .Select(c => Normalize((string)c!["name"]!))
            .ToHashSet();
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(RepoPaths.Combine("appPackage", "manifest.json")))!;
        var lists = manifest["bots"]![0]!["commandLists"]!.AsArray();

        var titles = lists.SelectMany(l => l!["commands"]!.AsArray()).Select(c => (string)c!["title"]!).ToList();
        Assert.NotEmpty(titles);
        Assert.All(titles, t => Assert.Contains(Normalize(t), known));
        Assert.Equal(["groupChat", "personal", "team"],
            lists.SelectMany(l => l!["scopes"]!.AsArray()).Select(s => (string)s!).Order(StringComparer.Ordinal));
    }

    /// <summary>People may type with or without accents, in any case: compare the way the bot does.</summary>
    private static string Normalize(string command) =>
        new(command.Normalize(NormalizationForm.FormD)
            .Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            .Select(char.ToLowerInvariant).ToArray());

}
