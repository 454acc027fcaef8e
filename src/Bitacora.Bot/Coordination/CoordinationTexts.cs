using Bitacora.Bot.Commitments;
using Bitacora.Bot.Commitments.Chat;
using Bitacora.Bot.Texts;

namespace Bitacora.Bot.Coordination;

/// <summary>
/// The chat texts of the coordination commands and the semester summary (Content/Texts/coordination.es-CL.json).
/// Commitment statuses and force-majeure kinds are worded once, in the commitments' texts.
/// </summary>
public sealed class CoordinationTexts(TextCatalog catalog, CommitmentTexts commitments) : TextCatalog(catalog)
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
    public const string SummaryNoUnit = "summary.noUnit";
    public const string ScopeTerritory = "scope.territory";
    public const string ScopeRegion = "scope.region";
    public const string PeriodFirstSemester = "period.semester1";
    public const string PeriodSecondSemester = "period.semester2";
    public const string PeriodYear = "period.year";
    public const string PendingTitle = "pending.title";
    public const string PendingDetail = "pending.detail";
    public const string PendingOverdueBadge = "pending.overdueBadge";
    public const string OverdueTitle = "overdue.title";
    public const string OverdueSubtitle = "overdue.subtitle";
    public const string OverdueDetail = "overdue.detail";
    public const string OverdueDays = "overdue.days";
    public const string FactSessions = "fact.sessions";
    public const string FactDistinctPeople = "fact.distinctPeople";
    public const string FactAnswers = "fact.answers";
    public const string Sessions = "participation.sessions";
    public const string TerritoryHeading = "territory.heading";
    public const string SessionLine = "participation.sessionLine";
    public const string DateAndUnit = "participation.dateAndUnit";
    public const string PresentLine = "participation.presentLine";
    public const string FactPresentPeople = "fact.presentPeople";
    public const string ChartAttendanceTitle = "chart.attendanceTitle";
    public const string ChartPresentAnswered = "chart.presentAnswered";
    public const string ChartPresentSilent = "chart.presentSilent";
    public const string ChartAnsweredNotMarked = "chart.answeredNotMarked";
    public const string ChartAttendanceLine = "chart.attendanceLine";
    public const string Participants = "participation.participants";
    public const string Answers = "participation.answers";
    public const string SessionsPerPerson = "participation.perPerson";
    public const string ParticipationTitle = "participation.title";
    public const string TerritoryTotalsHeading = "summary.territoryTotals";
    public const string FactCommitmentsMet = "fact.commitmentsMet";
    public const string MetOfDueInPeriod = "fact.metOfDueInPeriod";
    public const string FactAdjusted = "fact.adjusted";
    public const string FactOverdue = "fact.overdue";
    public const string FactSituations = "fact.situations";
    public const string FactSessionsHeld = "fact.sessionsHeld";
    public const string FactParticipants = "fact.participants";
    public const string SummaryTitle = "summary.title";
    public const string RubricLine = "summary.rubricLine";
    public const string ForceMajeureLine = "summary.forceMajeureLine";
    public const string FactMet = "fact.met";
    public const string FactForceMajeure = "fact.forceMajeure";
    public const string FactUnitSessions = "fact.unitSessions";
    public const string SemesterNoDue = "semester.noDue";
    public const string SemesterPercent = "semester.percent";
    public const string SemesterCommitments = "semester.commitments";
    public const string SemesterMetOfDue = "semester.metOfDue";
    public const string FactInPeriod = "fact.inPeriod";
    public const string SemesterParticipation = "semester.participation";
    public const string SemesterSituations = "semester.situations";
    public const string SemesterNoSituations = "semester.noSituations";
    public const string SemesterSituation = "semester.situation";
    public const string SemesterUntil = "semester.until";
    public const string SemesterAdjusted = "semester.adjusted";
    public const string SemesterRubric = "semester.rubric";
    public const string SemesterHighlights = "semester.highlights";
    public const string SemesterNoHighlights = "semester.noHighlights";
    public const string SemesterUnitIntro = "semester.unitIntro";
    public const string SemesterUnitFooter = "semester.unitFooter";
    public const string SemesterTerritoryTotals = "semester.territoryTotals";
    public const string SemesterByUnit = "semester.byUnit";
    public const string SemesterUnitLine = "semester.unitLine";
    public const string SemesterTerritoryIntro = "semester.territoryIntro";
    public const string SemesterTerritoryFooter = "semester.territoryFooter";
    public const string ReportNotScored = "report.notScored";
    public const string ReportHighlightEvidence = "report.highlightWithEvidence";
    public const string ReportHighlight = "report.highlight";
    public const string ReportAllMet = "report.allMet";
    public const string ChartCommitmentsTitle = "chart.commitmentsTitle";
    public const string ChartUnitCommitmentsTitle = "chart.unitCommitmentsTitle";
    public const string ChartMet = "chart.met";
    public const string ChartPending = "chart.pending";
    public const string ChartOverdue = "chart.overdue";
    public const string ChartAdjusted = "chart.adjusted";
    public const string ChartCommitmentsLine = "chart.commitmentsLine";
    public const string ChartParticipationTitle = "chart.participationTitle";
    public const string ChartSessionAxis = "chart.sessionAxis";
    public const string ChartPeopleAxis = "chart.peopleAxis";
    public const string ChartSessionLabel = "chart.sessionLabel";
    public const string ChartParticipationLine = "chart.participationLine";
    public const string ChartRubricTitle = "chart.rubricTitle";
    public const string ChartRubricLine = "chart.rubricLine";
    public const string ChartRubricCount = "chart.rubricCount";
    public const string SummaryQuietUnits = "summary.quietUnits";
    public const string SummaryQuietHeading = "summary.quietHeading";
    public const string SummaryRubricNone = "summary.rubricNone";
    public const string SummaryNoDueYet = "summary.noDueYet";
    public const string ComponentsHeading = "components.heading";
    public const string ComponentsTerritoryHeading = "components.territoryHeading";
    public const string ComponentsNone = "components.none";
    public const string ComponentsClosed = "components.closed";
    public const string ComponentsOtherWithClosed = "components.otherWithClosed";
    public const string ComponentsOtherOnly = "components.otherOnly";
    public const string ComponentsSessions = "components.sessions";
    public const string ComponentsLogbook = "components.logbook";
    public const string ComponentsValue = "components.value";
    public const string ChartComponentsTitle = "chart.componentsTitle";
    public const string ChartYes = "chart.yes";
    public const string ChartPartially = "chart.partially";
    public const string ChartNo = "chart.no";
    public const string ChartUnanswered = "chart.unanswered";
    public const string ChartComponentsLine = "chart.componentsLine";

    public static IEnumerable<string> AllKeys => ConstantsOf(typeof(CoordinationTexts));

    public static CoordinationTexts Load(string textsFolder) =>
        new(Load(textsFolder, FileName, AllKeys), CommitmentTexts.Load(textsFolder));

    /// <summary>The period as people read it: "1.er semestre 2026", "año 2026".</summary>
    public string Period(ReportPeriod period) => Format(period.Label);

    public string Status(CommitmentStatus status) => commitments.Status(status);

    public string ForceMajeure(ForceMajeureKind kind) => commitments.ForceMajeure(kind);
}
