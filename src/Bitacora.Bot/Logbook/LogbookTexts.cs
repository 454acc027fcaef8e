using Bitacora.Bot.Texts;

namespace Bitacora.Bot.Logbook;

/// <summary>
/// The Spanish texts of the period logbook (Content/Texts/logbook.es-CL.json). Every key below must be in the file: a
/// missing one stops the start, not a meeting.
/// </summary>
public sealed class LogbookTexts(TextCatalog catalog) : TextCatalog(catalog)
{
    public const string FileName = "logbook.es-CL.json";

    public const string CardTitle = "card.title";
    public const string CardStep = "card.step";
    public const string CardStepEvaluation = "card.stepEvaluation";
    public const string StatusFilling = "status.filling";
    public const string StatusFilled = "status.filled";
    public const string StatusEvaluated = "status.evaluated";
    public const string RecordsTotal = "records.total";
    public const string RecordsNoTotal = "records.noTotal";
    public const string EvaluationOffer = "evaluation.offer";
    public const string SavedNone = "saved.none";
    public const string SavedCount = "saved.count";
    public const string SavedSomeInvalid = "saved.someInvalid";
    public const string SavedRegistry = "saved.registry";
    public const string SavedRegistryProblem = "saved.registryProblem";
    public const string FilledNotice = "filled.notice";
    public const string EvaluatedNotice = "evaluated.notice";
    public const string AnswerFromRegistry = "answer.fromRegistry";
    public const string AnswerBy = "answer.by";
    public const string TopicAddressedIn = "topic.addressedIn";
    public const string RecordTitle = "record.title";
    public const string RecordCreated = "record.created";
    public const string RecordFirstMeeting = "record.firstMeeting";
    public const string RecordPrevious = "record.previous";
    public const string RecordNoPrevious = "record.noPrevious";
    public const string RecordNone = "record.none";
    public const string RecordTopicsSaved = "record.topicsSaved";
    public const string CommandUsage = "command.usage";
    public const string CommandUnknownTerritory = "command.unknownTerritory";
    public const string CommandNoGuide = "command.noGuide";
    public const string CommandNoLogbook = "command.noLogbook";
    public const string DownloadReady = "download.ready";
    public const string DownloadFile = "download.file";
    public const string DownloadSessionReady = "download.sessionReady";
    public const string DownloadSessionUsage = "download.sessionUsage";
    public const string DownloadSessionNotFound = "download.sessionNotFound";
    public const string RefuseBadCard = "refuse.badCard";
    public const string RefuseOtherConversation = "refuse.otherConversation";
    public const string DocCover = "doc.cover";
    public const string DocCoverTerritory = "doc.coverTerritory";
    public const string DocCoverPeriod = "doc.coverPeriod";
    public const string DocGenerated = "doc.generated";
    public const string DocAntecedentes = "doc.antecedentes";
    public const string DocPlanning = "doc.planning";
    public const string DocNoAnswer = "doc.noAnswer";
    public const string DocRecordsHeading = "doc.recordsHeading";
    public const string DocNoRecords = "doc.noRecords";
    public const string DocTopicsAddressed = "doc.topicsAddressed";
    public const string DocAddressedColumn = "doc.addressedColumn";
    public const string DocParticipants = "doc.participants";
    public const string DocCommitments = "doc.commitments";
    public const string DocEvaluation = "doc.evaluation";
    public const string DocSessionTitle = "doc.sessionTitle";
    public const string DocSessionMeta = "doc.sessionMeta";
    public const string DocSessionObjective = "doc.sessionObjective";
    public const string DocSessionStrategy = "doc.sessionStrategy";
    public const string DocQuestion = "doc.question";
    public const string DocAnswer = "doc.answer";
    public const string DocNote = "doc.note";
    public const string DocWho = "doc.who";
    public const string DocWhen = "doc.when";
    public const string DocStage = "doc.stage";
    public const string DocFileName = "doc.fileName";
    public const string DocSessionFileName = "doc.sessionFileName";

    public static IEnumerable<string> AllKeys => ConstantsOf(typeof(LogbookTexts));

    public static LogbookTexts Load(string textsFolder) => new(Load(textsFolder, FileName, AllKeys));
}
