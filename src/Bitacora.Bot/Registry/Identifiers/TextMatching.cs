using System.Globalization;
using System.Text;

namespace Bitacora.Bot.Registry.Identifiers;

/// <summary>
/// Names are stored exactly as written ("Ñiquén", "Región de Ñuble"); comparisons fold case and accents so
/// an operator typing "niquen" or "REGION DE NUBLE" still matches.
/// </summary>
public static class TextMatching
{
    /// <summary>A key for comparisons: accents removed (ñ → n), lower-case invariant, inner spaces collapsed, trimmed.</summary>
    public static string MatchKey(string? value) => Fold(value, wordsOnly: false);

    /// <summary>
    /// <see cref="MatchKey"/> with every character that is not a letter or a digit (¿?¡!.,-_/) read as a space: what a
    /// person typed as a command ("¡Iniciar Sesión!" → "iniciar sesion").
    /// </summary>
    public static string WordsKey(string? value) => Fold(value, wordsOnly: true);

    /// <summary>The one accent-and-case folding of the bot (names, guests, commands, searches).</summary>
    private static string Fold(string? value, bool wordsOnly)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "";
        }
        var decomposed = value.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        var pendingSpace = false;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            if (char.IsWhiteSpace(c) || (wordsOnly && !char.IsLetterOrDigit(c)))
            {
                pendingSpace = true;
                continue;
            }
            if (pendingSpace && sb.Length > 0)
            {
                sb.Append(' ');
            }
            pendingSpace = false;
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }

    /// <summary>Whether every word of <paramref name="query"/> appears in <paramref name="text"/>, accents and case ignored.</summary>
    public static bool ContainsAllWords(string? text, string? query)
    {
        var key = MatchKey(text);
        return MatchKey(query).Split(' ', StringSplitOptions.RemoveEmptyEntries).All(w => key.Contains(w, StringComparison.Ordinal));
    }

    public static bool SameName(string? a, string? b) => MatchKey(a) == MatchKey(b);

    /// <summary>Trims, collapses inner whitespace and puts the text in Unicode NFC, keeping case and accents.</summary>
    public static string Tidy(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "";
        }
        var parts = value.Normalize(NormalizationForm.FormC)
            .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return string.Join(' ', parts);
    }
}
