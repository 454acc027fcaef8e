using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bitacora.BotFramework;

/// <summary>The JSON conventions of the Bot Framework wire format: camelCase, nulls omitted, lenient on input.</summary>
public static class BotJson
{
    /// <summary>Shared, read-only options (frozen on first use, so safe to share across threads).</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            PropertyNameCaseInsensitive = true,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T? Deserialize<T>(string json) => JsonSerializer.Deserialize<T>(json, Options);
}
