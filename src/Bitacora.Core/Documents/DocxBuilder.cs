using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Bitacora.Bot.Documents;

/// <summary>
/// A small writer of Word documents (DocumentFormat.OpenXml): title, headings (real Heading styles, so Word's
/// navigation pane and table of contents see them), paragraphs with line breaks, bordered tables with a header row,
/// PNG images, page breaks. Language es-CL. Pure: bytes out, no I/O.
/// </summary>
public sealed class DocxBuilder : IDisposable
{
    /// <summary>Text width of an A4/Letter page with the default margins, in twentieths of a point.</summary>
    private const int TextWidthTwips = 9000;

    private readonly MemoryStream _stream = new();
    private readonly WordprocessingDocument _document;
    private readonly Body _body;
    private uint _images;

    public DocxBuilder(string title)
    {
        _document = WordprocessingDocument.Create(_stream, WordprocessingDocumentType.Document, true);
        var main = _document.AddMainDocumentPart();
        main.Document = new DocumentFormat.OpenXml.Wordprocessing.Document(_body = new Body());
        var styles = main.AddNewPart<StyleDefinitionsPart>();
        styles.Styles = Styles();
        _document.PackageProperties.Title = title;
        _document.PackageProperties.Language = "es-CL";
    }

    public DocxBuilder Title(string text) => Add(StyledParagraph("Title", text));

    public DocxBuilder Heading(string text, int level = 1) => Add(StyledParagraph("Heading" + Math.Clamp(level, 1, 2), text));

    public DocxBuilder Paragraph(string text, bool bold = false, bool subtle = false)
    {
        var paragraph = new Paragraph();
        var lines = (text ?? "").Replace("\r\n", "\n").Split('\n');
        var run = new Run();
        if (bold || subtle)
        {
            var props = new RunProperties();
            if (bold) props.Append(new Bold());
            if (subtle) props.Append(new Color { Val = "595959" });
            run.Append(props);
        }
        for (var i = 0; i < lines.Length; i++)
        {
            if (i > 0) run.Append(new Break());
            run.Append(new Text(lines[i]) { Space = SpaceProcessingModeValues.Preserve });
        }
        paragraph.Append(run);
        return Add(paragraph);
    }

    /// <summary>A bordered table; the first row is the header (bold, repeated on each page) when <paramref name="header"/>.</summary>
    public DocxBuilder Table(IReadOnlyList<IReadOnlyList<string>> rows, bool header = true, IReadOnlyList<int>? widthsPercent = null)
    {
        var table = new Table();
        var border = new EnumValue<BorderValues>(BorderValues.Single);
        table.Append(new TableProperties(
            new TableWidth { Width = "5000", Type = TableWidthUnitValues.Pct },
            new TableBorders(
                new TopBorder { Val = border, Size = 4 }, new BottomBorder { Val = border, Size = 4 },
                new LeftBorder { Val = border, Size = 4 }, new RightBorder { Val = border, Size = 4 },
                new InsideHorizontalBorder { Val = border, Size = 4 }, new InsideVerticalBorder { Val = border, Size = 4 })));
        // Word needs the grid (python-docx refuses a table without it): one column per cell of the widest row.
        var columns = rows.Count == 0 ? 1 : rows.Max(r => r.Count);
        var grid = new TableGrid();
        for (var c = 0; c < columns; c++)
        {
            var percent = widthsPercent is not null && c < widthsPercent.Count ? widthsPercent[c] : 100 / columns;
            grid.Append(new GridColumn { Width = (TextWidthTwips * percent / 100).ToString(System.Globalization.CultureInfo.InvariantCulture) });
        }
        table.Append(grid);
        for (var r = 0; r < rows.Count; r++)
        {
            var row = new TableRow();
            var isHeader = header && r == 0;
            if (isHeader) row.Append(new TableRowProperties(new TableHeader()));
            for (var c = 0; c < rows[r].Count; c++)
            {
                var cell = new TableCell();
                var cellProps = new TableCellProperties();
                if (widthsPercent is not null && c < widthsPercent.Count)
                {
                    cellProps.Append(new TableCellWidth { Width = (widthsPercent[c] * 50).ToString(System.Globalization.CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Pct });
                }
                if (isHeader) cellProps.Append(new Shading { Val = ShadingPatternValues.Clear, Fill = "D9E2F3" });
                cell.Append(cellProps);
                cell.Append(CellParagraph(rows[r][c], isHeader));
                row.Append(cell);
            }
            table.Append(row);
        }
        Add(table);
        return Add(new Paragraph());
    }

    /// <summary>A PNG on its own line, scaled to the text width, with <paramref name="description"/> as its alternative text.</summary>
    public DocxBuilder Image(byte[] png, int widthPx, int heightPx, string description) =>
        Add(DocxImage.Inline(_document.MainDocumentPart!, png, widthPx, heightPx, description, ++_images));

    public DocxBuilder PageBreak() => Add(new Paragraph(new Run(new Break { Type = BreakValues.Page })));

    public byte[] ToArray()
    {
        _document.MainDocumentPart!.Document.Save();
        _document.Dispose();
        return _stream.ToArray();
    }

    public void Dispose()
    {
        _document.Dispose();
        _stream.Dispose();
    }

    private DocxBuilder Add(OpenXmlElement element)
    {
        _body.Append(element);
        return this;
    }

    private static Paragraph StyledParagraph(string styleId, string text) =>
        new(new ParagraphProperties(new ParagraphStyleId { Val = styleId }), new Run(new Text(text) { Space = SpaceProcessingModeValues.Preserve }));

    private static Paragraph CellParagraph(string text, bool bold)
    {
        var run = new Run();
        if (bold) run.Append(new RunProperties(new Bold()));
        var lines = (text ?? "").Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (i > 0) run.Append(new Break());
            run.Append(new Text(lines[i]) { Space = SpaceProcessingModeValues.Preserve });
        }
        return new Paragraph(run);
    }

    private static Styles Styles()
    {
        Style Heading(string id, string name, string size, string color) => new(
            new StyleName { Val = name },
            new BasedOn { Val = "Normal" },
            new NextParagraphStyle { Val = "Normal" },
            new PrimaryStyle(),
            new StyleParagraphProperties(new KeepNext(), new SpacingBetweenLines { Before = "240", After = "120" },
                new OutlineLevel { Val = id == "Heading1" ? 0 : id == "Heading2" ? 1 : 0 }),
            new StyleRunProperties(new Bold(), new FontSize { Val = size }, new Color { Val = color }))
        {
            Type = StyleValues.Paragraph,
            StyleId = id,
        };

        return new Styles(
            new DocDefaults(
                new RunPropertiesDefault(new RunPropertiesBaseStyle(
                    new RunFonts { Ascii = "Calibri", HighAnsi = "Calibri", ComplexScript = "Calibri" },
                    new FontSize { Val = "22" },
                    new Languages { Val = "es-CL" })),
                new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(new SpacingBetweenLines { After = "120" }))),
            new Style(new StyleName { Val = "Normal" }, new PrimaryStyle()) { Type = StyleValues.Paragraph, StyleId = "Normal", Default = true },
            Heading("Title", "Title", "44", "1F3864"),
            Heading("Heading1", "heading 1", "32", "1F3864"),
            Heading("Heading2", "heading 2", "26", "2F5496"));
    }
}
