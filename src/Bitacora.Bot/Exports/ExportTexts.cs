using Bitacora.Bot.Sessions;
using Bitacora.Bot.Texts;

namespace Bitacora.Bot.Exports;

/// <summary>Sheet names, column headers and delivery texts of the exports (Content/Texts/exports.es-CL.json).</summary>
public sealed class ExportTexts(TextCatalog catalog)
{
    public const string FileName = "exports.es-CL.json";

    public static IReadOnlyList<string> RequiredKeys { get; } =
    [
        "sheet.commitments", "sheet.history", "sheet.forceMajeure", "sheet.answers", "sheet.participation", "sheet.rubric",
        "file.commitments", "file.answers", "file.participation", "file.rubric", "file.all",
        "delivery.description", "delivery.sheetRows", "delivery.csvOthers", "delivery.empty",
        "attendance.present", "attendance.absent", "attendance.teamsMeeting",
        .. Enum.GetNames<SessionStatus>().Select(n => "session." + n),
        .. Enum.GetNames<Commitments.ForceMajeureDecision>().Select(n => "forceMajeureDecision." + n),
    ];

    public static ExportTexts Load(string textsFolder)
    {
        var catalog = TextCatalog.Load(Path.Combine(textsFolder, FileName));
        catalog.EnsureContains(RequiredKeys, "Texts/" + FileName);
        var texts = new ExportTexts(catalog);
        // Every header the sheet builders use must exist: build the column lists once to find out at start-up.
        _ = ExportColumns.All(texts);
        return texts;
    }

    public string this[string key] => catalog[key];

    public string Format(string key, params object?[] args) => catalog.Format(key, args);

    public string Column(string key) => catalog["col." + key];

    public string SessionStatus(SessionStatus status) => catalog["session." + status];
}
