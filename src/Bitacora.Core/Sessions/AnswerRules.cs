using System.Collections.Immutable;
using System.Globalization;
using Bitacora.Bot.Guides;
using Bitacora.Bot.Texts;

namespace Bitacora.Bot.Sessions;

/// <summary>The outcome of reading a card input: a value, nothing (left blank), or why not (a text key the card formats).</summary>
public sealed record AnswerInput(AnswerValue? Value, TextRef? Error)
{
    public static AnswerInput Blank { get; } = new(null, null);

    public bool IsValid => Error is null;
}

/// <summary>
/// Turns what a card sends into typed answers and checks typed answers against their question. Messages are text keys
/// (Content/Texts/sessions.es-CL.json) the card formats; nothing here touches storage, so handlers check before they write.
/// </summary>
public static class AnswerRules
{
    public static CultureInfo Chile { get; } = CultureInfo.GetCultureInfo("es-CL");

    public const int MaxTextLength = 4000;
    public const int MaxTableRows = 200;
    public const int MaxNoteLength = 1000;

    /// <summary>
    /// The longest stored form of a value (its JSON, one string property): Table Storage keeps a string property of up
    /// to 64 KiB of UTF-16, 32 768 characters. Only a table reaches it (200 rows of 4 000-character cells would be
    /// megabytes; the JUNJI topics table reaches it at four rows with both texts at their maximum).
    /// </summary>
    public const int MaxStoredLength = 32_000;

    /// <summary>Whether <paramref name="value"/> can be stored (<see cref="MaxStoredLength"/>).</summary>
    public static bool FitsStorage(AnswerValue value) => value.ToJson().Length <= MaxStoredLength;

    private static readonly string[] DateFormats = ["yyyy-MM-dd", "d-M-yyyy", "d/M/yyyy"];

    /// <summary>
    /// Parses a card input (Input.Text / Date / Number / ChoiceSet value). Blank input is <see cref="AnswerInput.Blank"/>,
    /// or an error when the question is required. Table questions are answered row by row (<see cref="ParseRow"/>).
    /// </summary>
    public static AnswerInput Parse(GuideQuestion question, string? raw)
    {
        var text = raw?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return question.Required ? new(null, new TextRef(SessionMessages.Required)) : AnswerInput.Blank;
        }
        AnswerValue? value;
        TextRef? error;
        switch (question.Kind)
        {
            case QuestionKind.Closed:
            case QuestionKind.SingleChoice:
            case QuestionKind.MultiChoice:
                var ids = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                value = question.Kind == QuestionKind.Closed && ids.Length == 1
                    ? new ClosedAnswer(ids[0])
                    : new ChoiceAnswer([.. ids]);
                break;
            case QuestionKind.Open:
                value = new TextAnswer(text);
                break;
            case QuestionKind.Date:
                (value, error) = ParseDate(text);
                if (error is not null) return new(null, error);
                break;
            case QuestionKind.Number:
                (value, error) = ParseNumber(text, question.Integer);
                if (error is not null) return new(null, error);
                break;
            case QuestionKind.Table:
                return new(null, new TextRef(SessionMessages.TableRowByRow));
            default:
                return new(null, new TextRef(SessionMessages.UnknownKind));
        }
        return new(value, Validate(question, value!));
    }

    /// <summary>Reads one table row from the card's inputs (column id → raw text), normalising dates and numbers.</summary>
    public static (TableRow? Row, TextRef? Error) ParseRow(GuideQuestion question, IReadOnlyDictionary<string, string?> inputs)
    {
        if (question.Kind != QuestionKind.Table) return (null, new TextRef(SessionMessages.NotATable));
        var cells = new List<KeyValuePair<string, string>>();
        foreach (var column in question.Columns)
        {
            var raw = inputs.GetValueOrDefault(column.Id)?.Trim();
            if (string.IsNullOrEmpty(raw))
            {
                if (column.Required) return (null, new TextRef(SessionMessages.CompleteColumn, column.Title));
                continue;
            }
            string? cell;
            TextRef? error = null;
            switch (column.Kind)
            {
                case ColumnKind.Date:
                    var (date, dateError) = ParseDate(raw);
                    cell = date is DateAnswer d ? d.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null;
                    error = dateError;
                    break;
                case ColumnKind.Number:
                    var (number, numberError) = ParseNumber(raw, integer: false);
                    cell = number is NumberAnswer n ? n.Number.ToString(CultureInfo.InvariantCulture) : null;
                    error = numberError;
                    break;
                case ColumnKind.Closed:
                    cell = raw;
                    if (!ClosedOptions.All.Any(o => o.Id == raw)) error = new TextRef(SessionMessages.ClosedInColumn, column.Title);
                    break;
                case ColumnKind.SingleChoice:
                    cell = raw;
                    if (!column.Options.Any(o => o.Id == raw)) error = new TextRef(SessionMessages.OptionInColumn, column.Title);
                    break;
                default:
                    cell = raw;
                    if (raw.Length > MaxTextLength) error = new TextRef(SessionMessages.ColumnTooLong, column.Title, MaxTextLength);
                    break;
            }
            if (error is not null) return (null, new TextRef(SessionMessages.ColumnError, column.Title, error));
            cells.Add(KeyValuePair.Create(column.Id, cell!));
        }
        if (cells.Count == 0) return (null, new TextRef(SessionMessages.EmptyRow));
        return (TableRow.New(cells), null);
    }

    /// <summary>Null when <paramref name="value"/> is a valid answer to <paramref name="question"/>; else why not (a text key).</summary>
    public static TextRef? Validate(GuideQuestion question, AnswerValue value)
    {
        switch (question.Kind, value)
        {
            case (QuestionKind.Closed, ClosedAnswer closed):
                return ClosedOptions.All.Any(o => o.Id == closed.OptionId) ? null : new TextRef(SessionMessages.Closed);
            case (QuestionKind.Closed, ChoiceAnswer):
                return new TextRef(SessionMessages.ClosedOnlyOne);
            case (QuestionKind.SingleChoice, ChoiceAnswer choice):
                if (choice.OptionIds.Length != 1) return new TextRef(SessionMessages.SingleOne);
                return question.Options.Any(o => o.Id == choice.OptionIds[0]) ? null : new TextRef(SessionMessages.SingleFromList);
            case (QuestionKind.MultiChoice, ChoiceAnswer choice):
                if (choice.OptionIds.IsDefaultOrEmpty) return new TextRef(SessionMessages.MultiAtLeastOne);
                if (choice.OptionIds.Distinct().Count() != choice.OptionIds.Length) return new TextRef(SessionMessages.MultiRepeated);
                return choice.OptionIds.All(id => question.Options.Any(o => o.Id == id)) ? null : new TextRef(SessionMessages.MultiFromList);
            case (QuestionKind.Open, TextAnswer text):
                if (text.IsEmpty) return new TextRef(SessionMessages.EmptyText);
                return text.Text.Length <= MaxTextLength ? null : new TextRef(SessionMessages.TextTooLong, MaxTextLength);
            case (QuestionKind.Date, DateAnswer date):
                return date.Date.Year is >= 1990 and <= 2100 ? null : new TextRef(SessionMessages.DateOutOfRange);
            case (QuestionKind.Number, NumberAnswer number):
                if (question.Integer && decimal.Truncate(number.Number) != number.Number) return new TextRef(SessionMessages.IntegerExpected);
                if (question.Min is { } min && number.Number < min) return new TextRef(SessionMessages.NumberMin, min);
                if (question.Max is { } max && number.Number > max) return new TextRef(SessionMessages.NumberMax, max);
                return null;
            case (QuestionKind.Table, TableAnswer table):
                if (table.Rows.Length > MaxTableRows) return new TextRef(SessionMessages.TooManyRows, MaxTableRows);
                if (!FitsStorage(table)) return new TextRef(SessionMessages.TableFull);
                if (table.Rows.Select(r => r.Id).Distinct().Count() != table.Rows.Length) return new TextRef(SessionMessages.RepeatedRows);
                foreach (var row in table.Rows)
                {
                    if (row.Cells.Keys.Any(k => question.Columns.All(c => c.Id != k))) return new TextRef(SessionMessages.UnknownColumn);
                    var missing = question.Columns.FirstOrDefault(c => c.Required && !row.Cells.ContainsKey(c.Id));
                    if (missing is not null) return new TextRef(SessionMessages.CompleteColumn, missing.Title);
                }
                return null;
            default:
                return new TextRef(SessionMessages.WrongKind);
        }
    }

    private static (AnswerValue? Value, TextRef? Error) ParseDate(string text)
    {
        // Input.Date sends yyyy-MM-dd; people typing in chat write 15-03-2026 or 15/03/2026.
        if (DateOnly.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date.Year is >= 1990 and <= 2100
                ? (new DateAnswer(date), null)
                : (null, new TextRef(SessionMessages.DateTextOutOfRange, Echo(text)));
        }
        return (null, new TextRef(SessionMessages.DateInvalid, Echo(text)));
    }

    private static (AnswerValue? Value, TextRef? Error) ParseNumber(string text, bool integer)
    {
        // es-CL writes 1.234,5; the card's Input.Number sends 1234.5. A comma means es-CL; otherwise invariant,
        // except integers, where "1.000" is a thousand in Chile.
        var culture = text.Contains(',') || (integer && text.Contains('.')) ? Chile : CultureInfo.InvariantCulture;
        var styles = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowThousands | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite;
        if (decimal.TryParse(text, styles, culture, out var number))
        {
            return (new NumberAnswer(number), null);
        }
        return (null, integer ? new TextRef(SessionMessages.NotAnInteger, Echo(text)) : new TextRef(SessionMessages.NotANumber, Echo(text)));
    }

    /// <summary>What a message repeats of the typed text: enough to recognise it (the whole text stays in the input).</summary>
    private static string Echo(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
