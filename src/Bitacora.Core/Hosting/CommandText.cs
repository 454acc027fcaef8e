using System.Globalization;
using System.Text;

namespace Bitacora.Bot.Hosting;

/// <summary>
/// What a person typed, reduced to a comparable form: people write "Iniciar Sesion", "iniciar sesión!" or
/// "PARTICIPACIÓN" and all must reach the same command.
/// </summary>
public static class CommandText
{
    public static string Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        var pendingSpace = false;
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            if (char.IsLetterOrDigit(c))
            {
                if (pendingSpace && sb.Length > 0)
                {
                    sb.Append(' ');
                }
                pendingSpace = false;
                sb.Append(char.ToLowerInvariant(c));
            }
            else if (char.IsWhiteSpace(c) || c is '-' or '_' or '/')
            {
                pendingSpace = true;
            }
            else
            {
                // Punctuation (¿?¡!.,) separates words but is not part of a command.
                pendingSpace = true;
            }
        }
        return sb.ToString();
    }
}
