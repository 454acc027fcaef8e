using System.Globalization;
using System.Text.Json.Nodes;
using Bitacora.Bot.Cards;
using Bitacora.Bot.Guides;

namespace Bitacora.Bot.Sessions.Flow;

/// <summary>
/// The summary card: per component (section, named with its stage) the answers grouped under their lead-in, long
/// answers previewed, what stayed unanswered, and a Sí / Parcialmente / No / sin respuesta tally — in words on every
/// component and as one stacked-bar chart (<see cref="CardCharts"/>, with the same figures as a text fallback).
/// </summary>
public sealed partial class SessionCards
{
    /// <summary>Characters of an answer the summary shows (the export and «Reabrir» give the whole text).</summary>
    public const int SummaryAnswerChars = 200;

    /// <summary>How much the summary shows: each step is tried in turn until the card fits <see cref="CardBudget.DesignBytes"/>.</summary>
    /// <param name="GapsShown">«Nuevo compromiso» buttons beside No / Parcialmente answers (each carries an action and its
    /// fallback); beyond it, the card's own «Nuevo compromiso» button still creates one.</param>
    private sealed record SummaryLimits(int AnswerChars, int NoteChars, int CommitmentChars, int CommitmentsShown, int PeopleShown, int GapsShown);

    private static readonly SummaryLimits[] SummarySteps =
    [
        new(SummaryAnswerChars, SummaryAnswerChars / 2, SummaryAnswerChars, 100, 200, 100),
        new(100, 40, 120, 20, 40, 12),
        new(50, 0, 80, 10, 25, 0),
        new(40, 0, 60, 5, 10, 0),
    ];

    /// <param name="present">Who was present (Attendance/), by name; empty when nobody was marked.</param>
    public JsonObject Summary(SessionSummary summary, IReadOnlyList<SessionCommitmentLine> commitments, string? notice,
        IReadOnlyList<string>? present = null)
    {
        JsonObject card = null!;
        foreach (var limits in SummarySteps)
        {
            card = RenderSummary(summary, commitments, notice, present ?? [], limits);
            if (CardBudget.FitsDesign(card)) break;
        }
        CardBudget.EnsureDeliverable(SummaryTemplate, card);
        return card;
    }

    private JsonObject RenderSummary(SessionSummary summary, IReadOnlyList<SessionCommitmentLine> commitments, string? notice,
        IReadOnlyList<string> present, SummaryLimits limits)
    {
        var (session, guide) = (summary.Session, summary.Guide);
        var sections = new JsonArray();
        var chartRows = new List<(string Row, IReadOnlyList<ChartPoint> Points)>();
        var gapsShown = 0;
        foreach (var sp in summary.Progress.Sections)
        {
            var heading = SectionHeading(guide, sp.Section);
            var tally = ClosedTally(sp);
            if (tally is not null) chartRows.Add((ShortHeading(guide, sp.Section), tally));
            // «No» / «Parcialmente»: a «Nuevo compromiso» button linked to that answer (Commitments/ records the link).
            var gaps = new JsonArray([.. sp.Questions.Select((q, i) => (q, i)).Where(x => x.q.IsAnswered && IsGap(x.q.Answer!.Value))
                .Take(Math.Max(0, limits.GapsShown - gapsShown)).Select(x => (JsonNode)new JsonObject
                {
                    ["questionId"] = x.q.Question.Id,
                    // Short enough not to be cut (the text above names the section); the tooltip, which Teams gives
                    // screen readers and shows on hover, names section and question in full.
                    ["buttonTitle"] = texts.Format(SessionTexts.SummaryNewCommitmentButton, x.i + 1),
                    ["buttonTooltip"] = texts.Format(SessionTexts.SummaryNewCommitmentFor, ShortHeading(guide, sp.Section), x.i + 1),
                    ["text"] = $"{x.i + 1}. {x.q.Answer!.Value.Display(x.q.Question)} · {Shorten(x.q.Question.Text, 80)}",
                })]);
            gapsShown += gaps.Count;
            sections.Add(new JsonObject
            {
                ["title"] = heading,
                ["answered"] = sp.Answered,
                ["total"] = sp.Total,
                ["tally"] = tally is null ? "" : TallyText(tally),
                ["groups"] = Groups(sp, limits),
                ["gaps"] = gaps,
                // By number only: the section card names them; a summary with most questions open stays short.
                ["unanswered"] = sp.Answered == sp.Total ? "" : texts.Format(SessionTexts.FinishOtherSection,
                    string.Join(", ", sp.Questions.Select((q, i) => (q, i)).Where(x => !x.q.IsAnswered).Select(x => (x.i + 1).ToString(CultureInfo.InvariantCulture)))),
            });
        }
        var people = summary.Participants.Select(p => p.AnswerCount == 0 ? p.Participant.Name : $"{p.Participant.Name} ({p.AnswerCount})").ToList();
        var card = cards.Draft(SummaryTemplate, new JsonObject
        {
            ["session"] = SessionNode(session, guide),
            ["notice"] = notice ?? "",
            ["progress"] = new JsonObject
            {
                ["answered"] = summary.Progress.Answered,
                ["total"] = summary.Progress.Total,
                ["percent"] = summary.Progress.Percent,
            },
            ["sections"] = sections,
            ["participants"] = string.Join(", ", people.Take(limits.PeopleShown))
                + (people.Count > limits.PeopleShown ? " " + texts.Format(SessionTexts.SummaryMore, people.Count - limits.PeopleShown) : ""),
            ["presentCount"] = present.Count,
            ["present"] = string.Join(", ", present.Take(limits.PeopleShown).Select(name => Shorten(name, 40)))
                + (present.Count > limits.PeopleShown ? " " + texts.Format(SessionTexts.SummaryMore, present.Count - limits.PeopleShown) : ""),
            ["commitmentCount"] = commitments.Count,
            ["commitments"] = new JsonArray([.. commitments.Take(limits.CommitmentsShown).Select(c => (JsonNode)new JsonObject
            {
                ["dueText"] = ChileTime.ShortDate(c.DueDate),
                ["text"] = Shorten(string.IsNullOrWhiteSpace(c.Responsible) ? c.Text : $"{c.Text} · {c.Responsible}", limits.CommitmentChars),
            })]),
            ["commitmentsMore"] = commitments.Count > limits.CommitmentsShown
                ? texts.Format(SessionTexts.SummaryMore, commitments.Count - limits.CommitmentsShown) : "",
        });
        if (chartRows.Count == 0) return card;
        var chart = CardCharts.StackedBars(texts[SessionTexts.SummaryChartTitle], chartRows,
            string.Join("\n", chartRows.Select(r => $"{r.Row}: {TallyText(r.Points)}")));
        return CardCharts.InsertAfterHeader(card, [chart]);
    }

    /// <summary>Answered questions grouped under their lead-in (said once), values previewed when long.</summary>
    private static JsonArray Groups(SectionProgress section, SummaryLimits limits)
    {
        var groups = new JsonArray();
        JsonObject? current = null;
        foreach (var (status, index) in section.Questions.Select((q, i) => (q, i)).Where(x => x.q.IsAnswered))
        {
            var lead = status.Question.Lead ?? "";
            if (current is null || current["lead"]!.GetValue<string>() != lead)
            {
                current = new JsonObject { ["lead"] = lead, ["answers"] = new JsonArray() };
                groups.Add(current);
            }
            current["answers"]!.AsArray().Add(new JsonObject
            {
                ["question"] = $"{index + 1}. {status.Question.Text}",
                ["value"] = SummaryValue(status.Question, status.Answer!, limits),
            });
        }
        return groups;
    }

    /// <summary>Sí / Parcialmente / No / sin respuesta of a section's closed questions; null when it has none.</summary>
    private List<ChartPoint>? ClosedTally(SectionProgress section)
    {
        var closed = section.Questions.Where(q => q.Question.Kind == QuestionKind.Closed).ToList();
        if (closed.Count == 0) return null;
        int Count(string option) => closed.Count(q => q.Answer?.Value is ClosedAnswer c && c.OptionId == option);
        var yes = Count(ClosedOptions.Yes);
        var partially = Count(ClosedOptions.Partially);
        var no = Count(ClosedOptions.No);
        return
        [
            new(texts[SessionTexts.SummaryYes], yes, "good"),
            new(texts[SessionTexts.SummaryPartially], partially, "warning"),
            new(texts[SessionTexts.SummaryNo], no, "attention"),
            new(texts[SessionTexts.SummaryNone], closed.Count - yes - partially - no, "neutral"),
        ];
    }

    private static string TallyText(IEnumerable<ChartPoint> points) =>
        string.Join(" · ", points.Select(p => $"{p.Legend} {p.Value.ToString(CultureInfo.InvariantCulture)}"));

    /// <summary>«Ejecución · Condiciones»: the chart's row label (the stage without «Etapa de», the component).</summary>
    private static string ShortHeading(Guide guide, GuideSection section) =>
        section.Stage is { } stageId && guide.FindStage(stageId) is { } stage
            ? $"{stage.Title.Replace("Etapa de ", "", StringComparison.OrdinalIgnoreCase)} · {section.Title}"
            : section.Title;

    private static string SummaryValue(GuideQuestion question, Answer answer, SummaryLimits limits)
    {
        var text = Shorten(answer.Value.Display(question), limits.AnswerChars);
        if (!string.IsNullOrEmpty(answer.Note)) text += limits.NoteChars > 0 ? $" — Nota: {Shorten(answer.Note, limits.NoteChars)}" : " — con nota";
        if (answer.Revision > 1) text += " (editada)";
        return text;
    }
}
