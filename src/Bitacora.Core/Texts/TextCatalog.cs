using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Bitacora.Bot.Texts;

/// <summary>
/// The one text catalog: the Spanish (Chile) texts of one file in Content/Texts/ (each feature has its own file and a
/// small subclass naming its keys — see Texts/README.md). A text is a string with positional ("{0}") or named
/// ("{line}") placeholders, or a plural object {"one": …, "other": …}. Values are formatted in es-CL. Missing keys
/// and broken placeholders are a start-up error, not a blank message in front of a user.
/// </summary>
public partial class TextCatalog
{
    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("es-CL");

    private readonly IReadOnlyDictionary<string, Text> _texts;

    public TextCatalog(IReadOnlyDictionary<string, string> texts, string source = "texts")
        : this(texts.ToDictionary(p => p.Key, p => new Text(p.Value, null), StringComparer.Ordinal), source)
    {
    }

    /// <summary>A feature's catalog over an already loaded (and checked) one: <c>class XTexts(TextCatalog c) : TextCatalog(c)</c>.</summary>
    protected TextCatalog(TextCatalog loaded)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        _texts = loaded._texts;
        Source = loaded.Source;
    }

    private TextCatalog(IReadOnlyDictionary<string, Text> texts, string source)
    {
        _texts = texts;
        Source = source;
    }

    /// <summary>Where the texts came from ("Texts/sessions.es-CL.json"), for error messages.</summary>
    public string Source { get; }

    public IEnumerable<string> Keys => _texts.Keys;

    public bool Contains(string key) => _texts.ContainsKey(key);

    /// <summary>Reads one texts file and checks every text's placeholders.</summary>
    public static TextCatalog LoadFile(string path) =>
        Parse(File.ReadAllText(path), "Texts/" + Path.GetFileName(path));

    /// <summary>
    /// Reads <paramref name="fileName"/> from the texts folder and fails naming the file unless every key in
    /// <paramref name="requiredKeys"/> is there. Feature catalogs call it from their <c>Load</c>.
    /// </summary>
    public static TextCatalog Load(string textsFolder, string fileName, IEnumerable<string> requiredKeys)
    {
        var catalog = LoadFile(Path.Combine(textsFolder, fileName));
        catalog.EnsureContains(requiredKeys, catalog.Source);
        return catalog;
    }

    /// <summary>Parses the JSON of a texts file; keys starting with '$' are comments.</summary>
    public static TextCatalog Parse(string json, string source)
    {
        using var document = JsonDocument.Parse(json);
        var texts = new Dictionary<string, Text>(StringComparer.Ordinal);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (property.Name.StartsWith('$'))
            {
                continue;
            }
            var text = property.Value.ValueKind switch
            {
                JsonValueKind.String => new Text(NonEmpty(property.Value.GetString(), source, property.Name), null),
                JsonValueKind.Object => new Text(
                    NonEmpty(Form(property.Value, "other"), source, property.Name + ".other"),
                    NonEmpty(Form(property.Value, "one"), source, property.Name + ".one")),
                _ => throw new InvalidDataException($"{source}: text '{property.Name}' must be a string or {{\"one\": …, \"other\": …}}."),
            };
            CheckPlaceholders(text.Other, source, property.Name);
            if (text.One is not null)
            {
                CheckPlaceholders(text.One, source, property.Name);
            }
            texts[property.Name] = text;
        }
        return new TextCatalog(texts, source);
    }

    /// <summary>Fails unless every key in <paramref name="requiredKeys"/> is present.</summary>
    public void EnsureContains(IEnumerable<string> requiredKeys, string source)
    {
        var missing = requiredKeys.Where(k => !_texts.ContainsKey(k)).Distinct(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidDataException($"{source}: missing texts: {string.Join(", ", missing)}");
        }
    }

    public string this[string key] => Entry(key).Other;

    /// <summary>A text without arguments ("{{" in a numbered text reads "{").</summary>
    public string Format(string key)
    {
        var text = this[key];
        return NamedPlaceholder().IsMatch(text) ? text : string.Format(Culture, text);
    }

    /// <summary>The text with its positional placeholders ({0}, {1:N0}…) filled, in es-CL.</summary>
    public string Format(string key, params object?[] args) => string.Format(Culture, this[key], args);

    /// <summary>The text with its named placeholders ({line}, {count:N0}…) filled, in es-CL.</summary>
    public string Format(string key, params (string Name, object? Value)[] args) => FillNamed(this[key], args);

    /// <summary>A <see cref="TextRef"/>: arguments that are themselves references are formatted first.</summary>
    public string Format(TextRef text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Format(text.Key, [.. text.Args.Select(a => a is TextRef inner ? Format(inner) : a)]);
    }

    /// <summary>The plural form for <paramref name="count"/> with the count as {0} or {count}.</summary>
    public string Plural(string key, long count)
    {
        var form = PluralForm(key, count);
        return NamedPlaceholder().IsMatch(form) ? FillNamed(form, [("count", count)]) : string.Format(Culture, form, count);
    }

    /// <summary>
    /// The "one" or "other" form of a plural text for <paramref name="count"/> (Spanish: "one" for exactly 1),
    /// filled with <paramref name="args"/> (the count is passed among them where the text shows it).
    /// </summary>
    public string Plural(string key, long count, params object?[] args) =>
        string.Format(Culture, PluralForm(key, count), args);

    /// <summary>Plural with named placeholders; {count} is filled with <paramref name="count"/>.</summary>
    public string Plural(string key, long count, params (string Name, object? Value)[] args) =>
        FillNamed(PluralForm(key, count), [("count", count), .. args]);

    /// <summary>The string constants a catalog or key class declares (its keys; "FileName" excepted).</summary>
    public static IEnumerable<string> ConstantsOf(Type type) =>
        type.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string) && f.Name != "FileName")
            .Select(f => (string)f.GetRawConstantValue()!);

    private string PluralForm(string key, long count)
    {
        var text = Entry(key);
        return count == 1 && text.One is not null ? text.One : text.Other;
    }

    private Text Entry(string key) => _texts.TryGetValue(key, out var text)
        ? text
        : throw new KeyNotFoundException($"No text '{key}' in {Source}.");

    private static string FillNamed(string template, (string Name, object? Value)[] args) =>
        NamedPlaceholder().Replace(template, m =>
        {
            var name = m.Groups["name"].Value;
            foreach (var (argName, value) in args)
            {
                if (string.Equals(argName, name, StringComparison.Ordinal))
                {
                    return value is IFormattable formattable
                        ? formattable.ToString(m.Groups["format"].Success ? m.Groups["format"].Value : null, Culture)
                        : Convert.ToString(value, Culture) ?? "";
                }
            }
            return m.Value;
        });

    private static string? Form(JsonElement plural, string form) =>
        plural.TryGetProperty(form, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string NonEmpty(string? text, string source, string key) =>
        string.IsNullOrWhiteSpace(text) ? throw new InvalidDataException($"{source}: text '{key}' must be a non-empty string.") : text;

    /// <summary>
    /// A text uses named placeholders or positional ones, not both; positional ones must be a valid format string
    /// (a "{0" typo would otherwise throw in front of a user).
    /// </summary>
    private static void CheckPlaceholders(string text, string source, string key)
    {
        if (NamedPlaceholder().IsMatch(text))
        {
            if (PositionalPlaceholder().IsMatch(text))
            {
                throw new InvalidDataException($"{source}: text '{key}' mixes named and numbered placeholders.");
            }
            return;
        }
        try
        {
            _ = string.Format(Culture, text, "a", "b", "c", "d", "e", "f", "g", "h");
        }
        catch (FormatException e)
        {
            throw new InvalidDataException($"{source}: text '{key}' is not a valid format string: {e.Message}", e);
        }
    }

    [GeneratedRegex(@"\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?::(?<format>[^}]*))?\}")]
    private static partial Regex NamedPlaceholder();

    [GeneratedRegex(@"\{\d+(?:[,:][^}]*)?\}")]
    private static partial Regex PositionalPlaceholder();

    private sealed record Text(string Other, string? One);
}
