using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Bitacora.Testing;

/// <summary>
/// Opens generated files with a reader that is not our writer: Debian's python3 with openpyxl (.xlsx) and python-docx
/// (.docx), installed by scripts/test (ensure_python_readers). Each call dumps the file as JSON for the test to assert on.
/// BITACORA_PYTHON overrides /usr/bin/python3.
/// </summary>
public static class PythonReader
{
    private const string XlsxScript = """
        import sys, json, datetime, openpyxl
        wb = openpyxl.load_workbook(sys.argv[1])
        out = {"sheets": []}
        for ws in wb.worksheets:
            rows = []
            for row in ws.iter_rows():
                cells = []
                for c in row:
                    v = c.value
                    if isinstance(v, (datetime.date, datetime.datetime)):
                        v = v.isoformat()
                    cells.append({"ref": c.coordinate, "value": v, "type": c.data_type, "isDate": c.is_date,
                                  "format": c.number_format, "quotePrefix": bool(c.quotePrefix), "bold": bool(c.font.b)})
                rows.append(cells)
            out["sheets"].append({"title": ws.title, "freeze": ws.freeze_panes, "filter": ws.auto_filter.ref,
                                  "maxRow": ws.max_row, "maxColumn": ws.max_column,
                                  "widths": {k: d.width for k, d in ws.column_dimensions.items()}, "rows": rows})
        print(json.dumps(out, ensure_ascii=False))
        """;

    private const string DocxScript = """
        import sys, json, docx
        d = docx.Document(sys.argv[1])
        out = {"paragraphs": [{"text": p.text, "style": p.style.name} for p in d.paragraphs],
               "tables": [[[c.text for c in r.cells] for r in t.rows] for t in d.tables],
               "images": [r.target_ref for r in d.part.rels.values() if "image" in r.reltype],
               "title": d.core_properties.title}
        print(json.dumps(out, ensure_ascii=False))
        """;

    public static string Python => Environment.GetEnvironmentVariable("BITACORA_PYTHON") is { Length: > 0 } p ? p : "/usr/bin/python3";

    /// <summary>{"sheets": [{title, freeze, filter, maxRow, maxColumn, widths, rows: [[{ref, value, type, isDate, format, quotePrefix, bold}]]}]}</summary>
    public static Task<JsonObject> ReadXlsxAsync(byte[] file) => RunAsync(XlsxScript, file, ".xlsx");

    /// <summary>{"paragraphs": [{text, style}], "tables": [[[cell text]]], "images": [part names], "title"}</summary>
    public static Task<JsonObject> ReadDocxAsync(byte[] file) => RunAsync(DocxScript, file, ".docx");

    private static async Task<JsonObject> RunAsync(string script, byte[] file, string extension)
    {
        var path = Path.Combine(Path.GetTempPath(), "bitacora-read-" + Guid.NewGuid().ToString("N") + extension);
        await File.WriteAllBytesAsync(path, file);
        try
        {
            var info = new ProcessStartInfo(Python)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                StandardOutputEncoding = System.Text.Encoding.UTF8,
            };
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add(script);
            info.ArgumentList.Add(path);
            info.Environment["PYTHONIOENCODING"] = "utf-8";
            using var process = Process.Start(info) ?? throw new InvalidOperationException("python3 did not start");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException(
                    $"{Python} could not read the {extension} file (exit {process.ExitCode}). Run scripts/test once to install " +
                    $"python3-openpyxl and python3-docx.\n{await stderr}");
            }
            return JsonNode.Parse(await stdout)!.AsObject();
        }
        finally
        {
            File.Delete(path);
        }
    }
}
