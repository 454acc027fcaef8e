using System.Globalization;
using Bitacora.Bot.Sessions.Flow;
using Bitacora.Bot.Guides;
using Bitacora.Bot.Sessions;

namespace Bitacora.Bot.Logbook;

/// <summary>Everything the logbook card shows, read once per render.</summary>
public sealed record LogbookView(
    Logbook Logbook,
    Guide Guide,
    IReadOnlyList<Answer> Answers,
    IReadOnlyList<AnswerRevision> History,
    IReadOnlyList<LogbookRecord> Records)
{
    public Guide Period { get; } = Guide.PeriodView();

    public decimal? ProjectedTotal =>
        Answers.FirstOrDefault(a => a.QuestionId == RecordFields.ProjectedTotal)?.Value is NumberAnswer n ? n.Number : null;

    /// <summary>The evaluation is offered once the projected CAETT have been held (and until it is closed).</summary>
    public bool EvaluationDue => Logbook.EvaluatedAt is null && ProjectedTotal is > 0 && Records.Count >= ProjectedTotal;

    public GuideSection? EvaluationStep => Period.Sections.FirstOrDefault(s => s.Kind == SectionKind.Evaluation);

    /// <summary>Topic row id → the records that ticked it («N°1, N°3»).</summary>
    public IReadOnlyDictionary<string, string> AddressedIn() =>
        Records.SelectMany(r => r.TopicRowIds.Select(id => (id, r.Session.Number)))
            .GroupBy(x => x.id)
            .ToDictionary(g => g.Key, g => string.Join(", ", g.Select(x => x.Number).Distinct().Order().Select(n => "N°" + n)), StringComparer.Ordinal);

    public IReadOnlyList<TableRow> TopicRows =>
        Answers.FirstOrDefault(a => a.QuestionId == RecordFields.Topics)?.Value is TableAnswer { Rows.IsDefault: false } t ? t.Rows : [];

    /// <summary>A topic row as the card and the document title it: «tematica (fecha)».</summary>
    public static string TopicTitle(TableRow row)
    {
        var title = row.Cells.GetValueOrDefault("tematica") ?? string.Join(" · ", row.Cells.Values);
        return row.Cells.TryGetValue("fecha", out var date) && DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? $"{title} ({ChileTime.ShortDate(d)})"
            : title;
    }
}
