using System.Diagnostics;
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

    /// <summary>Debian's python3 (where apt installs python3-docx) ahead of any other python3 on the PATH (pyenv, venvs).</summary>
    private static string Python => File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    /// <summary>
    /// Opens the file with python3-docx (installed by scripts/test from Debian) and checks each text appears in a
    /// paragraph or a table cell. Without python3-docx on the machine the check cannot run and fails, saying so.
    /// </summary>
    public static void AssertPythonDocxReads(byte[] docx, IEnumerable<string> expected)
    {
        var file = Path.Combine(Path.GetTempPath(), $"bitacora-{Guid.NewGuid():N}.docx");
        File.WriteAllBytes(file, docx);
        try
        {
            const string script = """
                import sys, docx
                d = docx.Document(sys.argv[1])
                out = [p.text for p in d.paragraphs]
                for t in d.tables:
                    for row in t.rows:
                        for cell in row.cells:
                            out.append(cell.text)
                sys.stdout.buffer.write("\n".join(out).encode("utf-8"))
                """;
            var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, StandardOutputEncoding = System.Text.Encoding.UTF8 };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(script);
            start.ArgumentList.Add(file);
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, "python3-docx could not read the document (scripts/test installs python3-docx): " + error);
            foreach (var text in expected)
            {
                Assert.Contains(text, output);
            }
        }
        finally
        {
            File.Delete(file);
        }
    }
}
