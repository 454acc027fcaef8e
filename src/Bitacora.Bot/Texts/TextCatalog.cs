using System.Globalization;
using System.Text.Json;

namespace Bitacora.Bot.Texts;

/// <summary>
/// The Spanish (Chile) texts the bot writes in chat, read from Content/Texts/es-CL.json.
/// Missing keys are a start-up error, not a blank message in front of a user.
/// </summary>
public sealed class TextCatalog
{
    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("es-CL");

    private readonly IReadOnlyDictionary<string, string> _texts;

    public TextCatalog(IReadOnlyDictionary<string, string> texts) => _texts = texts;

    public IEnumerable<string> Keys => _texts.Keys;

    public static TextCatalog Load(string path)
    {
        using var stream = File.OpenRead(path);
        using var document = JsonDocument.Parse(stream);
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (property.Name.StartsWith('$'))
            {
                continue;
            }
            if (property.Value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(property.Value.GetString()))
            {
                throw new InvalidDataException($"{path}: text '{property.Name}' must be a non-empty string.");
            }
            texts[property.Name] = property.Value.GetString()!;
        }
        return new TextCatalog(texts);
    }

    /// <summary>Fails unless every key in <paramref name="requiredKeys"/> is present.</summary>
    public void EnsureContains(IEnumerable<string> requiredKeys, string source)
    {
        var missing = requiredKeys.Where(k => !_texts.ContainsKey(k)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidDataException($"{source}: missing texts: {string.Join(", ", missing)}");
        }
    }

    public string this[string key] => _texts.TryGetValue(key, out var text)
        ? text
        : throw new KeyNotFoundException($"No text '{key}' in the catalog.");

    public string Format(string key, params object?[] args) => string.Format(Culture, this[key], args);

    public string Format(TextRef text) =>
        Format(text.Key, [.. text.Args.Select(a => a is TextRef inner ? Format(inner) : a)]);
}
