using System.Globalization;
using Bitacora.Bot.Texts;

namespace Bitacora.Cli;

/// <summary>
/// Everything the CLI writes for operators, in Spanish (Chile): Content/Texts/cli.es-CL.json next to the binaries,
/// read with the bot's <see cref="TextCatalog"/> (placeholders {0}, {1}…).
/// </summary>
public sealed class CliTexts(TextCatalog catalog)
{
    public static readonly CultureInfo Culture = TextCatalog.Culture;

    private static readonly Lazy<CliTexts> Loaded = new(() =>
        new CliTexts(TextCatalog.Load(Path.Combine(AppContext.BaseDirectory, "Content", "Texts", "cli.es-CL.json"))));

    public static CliTexts Default => Loaded.Value;

    public IEnumerable<string> Keys => catalog.Keys;

    public string this[string key] => catalog[key];

    public string? TryGet(string key) => catalog.Keys.Contains(key, StringComparer.Ordinal) ? catalog[key] : null;

    public string Format(string key, params object?[] args) => catalog.Format(key, args);
}
