using Bitacora.Bot.Texts;

namespace Bitacora.Bot.Attendance;

/// <summary>The Spanish texts of the attendance feature (Content/Texts/attendance.es-CL.json), every key checked at start-up.</summary>
public sealed class AttendanceTexts(TextCatalog catalog) : TextCatalog(catalog)
{
    public const string FileName = "attendance.es-CL.json";

    public const string CardTitle = "card.title";
    public const string CardSubtitle = "card.subtitle";
    public const string CardIntro = "card.intro";
    public const string CardMembersLabel = "card.membersLabel";
    public const string CardGuestsLabel = "card.guestsLabel";
    public const string CardGuestsPlaceholder = "card.guestsPlaceholder";
    public const string CardMore = "card.more";
    public const string CardJoinedHeading = "card.joinedHeading";
    public const string CardJoinedPerson = "card.joinedPerson";
    public const string CardJoinedMore = "card.joinedMore";
    public const string CardCounts = "card.counts";
    public const string CardSave = "card.save";
    public const string CardNoMembers = "card.noMembers";
    public const string StartHeading = "start.heading";
    public const string Saved = "saved";
    public const string NothingChanged = "nothingChanged";
    public const string NoSession = "noSession";
    public const string RefuseOtherConversation = "refuse.otherConversation";
    public const string RefuseFinished = "refuse.finished";
    public const string RefuseNoSession = "refuse.noSession";

    public static IEnumerable<string> AllKeys => ConstantsOf(typeof(AttendanceTexts));

    public static AttendanceTexts Load(string textsFolder) => new(Load(textsFolder, FileName, AllKeys));
}
