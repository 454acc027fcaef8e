namespace Bitacora.Bot.Exports;

/// <summary>The columns of each sheet (headers from exports.es-CL.json), in the order the builders fill them.</summary>
public static class ExportColumns
{
    private static ExportColumn T(ExportTexts t, string key) => new(t.Column(key), CellKind.Text);
    private static ExportColumn I(ExportTexts t, string key) => new(t.Column(key), CellKind.Integer);
    private static ExportColumn D(ExportTexts t, string key) => new(t.Column(key), CellKind.Date);
    private static ExportColumn W(ExportTexts t, string key) => new(t.Column(key), CellKind.DateTime);

    public static IReadOnlyList<ExportColumn> Commitments(ExportTexts t) =>
    [
        T(t, "territory"), T(t, "unitCode"), T(t, "unit"), T(t, "commitment"), T(t, "responsible"), D(t, "accountabilityDate"),
        T(t, "status"), I(t, "daysOverdue"), T(t, "meansOfVerification"), T(t, "evidence"), T(t, "evidenceLink"),
        I(t, "forceMajeureCount"), I(t, "version"), W(t, "createdAt"), T(t, "createdBy"), T(t, "commitmentId"), T(t, "sessionId"),
        T(t, "sourceQuestion"), T(t, "sourceAnswer"), T(t, "cancellationReason"), T(t, "evidenceFiles"), T(t, "forceMajeureDecision"),
    ];

    public static IReadOnlyList<ExportColumn> History(ExportTexts t) =>
    [
        T(t, "territory"), T(t, "unit"), T(t, "commitment"), I(t, "version"), W(t, "changedAt"), T(t, "changedBy"), T(t, "change"),
        T(t, "before"), T(t, "after"), T(t, "reason"), T(t, "commitmentId"),
    ];

    public static IReadOnlyList<ExportColumn> ForceMajeure(ExportTexts t) =>
    [
        T(t, "territory"), T(t, "unit"), T(t, "kind"), T(t, "description"), D(t, "from"), D(t, "until"), D(t, "newDate"),
        I(t, "adjustedCount"), T(t, "documentation"), T(t, "createdBy"), W(t, "createdAt"),
    ];

    public static IReadOnlyList<ExportColumn> Answers(ExportTexts t) =>
    [
        T(t, "territory"), I(t, "sessionNumber"), D(t, "sessionDate"), T(t, "unit"), T(t, "guide"), T(t, "stage"), T(t, "component"),
        T(t, "question"), T(t, "answer"), T(t, "note"), T(t, "answeredBy"), W(t, "answeredAt"), T(t, "sessionId"),
    ];

    public static IReadOnlyList<ExportColumn> Participation(ExportTexts t) =>
    [
        T(t, "territory"), I(t, "sessionNumber"), D(t, "sessionDate"), T(t, "unitCode"), T(t, "unit"), T(t, "guide"),
        T(t, "sessionStatus"), T(t, "participant"), I(t, "answersInSession"), T(t, "present"), T(t, "attendanceBy"), T(t, "sessionId"),
    ];

    public static IReadOnlyList<ExportColumn> Rubric(ExportTexts t) =>
    [
        T(t, "territory"), T(t, "unitCode"), T(t, "unit"), T(t, "period"), T(t, "rubric"), T(t, "criterion"), T(t, "level"),
        T(t, "evidence"), T(t, "scoredBy"), W(t, "scoredAt"),
    ];

    public static IEnumerable<IReadOnlyList<ExportColumn>> All(ExportTexts t) =>
        [Commitments(t), History(t), ForceMajeure(t), Answers(t), Participation(t), Rubric(t)];
}
