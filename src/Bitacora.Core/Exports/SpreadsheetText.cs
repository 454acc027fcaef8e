using System.Text;

namespace Bitacora.Bot.Exports;

/// <summary>Text cell rules both writers share: formula neutralising and characters a file cannot hold.</summary>
public static class SpreadsheetText
{
    /// <summary>Excel's limit for the characters of one cell.</summary>
    public const int MaxCellLength = 32_767;

    /// <summary>
    /// True when a spreadsheet would read the text as a formula (OWASP "CSV injection"): it starts with = + - @, a tab or
    /// a carriage return. Such texts come from people (unit names, commitments, Teams display names).
    /// </summary>
    public static bool LooksLikeFormula(string text) => text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r';

    /// <summary>
    /// Removes what XML 1.0 cannot carry (control characters other than tab / line breaks, lone surrogates, U+FFFE/F)
    /// and cuts at <see cref="MaxCellLength"/>.
    /// </summary>
    public static string Clean(string text)
    {
        StringBuilder? sb = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var ok = c is '\t' or '\n' or '\r' || (c >= 0x20 && c < 0xD800) || (c > 0xDFFF && c < 0xFFFE);
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb?.Append(c).Append(text[i + 1]);
                i++;
                continue;
            }
            if (ok)
            {
                sb?.Append(c);
            }
            else
            {
                sb ??= new StringBuilder(text, 0, i, text.Length);
            }
        }
        var clean = sb?.ToString() ?? text;
        if (clean.Length > MaxCellLength)
        {
            clean = clean[..MaxCellLength];
            if (char.IsHighSurrogate(clean[^1]))
            {
                clean = clean[..^1];
            }
        }
        return clean;
    }
}
