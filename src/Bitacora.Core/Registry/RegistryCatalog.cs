using System.Text.Json;
using System.Text.Json.Serialization;
using Bitacora.Bot.Registry.Identifiers;

namespace Bitacora.Bot.Registry;

public sealed record CatalogEntry(string Id, string Label);

public sealed record Region(string Code, string Roman, string ShortName, string Name);

/// <summary>
/// The fixed lists of the JUNJI territory background (9 programmes/modalities, the disciplines of the team,
/// directive roles) and Chile's regions, read from Content/Registry/catalog.json. Ids are stable storage keys;
/// labels are Spanish and may be corrected in the file without touching code.
/// </summary>
public sealed class RegistryCatalog
{
    public const string RelativePath = "Content/Registry/catalog.json";

    private RegistryCatalog(IReadOnlyList<CatalogEntry> programmes, IReadOnlyList<CatalogEntry> disciplines,
        IReadOnlyList<CatalogEntry> directiveRoles, IReadOnlyList<Region> regions)
    {
        Programmes = programmes;
        Disciplines = disciplines;
        DirectiveRoles = directiveRoles;
        Regions = regions;
    }

    public IReadOnlyList<CatalogEntry> Programmes { get; }
    public IReadOnlyList<CatalogEntry> Disciplines { get; }
    public IReadOnlyList<CatalogEntry> DirectiveRoles { get; }
    public IReadOnlyList<Region> Regions { get; }

    /// <summary>Loads the catalog copied next to the binaries.</summary>
    public static RegistryCatalog LoadDefault() =>
        Load(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, RelativePath)));

    /// <summary>Parses and validates the catalog; throws <see cref="InvalidDataException"/> naming the problem.</summary>
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public static RegistryCatalog Load(string json)
    {
        var file = JsonSerializer.Deserialize<CatalogFile>(json, JsonOptions)
                   ?? throw new InvalidDataException("Registry catalog is empty.");
        var programmes = Check("programmes", file.Programmes, 9);
        var disciplines = Check("disciplines", file.Disciplines, 1);
        var roles = Check("directiveRoles", file.DirectiveRoles, 1);
        var regions = file.Regions ?? [];
        if (regions.Count == 0 || regions.Any(r => string.IsNullOrWhiteSpace(r.Code) || string.IsNullOrWhiteSpace(r.Name))
            || regions.Select(r => r.Code).Distinct(StringComparer.Ordinal).Count() != regions.Count
            || regions.Any(r => !r.Code.All(char.IsAsciiDigit)))
        {
            throw new InvalidDataException("Registry catalog: regions need unique numeric codes and names.");
        }
        return new RegistryCatalog(programmes, disciplines, roles, regions);
    }

    private static IReadOnlyList<CatalogEntry> Check(string name, List<CatalogEntry>? entries, int minimum)
    {
        entries ??= [];
        if (entries.Count < minimum)
        {
            throw new InvalidDataException($"Registry catalog: '{name}' needs at least {minimum} entries.");
        }
        foreach (var e in entries)
        {
            if (string.IsNullOrWhiteSpace(e.Id) || !e.Id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_')
                || string.IsNullOrWhiteSpace(e.Label))
            {
                throw new InvalidDataException($"Registry catalog: '{name}' has an entry without a valid id (a-z, 0-9, _) or label: '{e.Id}'.");
            }
        }
        if (entries.Select(e => e.Id).Distinct(StringComparer.Ordinal).Count() != entries.Count)
        {
            throw new InvalidDataException($"Registry catalog: '{name}' has duplicate ids.");
        }
        return entries;
    }

    /// <summary>A region by code ("16", "7" or "07"), roman numeral ("XVI"), short or full name, ignoring case and accents.</summary>
    public Region? FindRegion(string? text)
    {
        var key = TextMatching.MatchKey(text);
        if (key.Length == 0)
        {
            return null;
        }
        if (key.All(char.IsAsciiDigit))
        {
            var padded = key.TrimStart('0').PadLeft(2, '0');
            return Regions.FirstOrDefault(r => r.Code == padded);
        }
        return Regions.FirstOrDefault(r =>
            TextMatching.MatchKey(r.Roman) == key || TextMatching.MatchKey(r.ShortName) == key
            || TextMatching.MatchKey(r.Name) == key);
    }

    public Region? RegionByCode(string code) => Regions.FirstOrDefault(r => r.Code == code);

    /// <summary>A programme by id or by its Spanish label (case/accent-insensitive).</summary>
    public CatalogEntry? FindProgramme(string? text) => Find(Programmes, text);

    public CatalogEntry? FindDiscipline(string? text) => Find(Disciplines, text);

    public CatalogEntry? FindDirectiveRole(string? text) => Find(DirectiveRoles, text);

    private static CatalogEntry? Find(IReadOnlyList<CatalogEntry> entries, string? text)
    {
        var key = TextMatching.MatchKey(text);
        return key.Length == 0
            ? null
            : entries.FirstOrDefault(e => e.Id == key || TextMatching.MatchKey(e.Label) == key);
    }

    private sealed record CatalogFile(
        [property: JsonPropertyName("programmes")] List<CatalogEntry>? Programmes,
        [property: JsonPropertyName("disciplines")] List<CatalogEntry>? Disciplines,
        [property: JsonPropertyName("directiveRoles")] List<CatalogEntry>? DirectiveRoles,
        [property: JsonPropertyName("regions")] List<Region>? Regions);
}
