using Bitacora.Bot.Texts;

namespace Bitacora.Bot.Coordination;

/// <summary>The chat texts of the coordination commands and the semester summary (Content/Texts/coordination.es-CL.json).</summary>
public sealed class CoordinationTexts(TextCatalog catalog)
{
    public const string FileName = "coordination.es-CL.json";

    public const string FilterExamples = "filter.examples";
    public const string BadTerritory = "filter.badTerritory";
    public const string BadRegion = "filter.badRegion";
    public const string BadUnit = "filter.badUnit";
    public const string BadPeriod = "filter.badPeriod";
    public const string UnknownFilter = "filter.unknown";
    public const string TooManyScopes = "filter.tooManyScopes";
    public const string UnknownTerritory = "scope.unknownTerritory";
    public const string UnknownRegion = "scope.unknownRegion";
    public const string UnknownUnit = "scope.unknownUnit";
    public const string NoDefaultScope = "scope.noDefault";
    public const string MoreItems = "list.more";
    public const string NarrowHint = "list.narrowHint";
    public const string PendingEmpty = "pending.empty";
    public const string OverdueEmpty = "overdue.empty";
    public const string ParticipationEmpty = "participation.empty";
    public const string ExportCli = "export.cli";
    public const string ExportTruncated = "export.truncated";
    public const string SummaryNoUnit = "summary.noUnit";

    public static IEnumerable<string> AllKeys =>
        typeof(CoordinationTexts).GetFields().Where(f => f.IsLiteral && f.Name != nameof(FileName)).Select(f => (string)f.GetRawConstantValue()!);

    public static CoordinationTexts Load(string textsFolder)
    {
        var path = Path.Combine(textsFolder, FileName);
        var catalog = TextCatalog.Load(path);
        catalog.EnsureContains(AllKeys, "Texts/" + FileName);
        return new CoordinationTexts(catalog);
    }

    public string this[string key] => catalog[key];

    public string Format(string key, params object?[] args) => catalog.Format(key, args);
}
