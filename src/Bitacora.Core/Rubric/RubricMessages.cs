namespace Bitacora.Bot.Rubric;

/// <summary>
/// Keys of the messages <see cref="RubricScore.Validate"/> gives back, in Content/Texts/sessions.es-CL.json;
/// <see cref="Sessions.Flow.SessionTexts"/> requires every one at start-up.
/// </summary>
public static class RubricMessages
{
    public const string OtherRubric = "rules.rubricOtherRubric";
    public const string BadPeriod = "rules.rubricBadPeriod";
    public const string UnknownCriterion = "rules.rubricUnknownCriterion";
    public const string UnknownLevel = "rules.rubricUnknownLevel";
    public const string EvidenceTooLong = "rules.rubricEvidenceTooLong";

    public static IEnumerable<string> AllKeys =>
        typeof(RubricMessages).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!);
}
