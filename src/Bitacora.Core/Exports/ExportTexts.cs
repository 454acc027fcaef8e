using Bitacora.Bot.Sessions;
using Bitacora.Bot.Texts;

namespace Bitacora.Bot.Exports;

/// <summary>Sheet names, column headers and delivery texts of the exports (Content/Texts/exports.es-CL.json).</summary>
public sealed class ExportTexts(TextCatalog catalog) : TextCatalog(catalog)
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
        var texts = new ExportTexts(Load(textsFolder, FileName, RequiredKeys));
        // Every header the sheet builders use must exist: build the column lists once to find out at start-up.
        _ = ExportColumns.All(texts);
        return texts;
    }

    public string Column(string key) => this["col." + key];

    public string SessionStatus(SessionStatus status) => this["session." + status];
}
