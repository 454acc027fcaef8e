using Bitacora.Bot.Texts;

namespace Bitacora.Bot.Summaries;

/// <summary>
/// The Spanish texts of the «informe sintético» document and of the professional's comments (Content/Texts/
/// summaries.es-CL.json). The figures' own words (Cumplidos, Vencidos…) are the coordination texts the cards use.
/// </summary>
public sealed class SummaryTexts(TextCatalog catalog) : TextCatalog(catalog)
{
    public const string FileName = "summaries.es-CL.json";

    public const string DocTitle = "doc.title";
    public const string DocPeriod = "doc.period";
    public const string DocGenerated = "doc.generated";
    public const string DocFigures = "doc.figures";
    public const string DocCharts = "doc.charts";
    public const string DocChartAlt = "doc.chartAlt";
    public const string DocByUnit = "doc.byUnit";
    public const string DocComments = "doc.comments";
    public const string DocCommentsBy = "doc.commentsBy";
    public const string DocNoComments = "doc.noComments";
    public const string DocCommentsNotReady = "doc.commentsNotReady";
    public const string DocFileName = "doc.fileName";
    public const string DocFileUnit = "doc.fileUnit";
    public const string DocFileTerritory = "doc.fileTerritory";
    public const string ChartCount = "chart.count";
    public const string ChartAnswers = "chart.answers";
    public const string ChartUnits = "chart.units";
    public const string CardTitle = "card.title";
    public const string CardStatusNone = "card.statusNone";
    public const string CardStatusDraft = "card.statusDraft";
    public const string CardStatusReady = "card.statusReady";
    public const string CardSchedule = "card.schedule";
    public const string CardSaved = "card.saved";
    public const string CardReady = "card.ready";
    public const string CardEmpty = "card.empty";
    public const string CardTooLong = "card.tooLong";
    public const string CardConflict = "card.conflict";
    public const string CommandUsage = "command.usage";
    public const string RefuseBadCard = "refuse.badCard";
    public const string DeliveryWith = "delivery.with";
    public const string DeliveryWithout = "delivery.without";
    public const string DeliveryPreview = "delivery.preview";

    public static IEnumerable<string> AllKeys => ConstantsOf(typeof(SummaryTexts));

    public static SummaryTexts Load(string textsFolder) => new(Load(textsFolder, FileName, AllKeys));
}
