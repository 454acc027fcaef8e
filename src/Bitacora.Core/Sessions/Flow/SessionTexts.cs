using Bitacora.Bot.Texts;

namespace Bitacora.Bot.Sessions.Flow;

/// <summary>
/// The Spanish texts of the meeting flow and the rubric (Content/Texts/sessions.es-CL.json). Every key below must be
/// in the file: a missing one stops the start, not a meeting.
/// </summary>
public sealed class SessionTexts(TextCatalog catalog) : TextCatalog(catalog)
{
    public const string FileName = "sessions.es-CL.json";

    public const string StartMissingGuide = "start.missingGuide";
    public const string StartMissingScope = "start.missingScope";
    public const string StartUnknownScope = "start.unknownScope";
    public const string StartMissingObjective = "start.missingObjective";
    public const string StartBadDate = "start.badDate";
    public const string StartFixBelow = "start.fixBelow";
    public const string StartNoScopes = "start.noScopes";
    public const string StartAlreadyActive = "start.alreadyActive";
    public const string StartCreated = "start.created";
    public const string StartJoined = "start.joined";
    public const string StartBusy = "start.busy";
    public const string FinishTitle = "finish.title";
    public const string FinishAllAnswered = "finish.allAnswered";
    public const string FinishUnanswered = "finish.unanswered";
    public const string FinishRequired = "finish.required";
    public const string FinishOther = "finish.other";
    public const string FinishOtherSection = "finish.otherSection";
    public const string FinishReopenHint = "finish.reopenHint";
    public const string ReopenDone = "reopen.done";
    public const string ReopenNotFinished = "reopen.notFinished";
    public const string HistoryFinished = "history.finished";
    public const string SummaryChartTitle = "summary.chartTitle";
    public const string SummaryYes = "summary.yes";
    public const string SummaryMore = "summary.more";
    public const string SummaryNewCommitmentFor = "summary.newCommitmentFor";
    public const string SummaryNewCommitmentButton = "summary.newCommitmentButton";
    public const string SummaryPartially = "summary.partially";
    public const string SummaryNo = "summary.no";
    public const string SummaryNone = "summary.none";
    public const string HistoryReopened = "history.reopened";
    public const string AnswerSaved = "answer.saved";
    public const string AnswerNothingChanged = "answer.nothingChanged";
    public const string AnswerAlreadySaved = "answer.alreadySaved";
    public const string AnswerSomeInvalid = "answer.someInvalid";
    public const string AnswerCleared = "answer.cleared";
    public const string AnswerUnknownQuestion = "answer.unknownQuestion";
    public const string AnswerStopped = "answer.stopped";
    public const string StaleMovedOn = "stale.movedOn";
    public const string StaleSavedFrom = "stale.savedFrom";
    public const string RefuseNoSession = "refuse.noSession";
    public const string RefuseOtherConversation = "refuse.otherConversation";
    public const string RefuseFinished = "refuse.finished";
    public const string RefuseBadCard = "refuse.badCard";
    public const string PausedNotice = "paused.notice";
    public const string ResumeNone = "resume.none";
    public const string ResumeResumed = "resume.resumed";
    public const string NavigateUnknownSection = "navigate.unknownSection";
    public const string HistoryEdited = "history.edited";
    public const string RubricUsage = "rubric.usage";
    public const string RubricUnknownUnit = "rubric.unknownUnit";
    public const string RubricNoRubric = "rubric.noRubric";
    public const string RubricSaved = "rubric.saved";
    public const string RubricNothingChanged = "rubric.nothingChanged";
    public const string RubricSomeInvalid = "rubric.someInvalid";
    public const string RubricMissingLevel = "rubric.missingLevel";
    public const string RubricBadCard = "rubric.badCard";
    public const string CardTitle = "card.title";
    public const string CardStatusFinished = "card.status.finished";
    public const string CardStatusPaused = "card.status.paused";
    public const string CardStatusActive = "card.status.active";
    public const string CardRow = "card.row";
    public const string CardPlaceholderDate = "card.placeholder.date";
    public const string CardPlaceholderNumber = "card.placeholder.number";
    public const string CardPlaceholderClosed = "card.placeholder.closed";
    public const string CardLabel = "card.label";
    public const string CardLabelRequired = "card.labelRequired";
    public const string CardColumn = "card.column";
    public const string CardColumnRequired = "card.columnRequired";
    public const string CardRowsLatest = "card.rowsLatest";
    public const string CardNumber = "card.number";
    public const string CardRecordNumber = "card.recordNumber";
    public const string CardRowsFirst = "card.rowsFirst";
    public const string CardPreview = "card.preview";
    public const string CardPreviewNote = "card.previewNote";
    public const string CardStageHeading = "card.stageHeading";
    public const string ConflictText = "conflict.text";
    public const string ConflictKeepTheirs = "conflict.keepTheirs";
    public const string AnswerConflicts = "answer.conflicts";
    public const string StatusSection = "status.section";
    public const string StatusLast = "status.last";
    public const string ScopeTerritory = "scope.territory";
    public const string ScopeTerritoryName = "scope.territoryName";
    public const string ScopeRegion = "scope.region";

    public static IEnumerable<string> AllKeys =>
        ConstantsOf(typeof(SessionTexts)).Concat(SessionMessages.AllKeys).Concat(Rubric.RubricMessages.AllKeys);

    public static SessionTexts Load(string textsFolder) => new(Load(textsFolder, FileName, AllKeys));
}
