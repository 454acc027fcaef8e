using System.Globalization;
using System.Text;

namespace Bitacora.Bot.Exports;

/// <summary>
/// One sheet as the CSV that Excel with Chilean settings opens in columns: UTF-8 with BOM, ';' separator, CRLF, fields
/// quoted when they hold ';', '"' or a line break (quotes doubled), dates dd-MM-yyyy and times HH:mm (es-CL), Spanish
/// headers. A text that would start a formula (= + - @ tab CR) gets a leading apostrophe and quotes, as CsvHelper's
/// injection escaping does, so Excel shows it as text and never evaluates it.
/// </summary>
public static class CsvExportWriter
{
    public const char Separator = ';';

    public static byte[] Write(ExportSheet sheet)
    {
        var text = new StringBuilder();
        text.Append('\uFEFF');
        text.AppendJoin(Separator, sheet.Columns.Select(c => Field(c.Header, CellKind.Text))).Append("\r\n");
        foreach (var row in sheet.Rows)
        {
            for (var i = 0; i < sheet.Columns.Count; i++)
            {
                if (i > 0)
                {
                    text.Append(Separator);
                }
                text.Append(Field(i < row.Length ? row[i] : null, sheet.Columns[i].Kind));
            }
            text.Append("\r\n");
        }
        return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text.ToString());
    }

    private static string Field(object? value, CellKind kind)
    {
        var text = value switch
        {
            null => "",
            DateOnly d => d.ToString("dd-MM-yyyy", CultureInfo.InvariantCulture),
            DateTime t => t.ToString("dd-MM-yyyy HH:mm", CultureInfo.InvariantCulture),
            long or int => Convert.ToString(value, CultureInfo.InvariantCulture)!,
            _ => SpreadsheetText.Clean(Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""),
        };
        var neutralise = kind == CellKind.Text && SpreadsheetText.LooksLikeFormula(text);
        if (neutralise)
        {
            text = "'" + text;
        }
        return neutralise || text.AsSpan().IndexOfAny(";\"\r\n") >= 0 || (text.Length > 0 && (text[0] == ' ' || text[^1] == ' '))
            ? "\"" + text.Replace("\"", "\"\"") + "\""
            : text;
    }
}
