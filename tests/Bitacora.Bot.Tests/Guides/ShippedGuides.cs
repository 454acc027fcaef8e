using System.Globalization;
using System.Text;
using Bitacora.Bot.Guides;
using Bitacora.Testing;

namespace Bitacora.Bot.Tests.Guides;

/// <summary>The guide files as shipped (the source folder, so a test never reads a stale copy).</summary>
internal static class ShippedGuides
{
    public static string Folder => RepoPaths.Combine("src", "Bitacora.Bot", "Content", "Guides");

    private static readonly Lazy<GuideCatalog> CatalogLazy = new(() => GuideCatalog.Load(Folder));

    public static GuideCatalog Catalog => CatalogLazy.Value;

    public static Guide Dep => Catalog.Get("dep-ejecucion-evaluacion");

    public static Guide Junji => Catalog.Get("junji-bitacora-ett");

    /// <summary>Lowercase, no accents, letters and digits separated by single spaces: typography-proof comparison.</summary>
    public static string Normalize(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        var lastWasSpace = true;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            if (char.IsLetterOrDigit(c))
            {
                sb.Append(char.ToLowerInvariant(c));
                lastWasSpace = false;
            }
            else if (!lastWasSpace)
            {
                sb.Append(' ');
                lastWasSpace = true;
            }
        }
        return sb.ToString().TrimEnd();
    }
}
