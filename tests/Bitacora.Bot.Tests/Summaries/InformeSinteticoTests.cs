using System.Text.Json.Nodes;
using Bitacora.Bot.Summaries;
using Bitacora.Bot.Tests.Coordination;
using Bitacora.Bot.Tests.Infrastructure;
using Bitacora.Bot.Tests.Registry;
using Bitacora.Testing;

namespace Bitacora.Bot.Tests.Summaries;

/// <summary>
/// Issue 14 item 4, the informe sintético: the adviser drafts the «Comentarios del/la profesional» in Teams (draft,
/// editable, ETag-guarded), the scheduled send (the Hangfire job's entry, on the fake clock) waits for them until the
/// deadline and then goes without them saying so, and the .docx — read by python-docx — has the card's figures, the
/// chart as an image and the comments.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class InformeSinteticoTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset SendAt = new(2026, 7, 31, 13, 0, 0, TimeSpan.Zero); // 09:00 in Santiago

    private static async Task<JsonObject> ReadDocxAsync(RegistryBot bot, string conversationId, string fileName)
    {
        var delivered = await bot.Connector.WaitForAsync(c => c.ConversationId == conversationId && c.Card.Text().Contains(fileName));
        var url = delivered.Card!["actions"]!.AsArray().OfType<JsonObject>().Single(a => a["title"]!.GetValue<string>() == "Descargar")["url"]!.GetValue<string>();
        var download = await bot.Pipeline.Client.GetAsync(new Uri(url).PathAndQuery);
        Assert.True(download.IsSuccessStatusCode);
        var bytes = await download.Content.ReadAsByteArrayAsync();
        // Kept for a person to open (.artifacts/documents/), like the browser tests' screenshots.
        Directory.CreateDirectory(RepoPaths.Combine(".artifacts", "documents"));
        await File.WriteAllBytesAsync(RepoPaths.Combine(".artifacts", "documents", fileName), bytes);
        return await PythonReader.ReadDocxAsync(bytes);
    }

    private static string AllText(JsonObject read) =>
        string.Join("\n", read["paragraphs"]!.AsArray().Select(p => p!["text"]!.GetValue<string>())
            .Concat(read["tables"]!.AsArray().SelectMany(t => t!.AsArray()).SelectMany(r => r!.AsArray()).Select(c => c!.GetValue<string>())));

    [Fact]
    public async Task Comments_longer_than_the_limit_are_refused_in_numbers_and_kept_in_the_box()
    {
        await using var bot = await CoordinationCommandTests.StartWithDataAsync(azurite);
        bot.Pipeline.Time.SetUtcNow(SendAt.AddDays(-2));
        var card = (await bot.SayAsync(SampleUser.Alex, "informe sintético territorio 16-1")).Card!;
        Assert.Contains("Territorio 16-1 Diguillín", card.Text());
        var save = card.ActionData("Guardar borrador")!;
        var typed = new string('a', SummaryCommentFlow.MaxChars + 1);
        save["comments"] = typed;

        var refused = await bot.ClickAsync(SampleUser.Alex, save, "card-1");

        Assert.Contains("Los comentarios tienen 4.001 caracteres y caben 4.000", refused.Text());
        Assert.Equal(typed, refused.InputValue("comments"));
        Assert.Null(await bot.Get<SummaryCommentStore>().GetAsync("2026-1", "territory:16-1", default));
    }

    [Fact]
    public async Task The_adviser_drafts_the_comments_the_send_waits_for_them_then_goes_without_them_and_the_docx_has_figures_chart_and_comments()
    {
        await using var bot = await CoordinationCommandTests.StartWithDataAsync(azurite);
        await bot.SayAsync(SampleUser.Adele, "quién soy"); // directive team of Los Copihues (junji:16101001)
        await bot.SayAsync(SampleUser.Alex, "quién soy");  // adviser and coordinator of 16-1
        bot.Pipeline.Time.SetUtcNow(SendAt.AddDays(-2));
        var job = bot.Get<SemesterSummaryJob>();

        // Alex drafts the unit's comments; Megan saves from the same (now stale) card: hers is refused, his text kept.
        var card = (await bot.SayAsync(SampleUser.Alex, "informe sintético unidad junji 16101001")).Card!;
        Assert.Contains("Comentarios del/la profesional · 1.er semestre 2026", card.Text());
        Assert.Contains("si los comentarios no están listos al 03-08-2026 09:00, se envía sin ellos", card.Text());
        var save = card.ActionData("Guardar borrador")!;
        save["comments"] = "Borrador: la unidad sostuvo las reuniones de equipo.";
        var draft = await bot.ClickAsync(SampleUser.Alex, save, "card-1");
        Assert.Contains("Borrador guardado por Alex Wilber", draft.Text());
        var stale = save.DeepClone().AsObject();
        stale["comments"] = "Versión de Megan";
        var refused = await bot.ClickAsync(SampleUser.Megan, stale, "card-1", Conversation.Personal("a:dm-user-id-1"));
        Assert.Contains("Mientras escribías, Alex Wilber guardó otra versión", refused.Text());
        Assert.Contains("Versión de Megan", refused.Text());

        // The send date: nothing goes while the comments are a draft (the territory's have none either).
        bot.Pipeline.Time.SetUtcNow(SendAt);
        var first = await job.RunAsync(SendAt, default);
        Assert.Equal(0, first.Sent);
        Assert.Equal(2, first.WaitingForComments);

        // Marked ready the next day: the next daily run sends the unit's informe with them; the territory's still waits.
        var edit = (await bot.SayAsync(SampleUser.Alex, "informe sintético unidad junji 16101001")).Card!;
        Assert.Equal("Borrador: la unidad sostuvo las reuniones de equipo.", edit.InputValue("comments"));
        var ready = edit.ActionData("Listos para enviar")!;
        ready["comments"] = "La unidad sostuvo las reuniones de equipo y registró la asistencia.";
        Assert.Contains("Comentarios listos", (await bot.ClickAsync(SampleUser.Alex, ready, "card-2")).Text());
        var second = await job.RunAsync(SendAt.AddDays(1), default);
        Assert.Equal(1, second.Sent);
        Assert.Equal(1, second.WaitingForComments);
        var unit = await ReadDocxAsync(bot, "a:dm-user-id-2", "informe-sintetico-unidad-junji-16101001-2026-1.docx");
        var unitText = AllText(unit);
        foreach (var expected in new[]
                 {
                     "Informe sintético de retroalimentación", "Jardín Infantil Los Copihues", "1.er semestre 2026", "Cifras del periodo",
                     "Cumplidos", "1 de 2 con la fecha ya alcanzada (50 % de cumplimiento)", "Gráficos", "Comentarios del/la profesional",
                     "La unidad sostuvo las reuniones de equipo y registró la asistencia.", "Redactados por Alex Wilber",
                 })
        {
            Assert.Contains(expected, unitText);
        }
        Assert.Single(unit["images"]!.AsArray());
        Assert.Contains(unit["paragraphs"]!.AsArray(), p => p!["style"]!.GetValue<string>() == "Heading 1" && p["text"]!.GetValue<string>() == "Comentarios del/la profesional");

        // A rubric level recorded for Los Copihues meanwhile: the territory's informe draws the rubric chart too.
        await bot.Get<Bitacora.Bot.Rubric.RubricScoreRepository>().SaveAsync(new Bitacora.Bot.Rubric.SaveRubricScore("junji:16101001", "2026",
            "dep-ejecucion-evaluacion", "rubrica-etapas-ejecucion-evaluacion", "condiciones", "logrado", "Acta N°1",
            new Bitacora.Bot.Sessions.Participant("aad-alex", "Alex Wilber")), default);

        // The deadline: the territory's informe goes without comments, and says so (card description and document).
        var third = await job.RunAsync(SendAt.AddDays(3), default);
        Assert.Equal(1, third.Sent);
        Assert.Equal(0, third.WaitingForComments);
        var territory = await ReadDocxAsync(bot, "a:dm-user-id-0", "informe-sintetico-territorio-16-1-2026-1.docx");
        Assert.Contains("sin comentarios del/la profesional: no estaban listos al cierre del plazo (03-08-2026 09:00)", AllText(territory));
        Assert.Contains("Territorio 16-1 Diguillín", AllText(territory));
        Assert.Equal(2, territory["images"]!.AsArray().Count); // commitments per unit, rubric levels per criterion
        Assert.Contains("Logrado", AllText(territory)); // and the level in the figures
        Assert.Contains(bot.Connector.Calls, c => c.ConversationId == "a:dm-user-id-0" && c.Card.Text().Contains("sin comentarios del/la profesional (no estaban listos al 03-08-2026 09:00)"));

        // Running again sends nothing twice.
        var fourth = await job.RunAsync(SendAt.AddDays(3), default);
        Assert.Equal(0, fourth.Sent);
    }

    [Fact]
    public void The_schedule_runs_on_the_send_date_and_each_day_until_the_deadline_and_keeps_the_send_dates_semester()
    {
        var options = new SummaryOptions { Dates = ["07-31", "12-15"], TimeOfDay = "09:00", CommentsWaitDays = 3 };
        Assert.Equal(
            [("semester-summary-07-31", "0 9 31 7 *"), ("semester-summary-07-31+1", "0 9 1 8 *"), ("semester-summary-07-31+2", "0 9 2 8 *"),
             ("semester-summary-07-31+3", "0 9 3 8 *"), ("semester-summary-12-15", "0 9 15 12 *"), ("semester-summary-12-15+1", "0 9 16 12 *"),
             ("semester-summary-12-15+2", "0 9 17 12 *"), ("semester-summary-12-15+3", "0 9 18 12 *")],
            SummarySchedule.Crons(options));
        var (date, deadline) = SummarySchedule.CurrentWindow(options, SendAt.AddDays(2));
        Assert.Equal(new DateOnly(2026, 7, 31), date); // an August run still sends the first semester
        Assert.Equal(new DateTimeOffset(2026, 8, 3, 13, 0, 0, TimeSpan.Zero), deadline);
    }
}
