using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Bitacora.Bot.Texts;
using Bitacora.BotFramework;

namespace Bitacora.Bot.Hosting;

/// <summary>
/// Every typed text and card value is made storable before any feature sees it: NUL and other control characters
/// (except tab and line breaks) and bidirectional overrides/isolates (U+202A–U+202E, U+2066–U+2069, which can
/// disguise text) are removed, lone surrogates become U+FFFD, and the text is normalised to NFC. The person is told
/// in Spanish when something was changed. A single value longer than <see cref="MaxValueLength"/> (Table Storage
/// holds 32 K characters per property) is refused with a Spanish message before anything is stored.
/// </summary>
public sealed class InputHygieneMiddleware(TextCatalog texts, ILogger<InputHygieneMiddleware> logger) : ITurnMiddleware
{
    public const int MaxValueLength = 30_000;

    public async Task OnTurnAsync(ITurnContext turn, Func<CancellationToken, Task> next, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;
        if (!activity.IsType(ActivityTypes.Message) && !activity.IsType(ActivityTypes.Invoke))
        {
            await next(cancellationToken);
            return;
        }

        var changed = false;
        var tooLong = false;
        if (activity.Text is { } text)
        {
            tooLong |= text.Length > MaxValueLength;
            var clean = Clean(text);
            changed |= clean != text;
            activity.Text = clean;
        }
        if (activity.Value is { } value) activity.Value = CleanNode(value, ref changed, ref tooLong);

        if (tooLong)
        {
            logger.LogInformation("Refused activity {ActivityId}: a value is longer than {Max} characters", activity.Id, MaxValueLength);
            var refusal = texts.Format(TextKeys.InputTooLong, MaxValueLength.ToString("N0", CultureInfo.GetCultureInfo("es-CL")));
            if (activity.IsType(ActivityTypes.Invoke))
                turn.InvokeResponse = new InvokeResponse(200, AdaptiveCardInvokeResponse.Message(refusal));
            else
                await turn.SendTextAsync(refusal, cancellationToken);
            return;
        }

        if (changed)
        {
            logger.LogInformation("Activity {ActivityId}: control, bidirectional or invalid characters removed", activity.Id);
            await turn.SendTextAsync(texts[TextKeys.InputNormalized], cancellationToken);
        }
        await next(cancellationToken);
    }

    private static JsonNode? CleanNode(JsonNode? node, ref bool changed, ref bool tooLong)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    var child = obj[key];
                    var cleaned = CleanNode(child, ref changed, ref tooLong);
                    if (!ReferenceEquals(child, cleaned)) obj[key] = cleaned;
                }
                return obj;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var child = array[i];
                    var cleaned = CleanNode(child, ref changed, ref tooLong);
                    if (!ReferenceEquals(child, cleaned)) array[i] = cleaned;
                }
                return array;
            case JsonValue v when v.TryGetValue<string>(out var s):
                tooLong |= s.Length > MaxValueLength;
                var clean = Clean(s);
                if (clean == s) return node;
                changed = true;
                return JsonValue.Create(clean);
            default:
                return node;
        }
    }

    /// <summary>The storable form of <paramref name="text"/> (see the class summary).</summary>
    public static string Clean(string text)
    {
        StringBuilder? sb = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            string? replacement = null;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb?.Append(c).Append(text[i + 1]);
                i++;
                continue;
            }
            if (char.IsSurrogate(c)) replacement = "\uFFFD";
            else if ((char.IsControl(c) && c is not ('\t' or '\n' or '\r')) || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069')
                replacement = "";

            if (replacement is not null)
            {
                sb ??= new StringBuilder(text, 0, i, text.Length);
                sb.Append(replacement);
            }
            else
            {
                sb?.Append(c);
            }
        }
        var result = sb?.ToString() ?? text;
        return result.IsNormalized(NormalizationForm.FormC) ? result : result.Normalize(NormalizationForm.FormC);
    }
}
