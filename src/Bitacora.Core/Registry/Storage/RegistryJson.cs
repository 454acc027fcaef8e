using System.Text.Encodings.Web;
using System.Text.Json;

namespace Bitacora.Bot.Registry.Storage;

/// <summary>JSON for list-valued properties: deterministic (sorted maps), accents kept readable.</summary>
internal static class RegistryJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static string? Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static string? WriteList(IReadOnlyCollection<string> values) => values.Count == 0 ? null : Write(values);

    public static IReadOnlyList<string> ReadList(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<List<string>>(json, Options) ?? [];

    public static string? WriteMap<T>(IReadOnlyDictionary<string, T> map, Func<T, bool> keep)
    {
        var sorted = new SortedDictionary<string, T>(StringComparer.Ordinal);
        foreach (var (k, v) in map)
        {
            if (keep(v))
            {
                sorted[k] = v;
            }
        }
        return sorted.Count == 0 ? null : Write(sorted);
    }

    public static Dictionary<string, T> ReadMap<T>(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<Dictionary<string, T>>(json, Options) ?? [];

    public static T? Read<T>(string? json) => string.IsNullOrEmpty(json) ? default : JsonSerializer.Deserialize<T>(json, Options);
}
