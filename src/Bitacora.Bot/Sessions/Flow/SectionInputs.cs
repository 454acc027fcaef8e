using System.Text.Json.Nodes;
using Bitacora.Bot.Guides;
using Bitacora.Bot.Hosting;

namespace Bitacora.Bot.Sessions.Flow;

/// <summary>What a click on a section card asks to write, and what it cannot (errors, conflicts), per question.</summary>
public sealed class InputPlan
{
    public List<AnswerChange> Changes { get; } = [];
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> Typed { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, SectionConflict> Conflicts { get; } = new(StringComparer.Ordinal);
}

/// <summary>
/// Turns the inputs of a section card into answer changes against a fresh <see cref="AnswerSnapshot"/>. An input is
/// written only when it differs from what the card showed (its revision in <see cref="CardRevisions"/>), so a
/// pre-filled value nobody touched never overwrites what someone else saved meanwhile. When someone else did change the
/// same question since the card was rendered, nothing is written for it: the person sees both values and chooses.
/// Runs again on fresh data after a lost race, so concurrent table rows compose.
/// </summary>
public sealed class SectionInputs(AnswerRepository answers, SessionTexts texts)
{
    public async Task<InputPlan> PlanAsync(JsonObject data, GuideSection section, AnswerSnapshot snapshot, CancellationToken ct)
    {
        var plan = new InputPlan();
        var shownRevisions = CardRevisions.Parse(section, Get(data, "rev"));
        var history = await ShownInHistoryAsync(data, section, snapshot, shownRevisions, ct);
        foreach (var q in section.Questions)
        {
            var existing = snapshot.Answers.GetValueOrDefault(q.Id);
            var shown = shownRevisions?.GetValueOrDefault(q.Id);
            var shownRevision = shown?.Revision ?? existing?.Revision ?? 0;
            var valueKey = SessionCards.ValueInput(q.Id);
            var noteKey = SessionCards.NoteInput(q.Id);
            var raw = RawInput(data, valueKey);
            var noteRaw = RawInput(data, noteKey);
            if (shown is { Preview: true })
            {
                // The card showed a preview and an empty input: blank means "keep the saved answer".
                if (string.IsNullOrWhiteSpace(raw)) raw = null;
                if (string.IsNullOrWhiteSpace(noteRaw)) noteRaw = null;
            }

            void Fail(string error, params string[] keys)
            {
                plan.Errors[q.Id] = error;
                foreach (var key in keys.Append(noteKey))
                {
                    if (RawInput(data, key) is { } typed) plan.Typed[key] = typed;
                }
            }

            if (q.Kind == QuestionKind.Table)
            {
                var cellKeys = q.Columns.ToDictionary(c => c.Id, c => SessionCards.CellInput(q.Id, c.Id));
                var cells = cellKeys.ToDictionary(kv => kv.Key, kv => RawInput(data, kv.Value));
                TableRow? row = null;
                if (cells.Values.Any(v => !string.IsNullOrWhiteSpace(v)))
                {
                    (row, var error) = AnswerRules.ParseRow(q, cells);
                    if (error is not null)
                    {
                        Fail(texts.Format(error), [.. cellKeys.Values]);
                        continue;
                    }
                    if (existing?.Value is TableAnswer { Rows.Length: >= AnswerRules.MaxTableRows })
                    {
                        Fail(texts.Format(new Texts.TextRef(SessionMessages.TooManyRows, AnswerRules.MaxTableRows)), [.. cellKeys.Values]);
                        continue;
                    }
                }
                var tableNoteChanged = noteRaw is not null && noteRaw.Trim() != (existing?.Note ?? "").Trim();
                if (row is null && !tableNoteChanged) continue;
                if (row is null && existing is null)
                {
                    Fail(texts[SessionTexts.AnswerCleared]);
                    continue;
                }
                var rows = existing?.Value is TableAnswer { Rows.IsDefault: false } t ? t.Rows : [];
                var table = new TableAnswer(row is null ? rows : rows.Add(row));
                if (row is not null && !AnswerRules.FitsStorage(table))
                {
                    Fail(texts.Format(new Texts.TextRef(SessionMessages.TableFull)), [.. cellKeys.Values]);
                    continue;
                }
                plan.Changes.Add(new AnswerChange(q.Id, table, tableNoteChanged ? noteRaw : existing?.Note));
                continue;
            }

            if (raw is null && noteRaw is null) continue; // not on the card: nothing to compare
            var (shownRaw, shownNote) = Shown(existing, shownRevision, history.GetValueOrDefault((q.Id, shownRevision)));
            var valueChanged = raw is not null && Comparable(q, raw) != Comparable(q, shownRaw);
            var noteChanged = noteRaw is not null && noteRaw.Trim() != (shownNote ?? "").Trim();
            if (noteRaw is { Length: > AnswerRules.MaxNoteLength })
            {
                Fail(texts.Format(new Texts.TextRef(SessionMessages.NoteTooLong, AnswerRules.MaxNoteLength)), valueKey);
                continue;
            }
            if (!valueChanged && !noteChanged) continue;
            var value = existing?.Value;
            if (valueChanged)
            {
                if (string.IsNullOrWhiteSpace(raw))
                {
                    if (existing is { Value.IsEmpty: false })
                    {
                        Fail(q.Required ? texts.Format(AnswerRules.Parse(q, "").Error!) : texts[SessionTexts.AnswerCleared], valueKey);
                        continue;
                    }
                }
                else
                {
                    var parsed = AnswerRules.Parse(q, raw);
                    if (!parsed.IsValid)
                    {
                        Fail(texts.Format(parsed.Error!), valueKey);
                        continue;
                    }
                    value = parsed.Value;
                }
            }
            if (value is null)
            {
                if (noteChanged) Fail(texts.Format(AnswerRules.Parse(q with { Required = true }, "").Error!), valueKey);
                continue;
            }
            var note = noteChanged ? noteRaw : existing?.Note;
            if (existing is not null && existing.Revision != shownRevision)
            {
                // Someone saved this question after the card was rendered. Same result: nothing to do; otherwise ask.
                if (value.ToJson() == existing.Value.ToJson() && Session.Clean(note) == existing.Note) continue;
                plan.Conflicts[q.Id] = new SectionConflict(existing.Respondent,
                    existing.Value.Display(q) + (string.IsNullOrEmpty(existing.Note) ? "" : " — " + existing.Note));
                if (raw is not null) plan.Typed[valueKey] = raw;
                if (noteRaw is not null) plan.Typed[noteKey] = noteRaw;
                continue;
            }
            plan.Changes.Add(new AnswerChange(q.Id, value, note));
        }
        return plan;
    }

    /// <summary>What the card showed for a question: the current value, the one before it (kept on the row), or history.</summary>
    private static (string Raw, string? Note) Shown(Answer? existing, int revision, AnswerRevision? fromHistory)
    {
        if (revision == 0) return ("", "");
        if (existing is null) return ("", "");
        if (existing.Revision == revision) return (SessionCards.RawValue(existing.Value), existing.Note);
        if (existing.Previous is { } previous && existing.Revision - 1 == revision) return (SessionCards.RawValue(previous.Value), previous.Note);
        return fromHistory is null ? ("", "") : (SessionCards.RawValue(fromHistory.Value), fromHistory.Note);
    }

    /// <summary>
    /// The history rows of what the card showed for the questions it sent that were saved twice or more since (the row
    /// itself keeps only the value before the current one): all in one query, not one read per question.
    /// </summary>
    private async Task<IReadOnlyDictionary<(string QuestionId, int Revision), AnswerRevision>> ShownInHistoryAsync(
        JsonObject data, GuideSection section, AnswerSnapshot snapshot, IReadOnlyDictionary<string, ShownRevision>? shownRevisions, CancellationToken ct)
    {
        var wanted = new List<(string QuestionId, int Revision)>();
        foreach (var q in section.Questions)
        {
            if (q.Kind == QuestionKind.Table || shownRevisions?.GetValueOrDefault(q.Id) is not { Revision: > 0 and var shown }) continue;
            if (snapshot.Answers.GetValueOrDefault(q.Id) is not { } existing || existing.Revision == shown || existing.Revision - 1 == shown) continue;
            if (RawInput(data, SessionCards.ValueInput(q.Id)) is null && RawInput(data, SessionCards.NoteInput(q.Id)) is null) continue;
            wanted.Add((q.Id, shown));
        }
        return await answers.GetRevisionsAsync(snapshot.SessionId, wanted, ct);
    }

    private static string Comparable(GuideQuestion question, string raw)
    {
        var text = raw.Trim();
        return question.Kind == QuestionKind.MultiChoice
            ? string.Join(",", text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal))
            : text;
    }

    private static string? Get(JsonObject data, string key) =>
        data[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : data[key]?.ToString();

    /// <summary>An input's value as sent (null when the card did not send it: "unchanged").</summary>
    private static string? RawInput(JsonObject data, string key) => data[key] is null ? null : Get(data, key);
}
