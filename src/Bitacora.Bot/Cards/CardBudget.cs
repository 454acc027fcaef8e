using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bitacora.Bot.Cards;

/// <summary>
/// How big a card may be, measured as Teams measures a bot message: the whole activity encoded as UTF-16 (two bytes
/// per JSON character). Teams refuses a message above ≈ 100 KB with 413 MessageSizeTooBig and recommends staying
/// within 80 KB; older guidance said 40 KB. Our cards are designed to stay within <see cref="DesignBytes"/> and are
/// never sent above <see cref="MaxBytes"/> (see Sessions/Flow/README.md, "Card budget").
/// </summary>
public static class CardBudget
{
    /// <summary>What a card is designed to fit: cards that would grow past it degrade (previews, «Ver completo»).</summary>
    public const int DesignBytes = 40 * 1024;

    /// <summary>The hard ceiling: a card above it is never sent (Teams' recommended maximum for a bot message).</summary>
    public const int MaxBytes = 80 * 1024;

    /// <summary>
    /// Characters the activity around a card adds (type, ids of conversation, sender and recipient, serviceUrl,
    /// replyToId, the attachment wrapper). A Teams activity envelope is ≈ 600 characters; checked by a test.
    /// </summary>
    public const int EnvelopeChars = 1024;

    private static readonly JsonSerializerOptions Unescaped = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // A buffer kept per thread for measuring (cards are measured several times while they degrade); above this it is
    // dropped after use, so one huge draft does not stay in memory.
    private const int KeptBufferBytes = 256 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>UTF-16 bytes of the activity that carries <paramref name="card"/> (card JSON + envelope allowance).</summary>
    public static int Measure(JsonNode card) => 2 * (Utf16Length(card) + EnvelopeChars);

    /// <summary>UTF-16 bytes of any JSON (e.g. a whole activity).</summary>
    public static int MeasureJson(JsonNode json) => 2 * Utf16Length(json);

    /// <summary>
    /// <c>json.ToJsonString(Unescaped).Length</c> without making the string: the same JSON written as UTF-8 into a
    /// reused buffer, its UTF-16 characters counted (a card read back from JSON is written from its bytes, not walked).
    /// </summary>
    private static int Utf16Length(JsonNode json)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(16 * 1024);
        var writer = t_writer ??= new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Unescaped.Encoder });
        try
        {
            writer.Reset(buffer);
            json.WriteTo(writer, Unescaped);
            writer.Flush();
            return Encoding.UTF8.GetCharCount(buffer.WrittenSpan);
        }
        finally
        {
            if (buffer.Capacity > KeptBufferBytes)
            {
                t_buffer = null;
                t_writer = null;
            }
            else
            {
                buffer.ResetWrittenCount();
            }
        }
    }

    public static bool FitsDesign(JsonNode card) => Measure(card) <= DesignBytes;

    /// <summary>Throws <see cref="CardTooLargeException"/> when the card could not be delivered by Teams.</summary>
    public static void EnsureDeliverable(string template, JsonNode card)
    {
        var size = Measure(card);
        if (size > MaxBytes)
        {
            throw new CardTooLargeException(template, size);
        }
    }
}

/// <summary>A card would exceed <see cref="CardBudget.MaxBytes"/>: it is not sent (Teams would answer 413).</summary>
public sealed class CardTooLargeException(string template, int bytes)
    : Exception($"Card '{template}' is {bytes} bytes as Teams counts them (UTF-16, with the activity); the ceiling is {CardBudget.MaxBytes}.")
{
    public string Template { get; } = template;
    public int Bytes { get; } = bytes;
}
