using System.Text.Json.Nodes;
using Bitacora.Bot.Guides;
using Bitacora.Bot.Logbook.Document;
using Bitacora.Bot.Sessions;
using Bitacora.Bot.Tests.Infrastructure;
using Bitacora.Bot.Tests.Sessions.Flow;
using Bitacora.Testing;

namespace Bitacora.Bot.Tests.Logbook;

/// <summary>A DEP session's record as .docx: stage → component → question, answer, note, who, when; read back by python-docx.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class SessionDocumentTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_dep_session_record_lists_stage_component_question_answer_note_who_and_when()
    {
        await using var bot = await BotPipeline.StartAsync(azurite);
        var guide = bot.Get<GuideCatalog>().Get("dep-ejecucion-evaluacion");
        var sessions = bot.Get<SessionRepository>();
        var answers = bot.Get<AnswerRepository>();
        var by = new Participant("aad-1", "Megan Bowen");
        var session = await sessions.StartAsync(new StartSession(SessionScope.Territory("16-1", "Territorio 1 Diguillín"), guide.Id, guide.Version,
            "2026", new DateOnly(2026, 5, 4), "Revisar las condiciones", "Visita", by, null, new SessionUnit("junji:16101001", "Jardín Infantil Los Copihues")));
        var question = guide.Sections[0].Questions.First(q => q.Kind == QuestionKind.Closed);
        var rowIndex = guide.Sections[0].Questions.IndexOf(question) + 1;
        await answers.SaveAsync(new SaveAnswer(session.Id, question.Id, new ClosedAnswer("parcialmente"), "Falta la carta Gantt", by, guide.Version));

        var bytes = bot.Get<SessionDocument>().Build(session, guide, await answers.GetAnswersAsync(session.Id), [by]);

        var read = await PythonReader.ReadDocxAsync(bytes);
        var paragraphs = string.Join("\n", read["paragraphs"]!.AsArray().Select(p => p!["text"]!.GetValue<string>()));
        Assert.Contains("Registro de la sesión N°1", paragraphs);
        Assert.Contains("lunes 4 de mayo de 2026", paragraphs);
        Assert.Contains("Etapa: " + guide.FindStage(guide.Sections[0].Stage!)!.Title, paragraphs);
        var firstTable = read["tables"]!.AsArray()[0]!.AsArray();
        Assert.Equal(["Pregunta", "Respuesta", "Nota", "Quién", "Cuándo"], firstTable[0]!.AsArray().Select(c => c!.GetValue<string>()));
        var row = firstTable[rowIndex]!.AsArray().Select(c => c!.GetValue<string>()).ToList();
        Assert.Contains(question.Text, row[0]);
        Assert.Equal(["Parcialmente", "Falta la carta Gantt", "Megan Bowen", "04-05-2026 09:00"], row.Skip(1));
        Assert.Equal(guide.Sections[0].Questions.Length + 1, firstTable.Count);
    }

    [Fact]
    public async Task The_summary_card_button_and_the_command_deliver_the_session_record_as_a_short_lived_download()
    {
        await using var bot = await BotPipeline.StartAsync(azurite, settings: MeetingDriver.SeededRegistry);
        await bot.RegisterAsync("29:user-1", "Alex Wilber", TestPeople.Adviser, "16-1");
        var meeting = new MeetingDriver(bot, Conversation.Group("19:dep-doc@thread.v2"));
        await meeting.TypeAsync("iniciar sesión", "Nueva sesión");
        await meeting.ClickAsync("session.create", new JsonObject
        {
            ["guideId"] = "dep-ejecucion-evaluacion", ["scopeId"] = "unit:junji:16101001", ["date"] = "2026-05-04",
            ["objective"] = "Revisar las condiciones", ["strategy"] = "Visita",
        });
        var question = bot.Get<GuideCatalog>().Get("dep-ejecucion-evaluacion").Sections[0].Questions.First(q => q.Kind == QuestionKind.Open);
        await meeting.ClickAsync("session.answer", new JsonObject { ["q." + question.Id] = "La directora y el equipo de gestión" });

        // While it runs: «descargar sesión» in the meeting's chat.
        await bot.PostAsync(bot.Message(meeting.Conversation, "descargar sesión"));
        var running = await bot.Connector.WaitForAsync(c => c.Card is { } card && MeetingDriver.Text(card).Contains("sesion-junji-16101001-N1.docx"));
        Assert.Contains("Registro de la sesión N°1", MeetingDriver.Text(running.Card));

        // Finished: the summary card's «Descargar registro (.docx)» → the files card → the link downloads the record.
        await meeting.FinishAsync();
        var before = bot.Connector.Calls.ToHashSet(ReferenceEqualityComparer.Instance);
        var response = await meeting.ClickAsync("session.download", title: "Descargar registro (.docx)");
        Assert.NotEqual("application/vnd.microsoft.card.adaptive", response["type"]?.GetValue<string>());
        var delivered = await bot.Connector.WaitForAsync(c => !before.Contains(c) && c.Card is { } card
                                                              && MeetingDriver.Text(card).Contains("sesion-junji-16101001-N1.docx"));
        var url = delivered.Card!["actions"]!.AsArray().OfType<JsonObject>().Single(a => a["title"]!.GetValue<string>() == "Descargar")["url"]!.GetValue<string>();
        var download = await bot.Client.GetAsync(new Uri(url).PathAndQuery);
        Assert.True(download.IsSuccessStatusCode);
        var read = await PythonReader.ReadDocxAsync(await download.Content.ReadAsByteArrayAsync());
        var cells = string.Join("\n", read["tables"]!.AsArray().SelectMany(t => t!.AsArray()).SelectMany(r => r!.AsArray()).Select(c => c!.GetValue<string>()));
        Assert.Contains("La directora y el equipo de gestión", cells);
        Assert.Contains("Alex Wilber", cells);

        // After the meeting, by number and territory; an unknown number says so.
        before = bot.Connector.Calls.ToHashSet(ReferenceEqualityComparer.Instance);
        await bot.PostAsync(bot.Message(meeting.Conversation, "descargar sesión 1 16-1 2026"));
        await bot.Connector.WaitForAsync(c => !before.Contains(c) && c.Card is { } card
                                              && MeetingDriver.Text(card).Contains("sesion-junji-16101001-N1.docx"));
        await bot.PostAsync(bot.Message(meeting.Conversation, "descargar sesión 9 16-1 2026"));
        await bot.Connector.WaitForAsync(c => c.Text?.Contains("No encuentro esa sesión") == true);
    }
}
