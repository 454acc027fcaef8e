using System.Globalization;
using System.Text.Json.Nodes;
using Bitacora.Bot.Cards;
using Bitacora.Bot.Guides;
using Bitacora.Bot.Sessions;
using Bitacora.Bot.Sessions.Flow;

namespace Bitacora.Bot.Logbook;

/// <summary>
/// View models and rendering of the logbook card (one step of the period part, or the evaluation) and the record card
/// that opens each meeting (N°k, what the previous record projected, the open commitments, the topics to tick).
/// Input ids: "q.{questionId}", "t.{questionId}.{columnId}" (a new table row), "goto" (step picker), "topics".
/// </summary>
public sealed class LogbookCards(CardCatalog cards, LogbookTexts texts, SessionTexts sessionTexts)
{
    public const string LogbookTemplate = "logbook";
    public const string RecordTemplate = "logbook-record";

    public string Title(Logbook logbook) => texts.Format(LogbookTexts.CardTitle, logbook.Key.Period, logbook.TerritoryName);

    public string Status(Logbook logbook)
    {
        if (logbook.EvaluatedAt is { } evaluated) return texts.Format(LogbookTexts.StatusEvaluated, ChileTime.Moment(evaluated), logbook.EvaluatedBy);
        return logbook.FilledAt is { } filled
            ? texts.Format(LogbookTexts.StatusFilled, ChileTime.Moment(filled), logbook.FilledBy)
            : texts[LogbookTexts.StatusFilling];
    }

    private string RecordsLine(LogbookView view) => view.ProjectedTotal is { } total
        ? texts.Format(LogbookTexts.RecordsTotal, view.Records.Count, total)
        : texts.Format(LogbookTexts.RecordsNoTotal, view.Records.Count);

    private string EvaluationOffer(LogbookView view) =>
        view.EvaluationDue ? texts.Format(LogbookTexts.EvaluationOffer, view.ProjectedTotal) : "";

    /// <summary>
    /// The logbook card at a step. Kept within <see cref="CardBudget.DesignBytes"/> like the meeting card: when long
    /// answers would make it larger, the longest open answers (not ones being retyped) are shown as a preview with an
    /// empty «Reemplazar» input, largest first, until it fits; the card's "rev" marks them, so a blank input keeps them.
    /// The whole text is in the Word document («Descargar (.docx)»).
    /// </summary>
    public JsonObject Logbook(LogbookView view, string stepId, Session? record, string? notice, bool noticeIsError, StepSave? feedback = null)
    {
        var previewed = new HashSet<string>(StringComparer.Ordinal);
        var card = Render(view, stepId, record, notice, noticeIsError, feedback, previewed);
        if (CardBudget.FitsDesign(card)) return Deliverable(card);
        var step = StepOf(view, stepId);
        var candidates = step.Questions
            .Where(q => q.Kind == QuestionKind.Open && feedback?.Typed.ContainsKey(LogbookSteps.ValueInput(q.Id)) != true)
            .Select(q => (q.Id, Length: view.Answers.FirstOrDefault(a => a.QuestionId == q.Id) is { } a ? SessionCards.RawValue(a.Value).Length : 0))
            .Where(c => c.Length > SessionCards.PreviewChars)
            .OrderByDescending(c => c.Length);
        foreach (var (id, _) in candidates)
        {
            previewed.Add(id);
            card = Render(view, stepId, record, notice, noticeIsError, feedback, previewed);
            if (CardBudget.FitsDesign(card)) break;
        }
        return Deliverable(card);
    }

    private static JsonObject Deliverable(JsonObject card)
    {
        CardBudget.EnsureDeliverable(LogbookTemplate, card);
        return card;
    }

    private static GuideSection StepOf(LogbookView view, string stepId)
    {
        var steps = view.Period.Sections;
        return steps.FirstOrDefault(s => s.Id == stepId) ?? steps[0];
    }

    private JsonObject Render(LogbookView view, string stepId, Session? record, string? notice, bool noticeIsError, StepSave? feedback,
        IReadOnlySet<string> previewed)
    {
        var errors = feedback?.Errors ?? new Dictionary<string, string>();
        var typed = feedback?.Typed ?? new Dictionary<string, string>();
        var conflicts = feedback?.Conflicts ?? new Dictionary<string, SectionConflict>();
        var steps = view.Period.Sections;
        var index = Math.Max(0, steps.IndexOf(steps.FirstOrDefault(s => s.Id == stepId)!));
        var step = steps[index];
        var byQuestion = view.Answers.ToDictionary(a => a.QuestionId, StringComparer.Ordinal);
        var lastRevision = view.History.GroupBy(h => h.QuestionId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.MaxBy(h => h.Revision)!, StringComparer.Ordinal);
        var addressed = view.AddressedIn();
        var questions = new JsonArray();
        foreach (var q in step.Questions)
        {
            var answer = byQuestion.GetValueOrDefault(q.Id);
            var raw = answer is null ? "" : SessionCards.RawValue(answer.Value);
            var previous = answer is { Revision: > 1 } ? lastRevision.GetValueOrDefault(q.Id) : null;
            var conflict = conflicts.GetValueOrDefault(q.Id);
            var preview = previewed.Contains(q.Id) && answer is not null;
            questions.Add(new JsonObject
            {
                ["lead"] = q.Lead ?? "",
                ["label"] = q.Required ? q.Text + " *" : q.Text,
                ["help"] = q.Help ?? "",
                ["inputId"] = LogbookSteps.ValueInput(q.Id),
                ["isText"] = q.Kind == QuestionKind.Open,
                ["isDate"] = q.Kind == QuestionKind.Date,
                ["isNumber"] = q.Kind == QuestionKind.Number,
                ["isChoice"] = q.Kind is QuestionKind.Closed or QuestionKind.SingleChoice or QuestionKind.MultiChoice,
                ["isTable"] = q.Kind == QuestionKind.Table,
                ["value"] = typed.GetValueOrDefault(LogbookSteps.ValueInput(q.Id)) ?? (preview ? "" : raw),
                ["isPreview"] = preview,
                ["preview"] = preview ? sessionTexts.Format(SessionTexts.CardPreview, Shorten(raw, SessionCards.PreviewChars), raw.Length) : "",
                ["choices"] = new JsonArray([.. q.Choices.Select(o => (JsonNode)new JsonObject { ["id"] = o.Id, ["title"] = o.Text })]),
                ["rows"] = TopicRows(q, answer, addressed),
                ["rowsHidden"] = RowsHidden(answer),
                ["columns"] = new JsonArray([.. q.Columns.Select(c => (JsonNode)new JsonObject
                {
                    ["inputId"] = LogbookSteps.CellInput(q.Id, c.Id),
                    ["title"] = c.Required ? c.Title + " *" : c.Title,
                    ["placeholder"] = c.Kind == ColumnKind.Date ? sessionTexts[SessionTexts.CardPlaceholderDate] : c.Title,
                    ["value"] = typed.GetValueOrDefault(LogbookSteps.CellInput(q.Id, c.Id)) ?? "",
                })]),
                ["error"] = errors.GetValueOrDefault(q.Id) ?? "",
                ["conflict"] = conflict is null ? "" : sessionTexts.Format(SessionTexts.ConflictText, conflict.Other.Name, Shorten(conflict.OtherValue)),
                ["conflictKeepTitle"] = conflict is null ? "" : sessionTexts.Format(SessionTexts.ConflictKeepTheirs, conflict.Other.Name),
                ["answered"] = answer is not { Value.IsEmpty: false } ? ""
                    : answer.Respondent.Id == LogbookService.RegistrySource.Id ? texts[LogbookTexts.AnswerFromRegistry]
                    : texts.Format(LogbookTexts.AnswerBy, answer.Respondent.Name, ChileTime.Moment(answer.AnsweredAt)),
                ["edited"] = previous is null ? ""
                    : sessionTexts.Format(SessionTexts.HistoryEdited, Shorten(previous.Value.Display(q)), previous.Respondent.Name, ChileTime.Moment(previous.AnsweredAt)),
            });
        }
        var isEvaluation = step.Kind == SectionKind.Evaluation;
        return cards.Draft(LogbookTemplate, new JsonObject
        {
            ["logbook"] = new JsonObject
            {
                ["id"] = view.Logbook.Key.Id,
                ["title"] = Title(view.Logbook),
                ["guideTitle"] = view.Guide.Title,
                ["status"] = Status(view.Logbook),
                ["records"] = RecordsLine(view),
                ["evaluationOffer"] = EvaluationOffer(view),
                ["canMarkFilled"] = view.Logbook.FilledAt is null && !isEvaluation,
                ["recordId"] = record?.Id ?? "",
                ["recordTitle"] = record is null ? "" : texts.Format(LogbookTexts.RecordTitle, record.Number),
            },
            ["step"] = new JsonObject
            {
                ["id"] = step.Id,
                ["heading"] = texts.Format(LogbookTexts.CardStep, index + 1, steps.Length, isEvaluation ? texts[LogbookTexts.CardStepEvaluation] : step.Title),
                ["description"] = step.Description ?? "",
                ["help"] = step.Help ?? "",
                ["isEvaluation"] = isEvaluation,
                ["hasNext"] = index < steps.Length - 1,
                ["nextId"] = index < steps.Length - 1 ? steps[index + 1].Id : "",
            },
            ["notice"] = notice ?? "",
            ["noticeIsError"] = noticeIsError,
            ["questions"] = questions,
            // Which stored revision each input showed (as on the meeting card): a stale card never overwrites a newer value.
            ["rev"] = CardRevisions.Format(step, q => new ShownRevision(byQuestion.GetValueOrDefault(q.Id)?.Revision ?? 0,
                previewed.Contains(q.Id) && byQuestion.ContainsKey(q.Id))),
            ["steps"] = new JsonArray([.. steps.Select((s, i) => (JsonNode)new JsonObject
            {
                ["id"] = s.Id,
                ["title"] = $"{i + 1}. {(s.Kind == SectionKind.Evaluation ? texts[LogbookTexts.CardStepEvaluation] : s.Title)}",
            })]),
        });
    }

    /// <summary>The card that opens a meeting: Registro N°k, where the last one left off, the topics to tick.</summary>
    public JsonObject Record(LogbookView view, LogbookRecord record, IReadOnlyList<SessionCommitmentLine> openCommitments, string? notice)
    {
        var session = record.Session;
        var previous = view.Records.Where(r => r.Session.CreatedAt < session.CreatedAt).LastOrDefault();
        var none = texts[LogbookTexts.RecordNone];
        return cards.Render(RecordTemplate, new JsonObject
        {
            ["record"] = new JsonObject
            {
                ["sessionId"] = session.Id,
                ["number"] = session.Number,
                ["title"] = texts.Format(LogbookTexts.RecordTitle, session.Number),
                ["scope"] = SessionCards.ScopeName(session),
                ["dateText"] = ChileTime.LongDate(session.Date),
                ["objective"] = session.Objective ?? none,
                ["strategy"] = session.Strategy ?? none,
            },
            ["logbookId"] = view.Logbook.Key.Id,
            ["notice"] = notice ?? "",
            ["firstMeeting"] = view.Logbook.FilledAt is null,
            ["firstMeetingText"] = texts[LogbookTexts.RecordFirstMeeting],
            ["logbookStatus"] = Title(view.Logbook) + ": " + Status(view.Logbook) + " " + RecordsLine(view),
            ["evaluationOffer"] = EvaluationOffer(view),
            ["evaluationStepId"] = view.EvaluationStep?.Id ?? "",
            ["previous"] = new JsonObject
            {
                ["exists"] = previous is not null,
                ["heading"] = previous is null
                    ? texts[LogbookTexts.RecordNoPrevious]
                    : texts.Format(LogbookTexts.RecordPrevious, previous.Session.Number, ChileTime.ShortDate(previous.Session.Date)),
                ["units"] = previous?.Value(view.Guide, RecordFields.ProjectionsUnits) ?? none,
                ["team"] = previous?.Value(view.Guide, RecordFields.ProjectionsTeam) ?? none,
            },
            ["commitments"] = CommitmentNodes(openCommitments),
            ["topics"] = new JsonArray([.. view.TopicRows.Select(r => (JsonNode)new JsonObject { ["id"] = r.Id, ["title"] = TopicTitle(r) })]),
            ["topicsValue"] = string.Join(",", record.TopicRowIds),
        });
    }

    public static JsonArray CommitmentNodes(IEnumerable<SessionCommitmentLine> lines) =>
        new([.. lines.Select(c => (JsonNode)new JsonObject
        {
            ["dueText"] = ChileTime.ShortDate(c.DueDate),
            ["text"] = string.IsNullOrWhiteSpace(c.Responsible) ? c.Text : $"{c.Text} · {c.Responsible}",
        })]);

    public static string TopicTitle(TableRow row) => LogbookView.TopicTitle(row);

    /// <summary>The table's latest rows (<see cref="SessionCards.TableRowsShown"/>), each shortened: the document has them all.</summary>
    private JsonArray TopicRows(GuideQuestion question, Answer? answer, IReadOnlyDictionary<string, string> addressed)
    {
        if (answer?.Value is not TableAnswer { Rows.IsDefault: false } table) return [];
        var skip = Math.Max(0, table.Rows.Length - SessionCards.TableRowsShown);
        return new JsonArray([.. table.Rows.Skip(skip).Select((row, i) => (JsonNode)new JsonObject
        {
            ["title"] = sessionTexts.Format(SessionTexts.CardRow, skip + i + 1),
            ["text"] = Shorten(string.Join(" · ", question.Columns.Where(c => row.Cells.ContainsKey(c.Id)).Select(c => $"{c.Title}: {row.Cells[c.Id]}")), RowChars)
                       + (addressed.TryGetValue(row.Id, out var where) ? " · " + texts.Format(LogbookTexts.TopicAddressedIn, where) : ""),
        })]);
    }

    private string RowsHidden(Answer? answer) =>
        answer?.Value is TableAnswer { Rows.IsDefault: false } t && t.Rows.Length > SessionCards.TableRowsShown
            ? sessionTexts.Format(SessionTexts.CardRowsLatest, SessionCards.TableRowsShown, t.Rows.Length)
            : "";

    private const int RowChars = 200;

    private static string Shorten(string text, int chars = 80) => text.Length <= chars ? text : text[..chars] + "…";
}
