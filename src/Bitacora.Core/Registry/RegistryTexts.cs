using Bitacora.Bot.Texts;

namespace Bitacora.Bot.Registry;

/// <summary>
/// The Spanish (es-CL) messages of the registry — import errors, refusals, the profile — read from
/// Content/Texts/registry.es-CL.json with the one <see cref="TextCatalog"/>. Placeholders are named: "Línea {line}: …".
/// </summary>
public sealed class RegistryTexts(TextCatalog catalog) : TextCatalog(catalog)
{
    public const string FileName = "registry.es-CL.json";

    public const string RelativePath = "Content/Texts/" + FileName;

    public static RegistryTexts LoadDefault() =>
        Load(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, RelativePath)));

    /// <summary>Parses the file and checks every key the code uses (<see cref="RegistryTextKeys.All"/>) is present.</summary>
    public static RegistryTexts Load(string json)
    {
        var catalog = Parse(json, "Texts/" + FileName);
        catalog.EnsureContains(RegistryTextKeys.All, catalog.Source);
        return new RegistryTexts(catalog);
    }
}
