using System.Collections.Immutable;
using System.Globalization;
using Bitacora.Bot.Guides;

namespace Bitacora.Bot.Sessions;

/// <summary>The outcome of reading a card input: a value, nothing (left blank), or a Spanish message for the card.</summary>
public sealed record AnswerInput(AnswerValue? Value, string? Error)
{
    public static AnswerInput Blank { get; } = new(null, null);

    public bool IsValid => Error is null;
}

/// <summary>
/// Turns what a card sends into typed answers and checks typed answers against their question. Messages are the
/// Spanish texts the card shows; nothing here touches storage, so handlers check before they write.
/// </summary>
public static class AnswerRules
{
    public static CultureInfo Chile { get; } = CultureInfo.GetCultureInfo("es-CL");

    public const int MaxTextLength = 4000;
    public const int MaxTableRows = 200;

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
            return question.Required ? new(null, "Esta pregunta es obligatoria: escribe o elige una respuesta.") : AnswerInput.Blank;
        }
        AnswerValue? value;
        string? error;
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
                return new(null, "Agrega las filas de la tabla una por una.");
            default:
                return new(null, "Tipo de pregunta desconocido.");
        }
        return new(value, Validate(question, value!));
    }

    /// <summary>Reads one table row from the card's inputs (column id → raw text), normalising dates and numbers.</summary>
    public static (TableRow? Row, string? Error) ParseRow(GuideQuestion question, IReadOnlyDictionary<string, string?> inputs)
    {
        if (question.Kind != QuestionKind.Table) return (null, "Esta pregunta no es una tabla.");
        var cells = new List<KeyValuePair<string, string>>();
        foreach (var column in question.Columns)
        {
            var raw = inputs.GetValueOrDefault(column.Id)?.Trim();
            if (string.IsNullOrEmpty(raw))
            {
                if (column.Required) return (null, $"Completa la columna «{column.Title}».");
                continue;
            }
            string? cell;
            string? error = null;
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
                    if (!ClosedOptions.All.Any(o => o.Id == raw)) error = $"Elige Sí, No o Parcialmente en «{column.Title}».";
                    break;
                case ColumnKind.SingleChoice:
                    cell = raw;
                    if (!column.Options.Any(o => o.Id == raw)) error = $"Elige una opción de la lista en «{column.Title}».";
                    break;
                default:
                    cell = raw;
                    if (raw.Length > MaxTextLength) error = $"«{column.Title}» admite hasta {MaxTextLength} caracteres.";
                    break;
            }
            if (error is not null) return (null, $"{column.Title}: {error}");
            cells.Add(KeyValuePair.Create(column.Id, cell!));
        }
        if (cells.Count == 0) return (null, "La fila está vacía: completa al menos una columna.");
        return (TableRow.New(cells), null);
    }

    /// <summary>Null when <paramref name="value"/> is a valid answer to <paramref name="question"/>; else the Spanish reason.</summary>
    public static string? Validate(GuideQuestion question, AnswerValue value)
    {
        switch (question.Kind, value)
        {
            case (QuestionKind.Closed, ClosedAnswer closed):
                return ClosedOptions.All.Any(o => o.Id == closed.OptionId) ? null : "Elige Sí, No o Parcialmente.";
            case (QuestionKind.Closed, ChoiceAnswer):
                return "Elige solo una respuesta: Sí, No o Parcialmente.";
            case (QuestionKind.SingleChoice, ChoiceAnswer choice):
                if (choice.OptionIds.Length != 1) return "Elige una sola opción.";
                return question.Options.Any(o => o.Id == choice.OptionIds[0]) ? null : "Elige una opción de la lista.";
            case (QuestionKind.MultiChoice, ChoiceAnswer choice):
                if (choice.OptionIds.IsDefaultOrEmpty) return "Elige al menos una opción.";
                if (choice.OptionIds.Distinct().Count() != choice.OptionIds.Length) return "Una opción está repetida.";
                return choice.OptionIds.All(id => question.Options.Any(o => o.Id == id)) ? null : "Elige opciones de la lista.";
            case (QuestionKind.Open, TextAnswer text):
                if (text.IsEmpty) return "La respuesta está vacía.";
                return text.Text.Length <= MaxTextLength ? null : $"La respuesta admite hasta {MaxTextLength} caracteres.";
            case (QuestionKind.Date, DateAnswer date):
                return date.Date.Year is >= 1990 and <= 2100 ? null : "La fecha está fuera de rango.";
            case (QuestionKind.Number, NumberAnswer number):
                if (question.Integer && decimal.Truncate(number.Number) != number.Number) return "Escribe un número entero (por ejemplo, 12).";
                if (question.Min is { } min && number.Number < min) return $"El número debe ser mayor o igual que {min.ToString(Chile)}.";
                if (question.Max is { } max && number.Number > max) return $"El número debe ser menor o igual que {max.ToString(Chile)}.";
                return null;
            case (QuestionKind.Table, TableAnswer table):
                if (table.Rows.Length > MaxTableRows) return $"La tabla admite hasta {MaxTableRows} filas.";
                if (table.Rows.Select(r => r.Id).Distinct().Count() != table.Rows.Length) return "Hay filas repetidas.";
                foreach (var row in table.Rows)
                {
                    if (row.Cells.Keys.Any(k => question.Columns.All(c => c.Id != k))) return "La fila tiene una columna que no existe en la tabla.";
                    var missing = question.Columns.FirstOrDefault(c => c.Required && !row.Cells.ContainsKey(c.Id));
                    if (missing is not null) return $"Completa la columna «{missing.Title}».";
                }
                return null;
            default:
                return "La respuesta no corresponde al tipo de pregunta.";
        }
    }

    private static (AnswerValue? Value, string? Error) ParseDate(string text)
    {
        // Input.Date sends yyyy-MM-dd; people typing in chat write 15-03-2026 or 15/03/2026.
        if (DateOnly.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date.Year is >= 1990 and <= 2100
                ? (new DateAnswer(date), null)
                : (null, $"La fecha «{text}» está fuera de rango.");
        }
        return (null, $"La fecha «{text}» no es válida. Usa el formato DD-MM-AAAA (por ejemplo, 15-03-2026).");
    }

    private static (AnswerValue? Value, string? Error) ParseNumber(string text, bool integer)
    {
        // es-CL writes 1.234,5; the card's Input.Number sends 1234.5. A comma means es-CL; otherwise invariant,
        // except integers, where "1.000" is a thousand in Chile.
        var culture = text.Contains(',') || (integer && text.Contains('.')) ? Chile : CultureInfo.InvariantCulture;
        var styles = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowThousands | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite;
        if (decimal.TryParse(text, styles, culture, out var number))
        {
            return (new NumberAnswer(number), null);
        }
        return (null, integer ? $"«{text}» no es un número entero." : $"«{text}» no es un número.");
    }
}
