namespace Bitacora.Bot.Sessions;

/// <summary>
/// Keys of the messages the session domain gives back (answer checks, refused transitions) in
/// Content/Texts/sessions.es-CL.json; <see cref="Flow.SessionTexts"/> requires every one at start-up.
/// </summary>
public static class SessionMessages
{
    public const string Required = "rules.required";
    public const string TableRowByRow = "rules.tableRowByRow";
    public const string UnknownKind = "rules.unknownKind";
    public const string NotATable = "rules.notATable";
    public const string CompleteColumn = "rules.completeColumn";
    public const string ClosedInColumn = "rules.closedInColumn";
    public const string OptionInColumn = "rules.optionInColumn";
    public const string ColumnTooLong = "rules.columnTooLong";
    public const string ColumnError = "rules.columnError";
    public const string EmptyRow = "rules.emptyRow";
    public const string Closed = "rules.closed";
    public const string ClosedOnlyOne = "rules.closedOnlyOne";
    public const string SingleOne = "rules.singleOne";
    public const string SingleFromList = "rules.singleFromList";
    public const string MultiAtLeastOne = "rules.multiAtLeastOne";
    public const string MultiRepeated = "rules.multiRepeated";
    public const string MultiFromList = "rules.multiFromList";
    public const string EmptyText = "rules.emptyText";
    public const string TextTooLong = "rules.textTooLong";
    public const string NoteTooLong = "rules.noteTooLong";
    public const string DateOutOfRange = "rules.dateOutOfRange";
    public const string IntegerExpected = "rules.integerExpected";
    public const string NumberMin = "rules.numberMin";
    public const string NumberMax = "rules.numberMax";
    public const string TooManyRows = "rules.tooManyRows";
    public const string TableFull = "rules.tableFull";
    public const string RepeatedRows = "rules.repeatedRows";
    public const string UnknownColumn = "rules.unknownColumn";
    public const string WrongKind = "rules.wrongKind";
    public const string DateTextOutOfRange = "rules.dateTextOutOfRange";
    public const string DateInvalid = "rules.dateInvalid";
    public const string NotAnInteger = "rules.notAnInteger";
    public const string NotANumber = "rules.notANumber";
    public const string FinishedNoNavigate = "rules.finishedNoNavigate";
    public const string PausedResumeHint = "rules.pausedResumeHint";
    public const string UnknownSection = "rules.unknownSection";
    public const string Finished = "rules.finished";
    public const string AlreadyPaused = "rules.alreadyPaused";
    public const string FinishedStartNew = "rules.finishedStartNew";
    public const string NotFinished = "rules.notFinished";
    public const string OtherSessionRunning = "rules.otherSessionRunning";

    public static IEnumerable<string> AllKeys =>
        typeof(SessionMessages).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!);
}
