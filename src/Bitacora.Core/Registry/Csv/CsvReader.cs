using System.Text;

namespace Bitacora.Bot.Registry.Csv;

/// <summary>One CSV record: its fields, the physical line it starts on (1-based) and, if malformed, why.</summary>
public sealed record CsvRecord(int LineNumber, IReadOnlyList<string> Fields, CsvError? Error = null);

public enum CsvError
{
    /// <summary>A quoted field that never closes before the end of the file.</summary>
    UnterminatedQuote,

    /// <summary>A quote inside an unquoted field, or text right after a closing quote.</summary>
    StrayQuote,
}

/// <summary>
/// An RFC 4180 reader: comma separator, fields optionally in double quotes, "" for a quote inside quotes, commas and
/// line breaks allowed inside quotes, CRLF or LF line ends, a UTF-8 BOM ignored. Wholly empty lines are skipped.
/// A malformed record is returned with <see cref="CsvRecord.Error"/> set and reading resumes on the next line,
/// so one bad row does not hide the others.
/// </summary>
public static class CsvReader
{
    public static IEnumerable<CsvRecord> Read(TextReader reader)
    {
        var line = 1;
        var first = true;
        while (true)
        {
            var c = reader.Peek();
            if (c < 0)
            {
                yield break;
            }
            if (first && c == '\uFEFF')
            {
                reader.Read();
                first = false;
                continue;
            }
            first = false;
            if (c is '\r' or '\n')
            {
                ConsumeLineEnd(reader);
                line++;
                continue;
            }
            var start = line;
            var (fields, error, linesUsed) = ReadRecord(reader);
            line += linesUsed;
            yield return new CsvRecord(start, fields, error);
        }
    }

    public static IEnumerable<CsvRecord> Read(string text) => Read(new StringReader(text));

    /// <summary>Reads one record and its line end; returns how many line breaks it consumed.</summary>
    private static (List<string> Fields, CsvError? Error, int Lines) ReadRecord(TextReader reader)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var lines = 0;
        CsvError? error = null;
        while (true)
        {
            var c = reader.Peek();
            if (c < 0)
            {
                fields.Add(field.ToString());
                return (fields, error, lines);
            }
            if (c == '"' && field.Length == 0)
            {
                reader.Read();
                var closed = ReadQuoted(reader, field, ref lines);
                if (!closed)
                {
                    fields.Add(field.ToString());
                    return (fields, CsvError.UnterminatedQuote, lines);
                }
                var next = reader.Peek();
                if (next >= 0 && next is not (',' or '\r' or '\n'))
                {
                    error ??= CsvError.StrayQuote;
                }
                continue;
            }
            reader.Read();
            switch (c)
            {
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r' or '\n':
                    if (c == '\r' && reader.Peek() == '\n')
                    {
                        reader.Read();
                    }
                    fields.Add(field.ToString());
                    return (fields, error, lines + 1);
                case '"':
                    error ??= CsvError.StrayQuote;
                    field.Append('"');
                    break;
                default:
                    field.Append((char)c);
                    break;
            }
        }
    }

    /// <summary>Reads up to the closing quote (the opening one already consumed); false at end of file.</summary>
    private static bool ReadQuoted(TextReader reader, StringBuilder field, ref int lines)
    {
        while (true)
        {
            var c = reader.Read();
            if (c < 0)
            {
                return false;
            }
            if (c == '"')
            {
                if (reader.Peek() == '"')
                {
                    reader.Read();
                    field.Append('"');
                    continue;
                }
                return true;
            }
            if (c == '\r')
            {
                // Keep the line break as written but count it once.
                field.Append('\r');
                if (reader.Peek() == '\n')
                {
                    field.Append((char)reader.Read());
                }
                lines++;
                continue;
            }
            if (c == '\n')
            {
                lines++;
            }
            field.Append((char)c);
        }
    }

    private static void ConsumeLineEnd(TextReader reader)
    {
        if (reader.Read() == '\r' && reader.Peek() == '\n')
        {
            reader.Read();
        }
    }
}

/// <summary>Writes fields RFC 4180 style (quotes only where needed); for reports and round-trip tests.</summary>
public static class CsvWriter
{
    public static string Field(string? value) => value is null ? "" :
        value.IndexOfAny([',', '"', '\r', '\n']) >= 0 || (value.Length > 0 && (value[0] == ' ' || value[^1] == ' '))
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;

    public static string Line(IEnumerable<string?> fields) => string.Join(',', fields.Select(Field));
}
