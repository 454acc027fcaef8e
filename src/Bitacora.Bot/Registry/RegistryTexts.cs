using System.Text;
using System.Text.Json;

namespace Bitacora.Bot.Registry;

/// <summary>
/// The Spanish (es-CL) messages of the registry — import errors, refusals — read from
/// Content/Registry/texts.es-CL.json. Placeholders are named: "Línea {line}: …".
/// </summary>
public sealed class RegistryTexts
{
    public const string RelativePath = "Content/Registry/texts.es-CL.json";

    private readonly IReadOnlyDictionary<string, string> _texts;

    private RegistryTexts(IReadOnlyDictionary<string, string> texts) => _texts = texts;

    public IReadOnlyCollection<string> Keys => (IReadOnlyCollection<string>)_texts.Keys;

    public static RegistryTexts LoadDefault() =>
        Load(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, RelativePath)));

    /// <summary>Parses the file and checks every key the code uses (<see cref="RegistryTextKeys.All"/>) is present.</summary>
    public static RegistryTexts Load(string json)
    {
        var texts = JsonSerializer.Deserialize<Dictionary<string, string>>(json)
                    ?? throw new InvalidDataException("Registry texts file is empty.");
        texts.Remove("$comment");
        var missing = RegistryTextKeys.All.Where(k => !texts.TryGetValue(k, out var v) || string.IsNullOrWhiteSpace(v)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidDataException("Registry texts file lacks: " + string.Join(", ", missing));
        }
        return new RegistryTexts(texts);
    }

    /// <summary>Fails naming the keys a feature built on the registry needs and the file lacks (checked at start-up).</summary>
    public void EnsureContains(IEnumerable<string> keys, string owner)
    {
        var missing = keys.Where(k => !_texts.TryGetValue(k, out var v) || string.IsNullOrWhiteSpace(v)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidDataException($"{RelativePath} lacks the keys {owner} uses: " + string.Join(", ", missing));
        }
    }

    /// <summary>The text for <paramref name="key"/> with each {name} replaced by the matching argument.</summary>
    public string Format(string key, params (string Name, object? Value)[] args)
    {
        if (!_texts.TryGetValue(key, out var template))
        {
            throw new KeyNotFoundException($"Registry text '{key}' is missing.");
        }
        var sb = new StringBuilder(template);
        foreach (var (name, value) in args)
        {
            sb.Replace("{" + name + "}", Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }
}
