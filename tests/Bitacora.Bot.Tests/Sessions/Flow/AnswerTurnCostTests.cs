using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Bitacora.Bot.Hosting;
using Bitacora.Bot.Storage;
using Bitacora.Bot.Tests.Infrastructure;
using Bitacora.Testing;

namespace Bitacora.Bot.Tests.Sessions.Flow;

/// <summary>
/// Issue 16, item 1: the work of a meeting's turns is bounded. Every Table Storage request the bot makes goes through a
/// counting pipeline policy, told apart by the bot's own tag (<see cref="AfterAnswerWork"/>): requests the clicker's
/// answer waits for, and those made after it (the duplicate guard's «done» of a claimed turn, the status message
/// everyone sees). An answer click is not claimed (AnswerClickGuard).
/// Creating a table (once per table and process) is not counted. The same figures, measured on the Release bot as its
/// own process, are in bench/README.md (bench/Bitacora.Load's quiet sample, <c>--trace</c> lists them).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AnswerTurnCostTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly CountingPolicy _counter = new();
    private BotPipeline _bot = null!;

    public async Task InitializeAsync()
    {
        _bot = await BotPipeline.StartAsync(azurite, BotPipeline.WithStoragePolicy(_counter), MeetingDriver.SeededRegistry);
        await _bot.RegisterAsync("29:user-1", "Alex Wilber", TestPeople.Adviser, "16-1");
        for (var i = 0; i < 10; i++) await _bot.RegisterAsync($"29:p{i}", $"Persona {i}", TestPeople.Adviser, "16-1");
    }

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    /// <summary>Runs <paramref name="turn"/> once everything earlier is over, and returns its requests once its own
    /// after-answer work is over.</summary>
    private async Task<(List<string> Before, List<string> After)> CostOf(Func<Task> turn)
    {
        await Idle();
        _counter.Clear();
        await turn();
        var before = _counter.Before.ToList();
        await Idle();
        return (before, _counter.After.ToList());
    }

    private async Task Idle()
    {
        await _bot.Get<SharedCardUpdates>().WhenIdleAsync();
        await _bot.Get<ClaimCompletions>().WhenIdleAsync();
        await _bot.Get<AfterAnswerWrites>().WhenIdleAsync();
    }

    private static string Show(IEnumerable<string> requests) => string.Join(" | ", requests);

    [Fact]
    public async Task Answer_turns_and_the_meeting_start_make_a_bounded_number_of_storage_requests()
    {
        var meeting = new MeetingDriver(_bot, Conversation.Group("19:cost@thread.v2"));
        await meeting.TypeAsync("iniciar sesión", "Nueva sesión");

        // «Crear»: claim, the chosen scope (unit, territory: read once, by the gate), the conversation claimed
        // (insert-if-absent), N°, session, starter as participant, claim completed, empty tally, who was already
        // present; the first card needs no read. After: the status message (tally point read, who is present, its id).
        var (createBefore, createAfter) = await CostOf(() => meeting.ClickAsync("session.create", MeetingDriver.NewSession()));
        Assert.True(createBefore.Count == 11, $"«Crear» before the answer: {createBefore.Count}: {Show(createBefore)}");
        Assert.True(createAfter.Count == 4, $"«Crear» after the answer: {createAfter.Count}: {Show(createAfter)}");
        Assert.DoesNotContain(createBefore, r => r.Contains("SessionAnswers()", StringComparison.Ordinal)); // no query of the new session's answers
        var section = meeting.Card;

        // First contact (as in a meeting's first minutes, and the load benchmark's burst): who they are (one point read)
        // and the steady-state work before the answer; their address (two blind writes, no read) and their participant
        // row right after it (AfterAnswerWrites), with the tally point read of the status message.
        var firstContacts = new List<(List<string> Before, List<string> After)>();
        for (var i = 0; i < 10; i++)
        {
            var person = i;
            firstContacts.Add(await CostOf(() => meeting.ClickAsync("session.answer", new JsonObject { ["q.ej-cond-actores-involucrados"] = $"Respuesta {person}" },
                userId: $"29:p{person}", userName: $"Persona {person}", card: section)));
        }
        // The first one saves (its card is current): who they are (one read: the "teams:" row carries a copy of the
        // person), session, section + tally (+ whether this click already saved), transaction (+ the click's row) — no
        // claim: an answer click guards itself (AnswerClickGuard). The others answer from the same, now older, card and
        // get the conflict card (no transaction). After: their address (two blind writes) and their participant row
        // (and the saver's tally point read).
        Assert.True(firstContacts[0].Before.Count == 4, $"first contact that saves: {Show(firstContacts[0].Before)}");
        Assert.True(firstContacts[0].After.Count == 4, $"first contact that saves, after: {Show(firstContacts[0].After)}");
        Assert.All(firstContacts.Skip(1), c => Assert.True(c.Before.Count == 3 && c.After.Count == 3, $"first contact: {c.Before.Count} / {c.After.Count}: {Show(c.Before)} || {Show(c.After)}"));
        Assert.All(firstContacts, c => Assert.DoesNotContain(c.Before.Concat(c.After), r => r.Contains("ProcessedActivities", StringComparison.Ordinal)));
        Assert.All(firstContacts, c => Assert.Single(c.Before, r => r.Contains("RegistryPeople", StringComparison.Ordinal)));
        Assert.All(firstContacts, c => Assert.DoesNotContain(c.Before, r => r.Contains("ConversationRefs", StringComparison.Ordinal) || r.Contains("SessionParticipants", StringComparison.Ordinal)));
        Assert.All(firstContacts, c => Assert.Equal(2, c.After.Count(r => r.Contains("ConversationRefs", StringComparison.Ordinal))));
        Assert.All(firstContacts, c => Assert.Single(c.After, r => r.StartsWith("PATCH SessionParticipants", StringComparison.Ordinal)));
        Assert.All(firstContacts, c => Assert.Equal(0, c.Before.Count(r => r.StartsWith("GET", StringComparison.Ordinal) && r.Contains("ConversationRefs", StringComparison.Ordinal))));

        // Steady state, many edits of the same question: session point read, one query (section + tally + this click's
        // row), one transaction (all inputs + the click's row) — independent of the number of earlier edits. After: one
        // point read of the tally (the status message; no query, no session read). No claim before, no «done» after.
        var steady = new List<(List<string> Before, List<string> After)>();
        for (var edit = 0; edit < 6; edit++)
        {
            var n = edit;
            steady.Add(await CostOf(() => meeting.ClickAsync("session.answer", new JsonObject
            {
                ["q.ej-cond-actores-involucrados"] = $"Edición {n}",
                ["q.ej-cond-claridad-que-hacer"] = n % 2 == 0 ? "si" : "no",
                ["n.ej-cond-claridad-que-hacer"] = $"Nota {n}",
            }, userId: "29:p1", userName: "Persona 1")));
        }
        Assert.All(steady, c => Assert.True(c.Before.Count == 3, $"steady state before the answer: {c.Before.Count}: {Show(c.Before)}"));
        Assert.Equal(steady[0].Before.Count, steady[^1].Before.Count);
        Assert.All(steady, c => Assert.Single(c.After));
        Assert.All(steady, c => Assert.Single(c.After, r => r.StartsWith("GET", StringComparison.Ordinal) && r.Contains("RowKey='t~tally')", StringComparison.Ordinal)));
        Assert.All(steady, c => Assert.DoesNotContain(c.Before.Concat(c.After), r => r.Contains("ProcessedActivities", StringComparison.Ordinal)));

        // The other clicks are still claimed, and every claim's «done» landed: «Crear»'s and the typed command's.
        var claims = await _bot.Get<TableClientProvider>().GetAsync("ProcessedActivities");
        var states = new List<string?>();
        await foreach (var row in claims.QueryAsync<TableEntity>()) states.Add(row.GetString("State"));
        Assert.Equal(2, states.Count);
        Assert.All(states, state => Assert.Equal("done", state));
    }

    [Fact]
    public async Task A_card_several_saves_behind_reads_what_it_showed_in_one_query()
    {
        const string a = "q.ej-cond-actores-involucrados", b = "q.ej-cond-reportes-parciales", c = "q.ej-cond-condiciones-optimas";
        var meeting = new MeetingDriver(_bot, Conversation.Group("19:behind@thread.v2"));
        await meeting.StartSessionAsync();
        await meeting.ClickAsync("session.answer", new JsonObject { [a] = "Primera A", [b] = "Primera B" }, userId: "29:p1", userName: "Persona 1");
        var card = meeting.Card; // Persona 1 keeps this card open…
        for (var n = 0; n < 2; n++)
        {
            // …while Persona 2 saves both questions twice: what the card shows is now in history, two revisions back.
            await meeting.ClickAsync("session.answer", new JsonObject { [a] = $"Otra A {n}", [b] = $"Otra B {n}" }, userId: "29:p2", userName: "Persona 2");
        }

        // Persona 1 saves a third question; the client sends the other inputs as the card showed them.
        var (before, _) = await CostOf(() => meeting.ClickAsync("session.answer",
            new JsonObject { [a] = "Primera A", [b] = "Primera B", [c] = "Nueva C" }, userId: "29:p1", userName: "Persona 1", card: card));

        // Session, section + tally, ONE query for both history rows, transaction.
        Assert.True(before.Count == 4, $"before the answer: {before.Count}: {Show(before)}");
        Assert.Single(before, r => r.Contains("h~ej-cond-actores-involucrados", StringComparison.Ordinal) && r.Contains("h~ej-cond-reportes-parciales", StringComparison.Ordinal));
        var session = await _bot.Get<Bitacora.Bot.Sessions.SessionRepository>().GetCurrentForConversationAsync("19:behind@thread.v2");
        var answers = (await _bot.Get<Bitacora.Bot.Sessions.AnswerRepository>().GetAnswersAsync(session!.Id))
            .ToDictionary(x => x.QuestionId, x => ((Bitacora.Bot.Sessions.TextAnswer)x.Value).Text);
        Assert.Equal("Otra A 1", answers["ej-cond-actores-involucrados"]); // untouched on the old card: not overwritten
        Assert.Equal("Otra B 1", answers["ej-cond-reportes-parciales"]);
        Assert.Equal("Nueva C", answers["ej-cond-condiciones-optimas"]);
    }

    private sealed class CountingPolicy : HttpPipelineSynchronousPolicy
    {
        public ConcurrentQueue<string> Before { get; private set; } = new();
        public ConcurrentQueue<string> After { get; private set; } = new();

        public void Clear()
        {
            Before = new();
            After = new();
        }

        public override void OnSendingRequest(HttpMessage message)
        {
            var path = Uri.UnescapeDataString(message.Request.Uri.Path + message.Request.Uri.Query);
            if (message.Request.Uri.Path.EndsWith("/Tables", StringComparison.Ordinal)) return; // creating a table: once per process
            var line = message.Request.Method + " " + path[(path.IndexOf('x', path.IndexOf('/', 1)) + 1)..];
            (AfterAnswerWork.Active ? After : Before).Enqueue(line); // this policy runs before the tag is added: same flag
        }
    }
}
