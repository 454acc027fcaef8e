using Bitacora.Bot.Texts;

namespace Bitacora.Cli;

/// <summary>
/// Everything the CLI writes for operators, in Spanish (Chile): Content/Texts/cli.es-CL.json next to the binaries,
/// read with the bot's one <see cref="TextCatalog"/> (placeholders {0}, {1}…).
/// </summary>
public sealed class CliTexts(TextCatalog catalog) : TextCatalog(catalog)
{
    private static readonly Lazy<CliTexts> Loaded = new(() =>
        new CliTexts(TextCatalog.LoadFile(Path.Combine(AppContext.BaseDirectory, "Content", "Texts", "cli.es-CL.json"))));

    public static CliTexts Default => Loaded.Value;

    public string? TryGet(string key) => Contains(key) ? this[key] : null;
}
