using Bitacora.Bot.Guides;
using Bitacora.Bot.Logbook.Document;
using Bitacora.Bot.Sessions;
using Bitacora.Bot.Tests.Infrastructure;
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
}
