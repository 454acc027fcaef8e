using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Bitacora.Bot.Tests.Logbook;

/// <summary>Reads generated .docx files back: with DocumentFormat.OpenXml, and with python-docx (a reader that is not our writer).</summary>
internal static class DocxReader
{
    /// <summary>Every paragraph's text (body and table cells), one per line.</summary>
    public static string Paragraphs(byte[] docx)
    {
        using var stream = new MemoryStream(docx);
        using var document = WordprocessingDocument.Open(stream, false);
        var body = document.MainDocumentPart!.Document.Body!;
        return string.Join("\n", body.Descendants<Paragraph>().Select(p => string.Concat(p.Descendants<Text>().Select(t => t.Text))));
    }

    /// <summary>
    /// Opens the file with python-docx (<see cref="Bitacora.Testing.PythonReader"/>, installed by scripts/test) and checks
    /// each text appears in a paragraph or a table cell, and that the record headings are real Word headings.
    /// </summary>
    public static async Task AssertPythonDocxReadsAsync(byte[] docx, IEnumerable<string> expected)
    {
        var read = await Bitacora.Testing.PythonReader.ReadDocxAsync(docx);
        var paragraphs = read["paragraphs"]!.AsArray().Select(p => p!["text"]!.GetValue<string>());
        var cells = read["tables"]!.AsArray().SelectMany(t => t!.AsArray()).SelectMany(r => r!.AsArray()).Select(c => c!.GetValue<string>());
        var all = string.Join("\n", paragraphs.Concat(cells));
        foreach (var text in expected)
        {
            Assert.Contains(text, all);
        }
        Assert.Contains(read["paragraphs"]!.AsArray(), p => p!["style"]!.GetValue<string>() == "Heading 1"
                                                          && p["text"]!.GetValue<string>().StartsWith("REGISTRO COMUNIDAD DE APRENDIZAJE N°", StringComparison.Ordinal));
    }
}
