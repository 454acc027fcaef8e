using System.Globalization;
using System.Text;

namespace Bitacora.Bot.Registry.Identifiers;

/// <summary>
/// Names are stored exactly as written ("Ñiquén", "Región de Ñuble"); comparisons fold case and accents so
/// an operator typing "niquen" or "REGION DE NUBLE" still matches.
/// </summary>
public static class TextMatching
{
    /// <summary>A key for comparisons: accents removed (ñ → n), lower-case invariant, inner spaces collapsed.</summary>
    public static string MatchKey(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "";
        }
        var decomposed = value.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        var lastWasSpace = false;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            if (char.IsWhiteSpace(c))
            {
                if (!lastWasSpace && sb.Length > 0)
                {
                    sb.Append(' ');
                }
                lastWasSpace = true;
                continue;
            }
            lastWasSpace = false;
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString().TrimEnd();
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
