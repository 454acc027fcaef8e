using System.Text.Json.Nodes;
using Bitacora.Bot.Cards;
using Bitacora.Bot.Guides;

namespace Bitacora.Bot.Sessions.Flow;

/// <summary>
/// What a section card shows, read once per render: the session, its section's current answers (with the value each
/// edited answer replaced) and the tally of the other sections — never the whole session's answers or history.
/// </summary>
public sealed record SectionView(
    Session Session,
    Guide Guide,
    int SectionIndex,
    IReadOnlyDictionary<string, Answer> Answers,
    SessionTally Tally);

/// <summary>
/// The section card and the «Ver completo» card of one question. The section card is kept within
/// <see cref="CardBudget.DesignBytes"/>: when real answers would make it larger, the longest answers are shown as a
/// preview with an empty input ("write here to replace it") and a «Ver completo» button, largest first, until it fits;
/// tables show their latest rows. Nothing typed or stored is cut: the full text is one click away.
/// </summary>
public sealed partial class SessionCards
{
    public const string QuestionTemplate = "session-question";

    /// <summary>Characters of an answer a preview shows.</summary>
    public const int PreviewChars = 280;

    /// <summary>Rows of a table question the section card shows (the latest ones).</summary>
    public const int TableRowsShown = 8;

    private const int RowChars = 200;

    public JsonObject Section(SectionView view, SectionFeedback feedback)
    {
        var index = Math.Clamp(view.SectionIndex, 0, view.Guide.Sections.Length - 1);
        var section = view.Guide.Sections[index];
        var previewed = new HashSet<string>(StringComparer.Ordinal);
        var card = RenderSection(view, index, feedback, previewed);
        var excess = CardBudget.Measure(card) - CardBudget.DesignBytes;
        // Within the design budget, hence deliverable: measured once (a measure writes the whole card).
        if (excess <= 0) return card;

        // Largest answers first; each preview saves about two bytes per character it hides.
        var candidates = section.Questions
            .Where(q => q.Kind is not QuestionKind.Table && view.Answers.TryGetValue(q.Id, out _))
            .Select(q => (q.Id, Length: AnswerLength(view.Answers[q.Id])))
            .Where(c => c.Length > PreviewChars)
            .OrderByDescending(c => c.Length)
            .ToList();
        var saved = 0;
        foreach (var (id, length) in candidates)
        {
            previewed.Add(id);
            saved += 2 * (length - PreviewChars);
            if (saved < excess) continue;
            card = RenderSection(view, index, feedback, previewed);
            excess = CardBudget.Measure(card) - CardBudget.DesignBytes;
            if (excess <= 0) return card;
            saved = 0;
        }
        // Still too large (many long notes, long metadata): the compact form drops what «Ver completo» shows anyway.
        return Checked(RenderSection(view, index, feedback, previewed, compact: true));
    }

    private static JsonObject Checked(JsonObject card, string template = SectionTemplate)
    {
        CardBudget.EnsureDeliverable(template, card);
        return card;
    }

    /// <summary>«Ver completo»: one question with its whole answer, note and table, editable; shown only to who asked.</summary>
    public JsonObject Question(SectionView view, GuideQuestion question, string? notice)
    {
        var index = Math.Clamp(view.SectionIndex, 0, view.Guide.Sections.Length - 1);
        var section = view.Guide.Sections[index];
        var number = section.Questions.IndexOf(question) + 1;
        var answer = view.Answers.GetValueOrDefault(question.Id);
        var rows = AllRows(question, answer, 1000);
        JsonObject Render(JsonArray shownRows, string hidden) => cards.Draft(QuestionTemplate, new JsonObject
        {
            ["session"] = SessionNode(view.Session, view.Guide),
            ["section"] = SectionNode(view.Guide, index),
            ["notice"] = notice ?? "",
            ["question"] = QuestionNode(question, number, answer, SectionFeedback.None, preview: false, rows: shownRows, rowsHidden: hidden, hasDetail: false, lead: question.Lead ?? ""),
            ["rev"] = Revisions(view, section, []),
        });
        var card = Render(new JsonArray([.. rows.Select(r => r.DeepClone())]), "");
        // A very long table: fewer rows (the export has them all) until the card fits.
        var keep = rows.Count;
        var size = CardBudget.Measure(card);
        while (size > CardBudget.DesignBytes && keep > 1)
        {
            keep = Math.Max(1, keep * 2 / 3);
            card = Render(new JsonArray([.. rows.Take(keep).Select(r => r.DeepClone())]),
                texts.Format(SessionTexts.CardRowsFirst, keep, rows.Count));
            size = CardBudget.Measure(card);
        }
        return size <= CardBudget.MaxBytes ? card : Checked(card, QuestionTemplate);
    }

    private JsonObject RenderSection(SectionView view, int index, SectionFeedback feedback, HashSet<string> previewed, bool compact = false)
    {
        var (session, guide) = (view.Session, view.Guide);
        var section = guide.Sections[index];
        var questions = new JsonArray();
        var number = 0;
        string? lastLead = null;
        foreach (var question in section.Questions)
        {
            number++;
            var answer = view.Answers.GetValueOrDefault(question.Id);
            var rows = AllRows(question, answer, RowChars);
            var hiddenRows = Math.Max(0, rows.Count - TableRowsShown);
            var truncatedRow = answer?.Value is TableAnswer t && !t.Rows.IsDefault
                && t.Rows.Any(r => RowText(question, r).Length > RowChars);
            var preview = previewed.Contains(question.Id);
            // A lead-in shared by consecutive questions ("Los actores involucrados tienen claridad de:") is said once.
            var lead = question.Lead is { Length: > 0 } l && l != lastLead ? l : "";
            lastLead = question.Lead;
            var node = QuestionNode(question, number, answer, feedback, preview,
                new JsonArray([.. rows.Skip(hiddenRows).Select(r => r.DeepClone())]),
                hiddenRows > 0 ? texts.Format(SessionTexts.CardRowsLatest, TableRowsShown, rows.Count) : "",
                hasDetail: preview || hiddenRows > 0 || truncatedRow || (compact && answer?.Previous is not null), lead, compact ? 40 : 120, compact ? 100 : PreviewChars);
            if (compact)
            {
                // Who answered and what it said before are in «Ver completo».
                node["edited"] = "";
                node["answeredBy"] = "";
                node["hasDetail"] = node["hasDetail"]!.GetValue<bool>() || answer is not null;
            }
            questions.Add(node);
        }
        var answeredHere = section.Questions.Count(q => view.Answers.GetValueOrDefault(q.Id) is { Value.IsEmpty: false });
        var answered = guide.Sections.Sum(s => s.Id == section.Id ? answeredHere : view.Tally.AnsweredIn(s));
        var total = guide.QuestionCount;
        var sessionNode = SessionNode(session, guide);
        // The objective is whole on the start card and the summary; every section card repeats only its beginning.
        sessionNode["objective"] = Shorten(session.Objective ?? "", compact ? 160 : 240);
        return cards.Draft(SectionTemplate, new JsonObject
        {
            ["session"] = sessionNode,
            ["section"] = SectionNode(guide, index),
            ["progress"] = new JsonObject
            {
                ["answered"] = answered,
                ["total"] = total,
                ["percent"] = total == 0 ? 0 : answered * 100 / total,
                ["sectionAnswered"] = answeredHere,
                ["sectionTotal"] = section.Questions.Length,
            },
            ["notice"] = feedback.Notice ?? "",
            ["noticeIsError"] = feedback.NoticeIsError,
            ["questions"] = questions,
            ["sections"] = new JsonArray([.. guide.Sections.Select((s, i) => (JsonNode)new JsonObject
            {
                ["id"] = s.Id,
                ["title"] = $"{i + 1}. {SectionHeading(guide, s)} ({(s.Id == section.Id ? answeredHere : view.Tally.AnsweredIn(s))}/{s.Questions.Length})",
            })]),
            ["rev"] = Revisions(view, section, previewed, feedback),
        });
    }

    private JsonObject QuestionNode(GuideQuestion question, int number, Answer? answer, SectionFeedback feedback, bool preview,
        JsonArray rows, string rowsHidden, bool hasDetail, string lead, int notePreviewChars = 120, int previewChars = PreviewChars)
    {
        var storedRaw = answer is null ? "" : RawValue(answer.Value);
        var storedNote = answer?.Note ?? "";
        var closedId = answer?.Value is ClosedAnswer c ? c.OptionId : null;
        var conflict = feedback.Conflicts.GetValueOrDefault(question.Id);
        var typedValue = feedback.Typed.GetValueOrDefault(ValueInput(question.Id));
        return new JsonObject
        {
            ["id"] = question.Id,
            ["number"] = number,
            ["lead"] = lead,
            ["label"] = texts.Format(question.Required ? SessionTexts.CardLabelRequired : SessionTexts.CardLabel, number, question.Text),
            ["help"] = question.Help ?? "",
            ["inputId"] = ValueInput(question.Id),
            ["noteInputId"] = NoteInput(question.Id),
            ["isChoice"] = question.Kind is QuestionKind.Closed or QuestionKind.SingleChoice or QuestionKind.MultiChoice,
            ["isMulti"] = question.Kind == QuestionKind.MultiChoice,
            ["isText"] = question.Kind == QuestionKind.Open,
            ["isDate"] = question.Kind == QuestionKind.Date,
            ["isNumber"] = question.Kind == QuestionKind.Number,
            ["isTable"] = question.Kind == QuestionKind.Table,
            ["isPreview"] = preview,
            ["preview"] = preview && answer is not null ? PreviewText(question, answer, notePreviewChars, previewChars) : "",
            // A previewed open answer leaves its input empty ("write here to replace it"); other kinds keep their value.
            ["value"] = typedValue ?? (preview && question.Kind == QuestionKind.Open ? "" : storedRaw),
            ["note"] = feedback.Typed.GetValueOrDefault(NoteInput(question.Id)) ?? storedNote,
            ["choices"] = new JsonArray([.. question.Choices.Select(o => (JsonNode)new JsonObject { ["id"] = o.Id, ["title"] = o.Text })]),
            ["rows"] = rows,
            ["rowsHidden"] = rowsHidden,
            ["columns"] = new JsonArray([.. question.Columns.Select(col => (JsonNode)new JsonObject
            {
                ["inputId"] = CellInput(question.Id, col.Id),
                ["title"] = texts.Format(col.Required ? SessionTexts.CardColumnRequired : SessionTexts.CardColumn, col.Title, number),
                ["placeholder"] = ColumnPlaceholder(col),
                ["value"] = feedback.Typed.GetValueOrDefault(CellInput(question.Id, col.Id)) ?? "",
            })]),
            ["showSuggestion"] = question.ShowsSuggestionFor(closedId),
            ["suggestion"] = question.Suggestion ?? "",
            ["error"] = feedback.Errors.GetValueOrDefault(question.Id) ?? "",
            ["conflict"] = conflict is null ? "" : texts.Format(SessionTexts.ConflictText, conflict.Other.Name, Shorten(conflict.OtherValue, PreviewChars)),
            ["conflictKeepTitle"] = conflict is null ? "" : texts.Format(SessionTexts.ConflictKeepTheirs, conflict.Other.Name),
            ["answeredBy"] = answer is { Value.IsEmpty: false } ? answer.Respondent.Name : "",
            ["answeredAt"] = answer is null ? "" : ChileTime.Moment(answer.AnsweredAt),
            ["edited"] = answer?.Previous is { } previous
                ? texts.Format(SessionTexts.HistoryEdited, Shorten(previous.Value.Display(question), 80), previous.Respondent.Name, ChileTime.Moment(previous.AnsweredAt))
                : "",
            ["hasDetail"] = hasDetail,
        };
    }

    private JsonObject SectionNode(Guide guide, int index)
    {
        var section = guide.Sections[index];
        return new JsonObject
        {
            ["id"] = section.Id,
            ["position"] = index + 1,
            ["count"] = guide.Sections.Length,
            ["title"] = section.Title,
            ["heading"] = SectionHeading(guide, section),
            ["description"] = section.Description ?? "",
            ["responsible"] = section.Responsible ?? "",
            ["hasPrevious"] = index > 0,
            ["hasNext"] = index < guide.Sections.Length - 1,
            ["previousId"] = index > 0 ? guide.Sections[index - 1].Id : "",
            ["nextId"] = index < guide.Sections.Length - 1 ? guide.Sections[index + 1].Id : "",
        };
    }

    /// <summary>«Etapa de Ejecución · Condiciones (1 de 3)» when the guide groups sections in stages; else the title.</summary>
    public string SectionHeading(Guide guide, GuideSection section)
    {
        if (section.Stage is not { } stageId || guide.FindStage(stageId) is not { } stage) return section.Title;
        var inStage = guide.Sections.Where(s => s.Stage == stageId).ToList();
        return texts.Format(SessionTexts.CardStageHeading, stage.Title, section.Title, inStage.IndexOf(section) + 1, inStage.Count);
    }

    private static string Revisions(SectionView view, GuideSection section, HashSet<string> previewed, SectionFeedback? feedback = null) =>
        CardRevisions.Format(section, q => new ShownRevision(
            view.Answers.GetValueOrDefault(q.Id)?.Revision ?? 0,
            previewed.Contains(q.Id) && feedback?.Typed.ContainsKey(ValueInput(q.Id)) != true));

    private List<JsonObject> AllRows(GuideQuestion question, Answer? answer, int rowChars)
    {
        if (answer?.Value is not TableAnswer { Rows.IsDefault: false } table) return [];
        return [.. table.Rows.Select((row, i) => new JsonObject
        {
            ["title"] = texts.Format(SessionTexts.CardRow, i + 1),
            ["text"] = Shorten(RowText(question, row), rowChars),
        })];
    }

    private static string RowText(GuideQuestion question, TableRow row) =>
        string.Join(" · ", question.Columns.Where(c => row.Cells.ContainsKey(c.Id)).Select(c => $"{c.Title}: {row.Cells[c.Id]}"));

    private static int AnswerLength(Answer answer) => RawValue(answer.Value).Length + (answer.Note?.Length ?? 0);

    private string PreviewText(GuideQuestion question, Answer answer, int noteChars, int chars)
    {
        // Open answers are previewed; other kinds keep their input, so only a long note is.
        var note = string.IsNullOrEmpty(answer.Note) ? "" : texts.Format(SessionTexts.CardPreviewNote, Shorten(answer.Note, noteChars));
        if (question.Kind != QuestionKind.Open) return note;
        var text = texts.Format(SessionTexts.CardPreview, Shorten(answer.Value.Display(question), chars), answer.Value.Display(question).Length);
        return note.Length == 0 ? text : text + " — " + note;
    }

    private string ColumnPlaceholder(TableColumn column) => column.Kind switch
    {
        ColumnKind.Date => texts[SessionTexts.CardPlaceholderDate],
        ColumnKind.Number => texts[SessionTexts.CardPlaceholderNumber],
        ColumnKind.Closed => texts[SessionTexts.CardPlaceholderClosed],
        ColumnKind.SingleChoice => string.Join(" / ", column.Options.Select(o => o.Id)),
        _ => column.Title,
    };

    public static string Shorten(string text, int max) => text.Length <= max ? text : text[..max].TrimEnd() + "…";
}
