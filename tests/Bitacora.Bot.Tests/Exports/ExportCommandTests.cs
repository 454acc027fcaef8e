using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Bitacora.Bot.Tests.Infrastructure;
using Bitacora.Bot.Tests.Registry;
using Bitacora.Testing;

namespace Bitacora.Bot.Tests.Exports;

/// <summary>
/// «exportar» through the real pipeline: the bot builds the file for the coordinator's scope, delivers it with a
/// «Descargar» link, and the downloaded file is read by python3 + openpyxl (not our writer): sheets, Spanish headers,
/// row counts, date cells, frozen header, autofilter, and the injected =HYPERLINK(...) kept as inert text.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ExportCommandTests(AzuriteFixture azurite)
{
    private static async Task<(JsonObject Card, byte[] File, string FileName)> ExportAsync(RegistryBot bot, string text)
    {
        var conversation = Conversation.Group("19:coordinacion@thread.v2");
        var answer = await bot.SayAsync(SampleUser.Alex, text, conversation);
        var card = answer.Card ?? throw new Xunit.Sdk.XunitException("No card: " + answer.Text);
        var url = card["actions"]!.AsArray().OfType<JsonObject>().Single(a => a["title"]!.GetValue<string>() == "Descargar")["url"]!.GetValue<string>();
        var response = await bot.Pipeline.Client.GetAsync(new Uri(url).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (card, await response.Content.ReadAsByteArrayAsync(), response.Content.Headers.ContentDisposition!.FileNameStar!);
    }

    private static JsonObject Sheet(JsonObject book, string title) =>
        book["sheets"]!.AsArray().OfType<JsonObject>().Single(s => s["title"]!.GetValue<string>() == title);

    private static List<string?> Row(JsonObject sheet, int index) =>
        sheet["rows"]![index]!.AsArray().Select(c => c!["value"]?.ToString()).ToList();

    private static JsonObject Cell(JsonObject sheet, string reference) =>
        sheet["rows"]!.AsArray().SelectMany(r => r!.AsArray()).OfType<JsonObject>().Single(c => c["ref"]!.GetValue<string>() == reference);

    [Fact]
    public async Task Exportar_delivers_an_xlsx_with_one_sheet_per_table_that_openpyxl_reads_with_dates_spanish_headers_and_inert_formulas()
    {
        await using var bot = await ExportData.StartAsync(azurite);

        var (card, file, name) = await ExportAsync(bot, "exportar periodo 2026-1");

        Assert.Equal("bitacora-territorio-16-1-2026-1.xlsx", name);
        Assert.Contains("territorio 16-1 Diguillín · 1.er semestre 2026: Compromisos (4)", card.Text());
        var book = await PythonReader.ReadXlsxAsync(file);
        Assert.Equal(["Compromisos", "Historial de compromisos", "Fuerza mayor", "Respuestas de sesiones", "Participación", "Rúbrica"],
            book["sheets"]!.AsArray().Select(s => s!["title"]!.GetValue<string>()));

        var commitments = Sheet(book, "Compromisos");
        Assert.Equal(["Territorio", "Código de la unidad", "Unidad", "Compromiso", "Responsable", "Fecha de rendición", "Estado", "Días de atraso"],
            Row(commitments, 0).Take(8));
        Assert.Equal(5, commitments["maxRow"]!.GetValue<int>()); // header + 4 of 16-1 in S1 (not 16-3's, not September's)
        Assert.Equal("A2", commitments["freeze"]!.GetValue<string>());
        Assert.Equal("A1:V5", commitments["filter"]!.GetValue<string>());
        Assert.Equal(["Pregunta de origen", "Respuesta de origen", "Motivo de la cancelación", "Archivos de evidencia"],
            Row(commitments, 0).Skip(17).Take(4));
        Assert.Equal("Decisión por fuerza mayor", Row(commitments, 0)[21]);
        Assert.True(Cell(commitments, "A1")["bold"]!.GetValue<bool>());
        Assert.True(commitments["widths"]!["D"]!.GetValue<double>() > 20);
        var rows = Enumerable.Range(1, 4).Select(i => Row(commitments, i)).ToList();
        var injected = rows.FindIndex(r => r[3] == ExportData.Injected) + 2;
        Assert.True(injected >= 2, "the injected text is in the sheet, unchanged");
        var formulaCell = Cell(commitments, "D" + injected);
        Assert.Equal("s", formulaCell["type"]!.GetValue<string>()); // a string, not a formula ("f")
        Assert.True(formulaCell["quotePrefix"]!.GetValue<bool>());
        var date = Cell(commitments, "F" + injected);
        Assert.True(date["isDate"]!.GetValue<bool>());
        Assert.Equal("2026-05-03T00:00:00", date["value"]!.GetValue<string>());
        Assert.Equal("dd-mm-yyyy", date["format"]!.GetValue<string>());
        Assert.Equal("Pendiente", rows[injected - 2][6]); // open; the sweep has not marked it Vencido yet
        Assert.Equal("1", rows[injected - 2][7]); // but 1 day overdue on 4 May (a number cell)
        Assert.Equal("n", Cell(commitments, "H" + injected)["type"]!.GetValue<string>());
        Assert.Contains(rows, r => r[6] == "Cumplido" && r[9] == "acta del 9 de abril" && r[17] == "¿Lo que deben hacer?" && r[18] == "No");
        Assert.Equal(2, rows.Count(r => r[6] == "Ajustado"));
        Assert.Equal(2, rows.Count(r => r[21] == "Reprogramado")); // the approved force-majeure decision of each

        var history = Sheet(book, "Historial de compromisos");
        Assert.Contains(Enumerable.Range(1, history["maxRow"]!.GetValue<int>() - 1).Select(i => Row(history, i)),
            r => r[6] == "Fecha" && r[7] == "20-04-2026" && r[8] == "15-06-2026");
        var situations = Sheet(book, "Fuerza mayor");
        Assert.Equal(2, situations["maxRow"]!.GetValue<int>());
        Assert.Equal(["16-1", "Sala Cuna y Jardín Infantil Pequeños Exploradores", "Paro", "Paro comunal", "2026-04-15T00:00:00", null,
            "2026-06-15T00:00:00", "2"], Row(situations, 1).Take(8));

        var answers = Sheet(book, "Respuestas de sesiones");
        Assert.Equal(3, answers["maxRow"]!.GetValue<int>());
        var first = Row(answers, 1);
        Assert.Equal(["Etapas de Ejecución y Evaluación del ciclo de apoyo técnico pedagógico", "Etapa de Ejecución", "Condiciones"],
            first.Skip(4).Take(3)); // guide → stage → component
        Assert.True(Cell(answers, "C2")["isDate"]!.GetValue<bool>());
        Assert.Contains(Enumerable.Range(1, 2).Select(i => Row(answers, i)), r => r[8] == "Parcialmente" && r[9] == "Falta socializar el plan" && r[10] == "Alex Wilber");
        var minus = Enumerable.Range(2, 2).Single(i => Cell(answers, "I" + i)["value"]!.GetValue<string>() == "-2+3 equipo directivo");
        Assert.True(Cell(answers, "I" + minus)["quotePrefix"]!.GetValue<bool>());

        var participation = Sheet(book, "Participación");
        Assert.Equal(4, participation["maxRow"]!.GetValue<int>());
        Assert.Equal(["Participante", "Respuestas en la sesión", "Presente", "Asistencia registrada por"], Row(participation, 0).Skip(7).Take(4));
        Assert.Equal(["16-1", "1"], Row(participation, 1).Take(2));
        Assert.Equal("En curso", Row(participation, 1)[6]);
        // Who took part and who was present (a guest typed by name too), each with «Presente» and who recorded it.
        var people = Enumerable.Range(1, 3).Select(i => Row(participation, i)).ToDictionary(r => r[7]!, r => (r[9], r[10]));
        Assert.Equal(("Sí", "Megan Bowen"), people["Alex Wilber"]);
        Assert.Equal(("No", null), people["@Megan Bowen"]);
        Assert.Equal(("Sí", "Megan Bowen"), people["María José Rojas"]);
        var rubric = Sheet(book, "Rúbrica");
        Assert.Equal(3, rubric["maxRow"]!.GetValue<int>());
        Assert.Contains(Enumerable.Range(1, 2).Select(i => Row(rubric, i)), r => r[6] == "Medianamente logrado" && r[7] == "Acta de la sesión N°1");
    }

    [Fact]
    public async Task Exportar_csv_gives_semicolons_a_bom_spanish_headers_and_neutralised_formulas()
    {
        await using var bot = await ExportData.StartAsync(azurite);

        var (card, file, name) = await ExportAsync(bot, "exportar csv periodo 2026-1");

        Assert.Equal("compromisos-territorio-16-1-2026-1.csv", name);
        Assert.Contains("exportar csv respuestas", card.Text());
        Assert.Equal([0xEF, 0xBB, 0xBF], file.Take(3));
        var lines = Encoding.UTF8.GetString(file, 3, file.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, lines.Length);
        Assert.StartsWith("Territorio;Código de la unidad;Unidad;Compromiso;Responsable;Fecha de rendición;Estado;Días de atraso;", lines[0]);
        var injected = Assert.Single(lines, l => l.Contains("HYPERLINK"));
        Assert.Contains(";\"'=HYPERLINK(\"\"http://evil.example/robar\"\",\"\"Ver acta\"\")\";", injected);
        Assert.Contains(";03-05-2026;Pendiente;1;", injected);
        Assert.DoesNotContain(lines, l => l.Contains(";=") || l.Contains(";+") || l.Contains(";@"));
    }

    [Fact]
    public async Task Someone_without_the_coordinator_role_gets_no_file_and_a_filter_cannot_reach_another_territory()
    {
        await using var bot = await ExportData.StartAsync(azurite);

        var megan = await bot.SayAsync(SampleUser.Megan, "exportar");
        Assert.Null(megan.Card);
        Assert.DoesNotContain("/archivos/", megan.Activity!.ToJsonString());

        var other = await bot.SayAsync(SampleUser.Alex, "exportar territorio 16-3");
        Assert.Null(other.Card);
        var unit = await bot.SayAsync(SampleUser.Alex, "exportar unidad junji 16301001");
        Assert.Null(unit.Card);
        Assert.DoesNotContain(bot.Connector.Calls, c => c.Activity?.ToJsonString().Contains("/archivos/") == true);
    }
}
