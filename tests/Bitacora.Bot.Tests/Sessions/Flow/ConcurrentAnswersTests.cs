using System.Text.Json.Nodes;
using Bitacora.Bot.Hosting;
using Bitacora.Bot.Sessions;
using Bitacora.Bot.Tests.Infrastructure;
using Bitacora.Testing;

namespace Bitacora.Bot.Tests.Sessions.Flow;

/// <summary>
/// Issue 16: «nothing typed is ever lost» under concurrency, through the real pipeline on Azurite. Six people answer
/// the same section card at once, two per question (so their saves race and some get the conflict card), each on the
/// card the bot last gave them, re-clicking «Guardar la mía» on a conflict as a person would. A save counts as
/// confirmed only when the card that comes back shows that person's own value (never on a conflict card). Then every
/// confirmed value must be in storage exactly once (current row or history), and each question must hold exactly as
/// many revisions as saves were confirmed on it: no confirmed write missing, no unconfirmed write made.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ConcurrentAnswersTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string KeepMine = "Guardar la mía";
    private const int People = 6;
    private const int Rounds = 4;

    /// <summary>Two people per question: two open questions (value) and one yes/no question (the note carries the text).</summary>
    private static readonly (string Id, bool Open)[] Questions =
        [("ej-cond-actores-involucrados", true), ("ej-cond-reportes-parciales", true), ("ej-cond-claridad-que-hacer", false)];

    private BotPipeline _bot = null!;

    public async Task InitializeAsync()
    {
        _bot = await BotPipeline.StartAsync(azurite, settings: MeetingDriver.SeededRegistry);
        await _bot.RegisterAsync("29:user-1", "Alex Wilber", TestPeople.Adviser, "16-1");
        for (var i = 0; i < People; i++) await _bot.RegisterAsync($"29:p{i}", $"Persona {i}", TestPeople.Adviser, "16-1");
    }

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    [Fact]
    public async Task Every_save_the_bot_confirms_to_people_answering_at_once_is_stored_exactly_once()
    {
        var meeting = new MeetingDriver(_bot, Conversation.Group("19:concurrent-" + Guid.NewGuid().ToString("N")[..8] + "@thread.v2"));
        await meeting.TypeAsync("iniciar sesión", "Nueva sesión");
        await meeting.ClickAsync("session.create", new JsonObject
        {
            ["guideId"] = "dep-ejecucion-evaluacion", ["scopeId"] = "unit:junji:16101001", ["date"] = "2026-05-04", ["objective"] = "Revisar", ["strategy"] = "",
        });
        var sectionCard = meeting.Card;
        var sessionId = MeetingDriver.ActionData(sectionCard, "session.answer")["sessionId"]!.GetValue<string>();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, People).Select(p => Task.Run(() => PersonAsync(meeting, sectionCard, p))));
        await _bot.Get<SharedCardUpdates>().WhenIdleAsync();

        var confirmed = outcomes.SelectMany(o => o.Confirmed).ToList();
        Assert.Equal(People * Rounds, confirmed.Count);
        var answers = _bot.Get<AnswerRepository>();
        var current = await answers.GetAnswersAsync(sessionId);
        var history = await answers.GetAllHistoryAsync(sessionId);
        var stored = current.Select(a => (a.QuestionId, Text: a.Value.ToJson() + "|" + a.Note))
            .Concat(history.Select(h => (h.QuestionId, Text: h.Value.ToJson() + "|" + h.Note))).ToList();
        foreach (var (question, token) in confirmed)
        {
            Assert.True(stored.Count(s => s.QuestionId == question && s.Text.Contains(token, StringComparison.Ordinal)) == 1,
                $"«{token}» was confirmed but is stored {stored.Count(s => s.Text.Contains(token, StringComparison.Ordinal))} times");
        }
        foreach (var (question, _) in Questions)
        {
            var saves = confirmed.Count(c => c.Question == question);
            Assert.Equal(saves, Assert.Single(current, a => a.QuestionId == question).Revision);
            Assert.Equal(saves - 1, history.Count(h => h.QuestionId == question));
        }
    }

    private sealed record PersonOutcome(List<(string Question, string Token)> Confirmed);

    /// <summary>One person's rounds, each on the card the bot last returned to them; «Guardar la mía» after a conflict.</summary>
    private async Task<PersonOutcome> PersonAsync(MeetingDriver meeting, JsonObject sectionCard, int person)
    {
        var (question, open) = Questions[person / 2];
        var outcome = new PersonOutcome([]);
        var card = sectionCard;
        for (var round = 0; round < Rounds; round++)
        {
            var token = $"persona {person} ronda {round}";
            var inputs = open
                ? new JsonObject { [SessionInput(question)] = token }
                : new JsonObject { [SessionInput(question)] = round % 2 == 0 ? "si" : "no", [NoteInput(question)] = token };
            string? title = null;
            for (var attempt = 0; ; attempt++)
            {
                Assert.True(attempt < 20, $"Persona {person} kept getting conflicts on «{token}»");
                var data = MeetingDriver.ActionData(card, "session.answer", title);
                foreach (var (key, value) in inputs) data[key] = value!.DeepClone();
                var response = await _bot.InvokeAsync(_bot.Execute(meeting.Conversation, "session.answer", data, meeting.CardActivityId,
                    $"29:p{person}", $"Persona {person}"));
                Assert.Equal("application/vnd.microsoft.card.adaptive", response["type"]?.GetValue<string>());
                card = response["value"]!.AsObject();
                if (MeetingDriver.Actions(card).Any(a => a["title"]?.GetValue<string>() == KeepMine))
                {
                    // Only the other person of the pair can have changed this question meanwhile: the card names them.
                    Assert.Contains($"Persona {person ^ 1}", MeetingDriver.Text(card));
                    title = KeepMine;
                    continue;
                }
                // Saved: the card shows this person's own value for the question.
                Assert.Equal(token, MeetingDriver.InputValue(card, open ? SessionInput(question) : NoteInput(question)));
                outcome.Confirmed.Add((question, token));
                break;
            }
        }
        return outcome;
    }

    private static string SessionInput(string question) => "q." + question;

    private static string NoteInput(string question) => "n." + question;
}
