namespace Bitacora.Bot.Texts;

/// <summary>Keys of Content/Texts/es-CL.json used by the host; checked at start-up.</summary>
public static class TextKeys
{
    public const string FileName = "es-CL.json";

    public const string UnknownCommand = "help.unknownCommand";
    public const string EmptyMessage = "help.emptyMessage";
    public const string Unexpected = "errors.unexpected";
    public const string StorageUnavailable = "errors.storageUnavailable";
    public const string NotSavedTitle = "errors.notSaved.title";
    public const string NotSavedStorage = "errors.notSaved.storage";
    public const string NotSavedUnexpected = "errors.notSaved.unexpected";
    public const string NotSavedTyped = "errors.notSaved.typed";
    public const string NotSavedRetry = "errors.notSaved.retry";
    public const string StillProcessing = "errors.stillProcessing";
    public const string InputTooLong = "errors.inputTooLong";
    public const string InputNormalized = "errors.inputNormalized";
    public const string UnknownAction = "errors.unknownAction";
    public const string StaleCard = "errors.staleCard";
    public const string NotAllowed = "errors.notAllowed";
    public const string Done = "actions.done";
    public const string SharedUpdateFailed = "errors.sharedUpdateFailed";
    public const string AuthNotRegistered = "auth.notRegistered";
    public const string AuthVersionMissing = "auth.versionMissing";
    public const string AuthScopeTerritory = "auth.scope.Territory";
    public const string AuthScopeRegion = "auth.scope.Region";
    public const string AuthScopeUnit = "auth.scope.Unit";

    public static IEnumerable<string> All =>
        TextCatalog.ConstantsOf(typeof(TextKeys));
}
