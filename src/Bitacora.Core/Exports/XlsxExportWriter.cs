using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Bitacora.Bot.Exports;

/// <summary>
/// An export as an .xlsx workbook (Open XML SDK): one sheet per table, the Spanish header row bold, shaded, frozen and
/// with an autofilter, column widths from the content, dates and times as real date cells (serial numbers formatted
/// dd-mm-yyyy / dd-mm-yyyy hh:mm), whole numbers as numbers. Text is never a formula in a file (no &lt;f&gt;), and a text
/// that starts like one (= + - @ tab CR) also gets Excel's "quote prefix" style, so editing the cell keeps it text.
/// </summary>
public static class XlsxExportWriter
{
    private const uint HeaderStyle = 1, DateStyle = 2, DateTimeStyle = 3, QuotedTextStyle = 4;

    public static byte[] Write(ExportWorkbook workbook)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            document.PackageProperties.Creator = "Bitácora";
            document.PackageProperties.Title = (workbook.Sheets.Count > 0 ? workbook.Sheets[0].Name : null);
            var book = document.AddWorkbookPart();
            book.Workbook = new Workbook();
            var styles = book.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = Styles();
            var sheets = book.Workbook.AppendChild(new Sheets());
            var names = new DefinedNames();
            uint id = 1;
            foreach (var sheet in workbook.Sheets)
            {
                var part = book.AddNewPart<WorksheetPart>();
                part.Worksheet = Worksheet(sheet, id == 1, out var filterRange);
                sheets.Append(new Sheet { Id = book.GetIdOfPart(part), SheetId = id, Name = SheetName(sheet.Name) });
                names.Append(new DefinedName($"'{SheetName(sheet.Name).Replace("'", "''")}'!{filterRange}")
                    { Name = "_xlnm._FilterDatabase", LocalSheetId = id - 1, Hidden = true });
                id++;
            }
            book.Workbook.Append(names);
            book.Workbook.Save();
        }
        return stream.ToArray();
    }

    private static Worksheet Worksheet(ExportSheet sheet, bool selected, out string filterRange)
    {
        var lastColumn = ColumnName(sheet.Columns.Count - 1);
        var lastRow = sheet.Rows.Count + 1;
        filterRange = $"$A$1:${lastColumn}${lastRow}";

        var data = new SheetData();
        var header = new Row { RowIndex = 1 };
        for (var c = 0; c < sheet.Columns.Count; c++)
        {
            header.Append(TextCell(c, 1, sheet.Columns[c].Header, HeaderStyle));
        }
        data.Append(header);
        var rowIndex = 1u;
        foreach (var values in sheet.Rows)
        {
            rowIndex++;
            var row = new Row { RowIndex = rowIndex };
            for (var c = 0; c < sheet.Columns.Count; c++)
            {
                if (Cell(c, rowIndex, c < values.Length ? values[c] : null) is { } cell)
                {
                    row.Append(cell);
                }
            }
            data.Append(row);
        }

        return new Worksheet(
            new SheetViews(new SheetView(
                new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen },
                new Selection { Pane = PaneValues.BottomLeft, ActiveCell = "A2", SequenceOfReferences = new ListValue<StringValue> { InnerText = "A2" } })
            { WorkbookViewId = 0, TabSelected = selected }),
            new SheetFormatProperties { DefaultRowHeight = 15 },
            new Columns(sheet.Columns.Select((col, i) => new Column
            {
                Min = (uint)(i + 1), Max = (uint)(i + 1), Width = Width(sheet, i), CustomWidth = true,
            })),
            data,
            new AutoFilter { Reference = $"A1:{lastColumn}{lastRow}" });
    }

    private static Cell? Cell(int column, uint row, object? value)
    {
        var reference = ColumnName(column) + row.ToString(CultureInfo.InvariantCulture);
        return value switch
        {
            null => null,
            DateOnly d => Number(reference, d.ToDateTime(TimeOnly.MinValue).ToOADate(), DateStyle),
            DateTime t => Number(reference, t.ToOADate(), DateTimeStyle),
            long or int => Number(reference, Convert.ToDouble(value, CultureInfo.InvariantCulture), null),
            _ => Convert.ToString(value, CultureInfo.InvariantCulture) is { Length: > 0 } s ? TextCell(column, row, s, null) : null,
        };
    }

    private static Cell Number(string reference, double value, uint? style) => new()
    {
        CellReference = reference,
        StyleIndex = style is { } s ? s : null,
        CellValue = new CellValue(value.ToString("R", CultureInfo.InvariantCulture)),
    };

    private static Cell TextCell(int column, uint row, string value, uint? style)
    {
        var text = SpreadsheetText.Clean(value);
        return new Cell
        {
            CellReference = ColumnName(column) + row.ToString(CultureInfo.InvariantCulture),
            DataType = CellValues.InlineString,
            StyleIndex = style ?? (SpreadsheetText.LooksLikeFormula(text) ? QuotedTextStyle : null),
            InlineString = new InlineString(new Text(text) { Space = SpaceProcessingModeValues.Preserve }),
        };
    }

    /// <summary>Characters of the widest cell (header included), between 8 and 60, plus a margin.</summary>
    private static double Width(ExportSheet sheet, int column)
    {
        var widest = sheet.Columns[column].Header.Length + 3; // room for the filter button
        foreach (var row in sheet.Rows.Take(2000))
        {
            var length = (column < row.Length ? row[column] : null) switch
            {
                null => 0,
                DateOnly => 10,
                DateTime => 16,
                var v => Convert.ToString(v, CultureInfo.InvariantCulture)!.Split('\n').Max(l => l.Length),
            };
            widest = Math.Max(widest, length);
        }
        return Math.Clamp(widest, 8, 60) + 2;
    }

    /// <summary>0 → A, 25 → Z, 26 → AA.</summary>
    public static string ColumnName(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + (n - 1) % 26) + name;
        }
        return name;
    }

    /// <summary>Excel's sheet name rules: ≤ 31 characters, none of : \ / ? * [ ].</summary>
    private static string SheetName(string name)
    {
        var clean = new string(name.Select(c => c is ':' or '\\' or '/' or '?' or '*' or '[' or ']' ? '-' : c).ToArray());
        return clean.Length > 31 ? clean[..31] : clean;
    }

    private static Stylesheet Styles() => new(
        new NumberingFormats(
            new NumberingFormat { NumberFormatId = 164, FormatCode = "dd-mm-yyyy" },
            new NumberingFormat { NumberFormatId = 165, FormatCode = "dd-mm-yyyy hh:mm" }) { Count = 2 },
        new Fonts(
            new Font(new FontSize { Val = 11 }, new FontName { Val = "Calibri" }),
            new Font(new Bold(), new FontSize { Val = 11 }, new FontName { Val = "Calibri" })) { Count = 2 },
        new Fills(
            new Fill(new PatternFill { PatternType = PatternValues.None }),
            new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
            new Fill(new PatternFill(new ForegroundColor { Rgb = "FFDCE6F1" }) { PatternType = PatternValues.Solid })) { Count = 3 },
        new Borders(
            new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder()),
            new Border(new LeftBorder(), new RightBorder(), new TopBorder(),
                new BottomBorder(new Color { Rgb = "FF0E4A7A" }) { Style = BorderStyleValues.Thin }, new DiagonalBorder())) { Count = 2 },
        new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
        new CellFormats(
            new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0 },
            new CellFormat { NumberFormatId = 0, FontId = 1, FillId = 2, BorderId = 1, FormatId = 0, ApplyFont = true, ApplyFill = true, ApplyBorder = true },
            new CellFormat { NumberFormatId = 164, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 165, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 49, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyNumberFormat = true, QuotePrefix = true }) { Count = 5 },
        new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });
}
