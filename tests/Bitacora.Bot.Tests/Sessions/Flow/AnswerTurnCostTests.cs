using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Bitacora.Bot.Hosting;
using Bitacora.Bot.Storage;
using Bitacora.Bot.Tests.Infrastructure;
using Bitacora.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bitacora.Bot.Tests.Sessions.Flow;

/// <summary>
/// Issue 16, item 1: the work of one answer turn is bounded. Every Table Storage request the bot makes goes through a
/// counting pipeline policy; a steady-state save (the person already known, the session already running) costs at
/// most 4 requests before the clicker gets the answer, whatever the number of earlier edits and participants:
/// the duplicate guard's claim, the session (read once, shared by the authorization gate and the flow), the section's
/// answers and tally (one query) and the answers' transaction. The guard's lease completion (issue 10) is written
/// after the answer (<see cref="ClaimCompletions"/>), counted apart, and must land for every click.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AnswerTurnCostTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly CountingPolicy _counter = new();
    private BotPipeline _bot = null!;

    public async Task InitializeAsync()
    {
        _bot = await BotPipeline.StartAsync(azurite, services =>
        services.AddSingleton(sp =>
        {
            var options = new TableClientOptions();
            options.AddPolicy(_counter, HttpPipelinePosition.PerCall);
            var storage = sp.GetRequiredService<IOptions<TableStorageOptions>>().Value;
            return new TableClientProvider(storage.CreateServiceClient(options), storage.TablePrefix);
        }), MeetingDriver.SeededRegistry);
        await _bot.RegisterAsync("29:user-1", "Alex Wilber", TestPeople.Adviser, "16-1");
        for (var i = 0; i < 10; i++) await _bot.RegisterAsync($"29:p{i}", $"Persona {i}", TestPeople.Adviser, "16-1");
    }

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    [Fact]
    public async Task A_steady_state_answer_turn_makes_at_most_four_storage_requests_and_does_not_grow_with_edits()
    {
        var meeting = new MeetingDriver(_bot, Conversation.Group("19:cost@thread.v2"));
        await meeting.TypeAsync("iniciar sesión", "Nueva sesión");
        await meeting.ClickAsync("session.create", new JsonObject
        {
            ["guideId"] = "dep-ejecucion-evaluacion", ["scopeId"] = "unit:junji:16101001", ["date"] = "2026-05-04", ["objective"] = "Revisar", ["strategy"] = "",
        });
        var shared = _bot.Get<SharedCardUpdates>();
        var completions = _bot.Get<ClaimCompletions>();
        // Ten people each answer once (first contact), then edit the same question many times.
        for (var i = 0; i < 10; i++)
        {
            await meeting.ClickAsync("session.answer", new JsonObject { ["q.ej-cond-actores-involucrados"] = $"Respuesta {i}" }, userId: $"29:p{i}", userName: $"Persona {i}");
        }
        await shared.WhenIdleAsync();

        await completions.WhenIdleAsync();

        var perTurn = new List<int>();
        var background = new List<int>();
        var afterAnswer = new List<int>();
        for (var edit = 0; edit < 6; edit++)
        {
            var before = _counter.Foreground;
            var beforeCompletions = _counter.Completions;
            await meeting.ClickAsync("session.answer", new JsonObject
            {
                ["q.ej-cond-actores-involucrados"] = $"Edición {edit}",
                ["q.ej-cond-claridad-que-hacer"] = edit % 2 == 0 ? "si" : "no",
                ["n.ej-cond-claridad-que-hacer"] = $"Nota {edit}",
            }, userId: "29:p1", userName: "Persona 1");
            perTurn.Add(_counter.Foreground - before);
            var beforeBackground = _counter.Background;
            await shared.WhenIdleAsync();
            await completions.WhenIdleAsync();
            background.Add(_counter.Background - beforeBackground);
            afterAnswer.Add(_counter.Completions - beforeCompletions);
        }

        // Claim of the activity id, session point read, one query (section + tally), one transaction (all inputs).
        Assert.All(perTurn, n => Assert.True(n <= 4, $"requests per answer turn: {string.Join(", ", perTurn)}; last: {string.Join(" | ", _counter.Last(n))}"));
        Assert.Equal(perTurn[0], perTurn[^1]);
        // The status message for everyone, after the answer: session read + tally read + the attendance it shows (one
        // partition query), then the PUT to Teams.
        Assert.All(background, n => Assert.True(n <= 3, $"background requests: {string.Join(", ", background)}; last: {string.Join(" | ", _counter.BackgroundRequests.TakeLast(3))}"));
        // The claim's «done», after the answer: exactly one PATCH per click, and it landed.
        Assert.All(afterAnswer, n => Assert.Equal(1, n));
        var claims = await _bot.Get<TableClientProvider>().GetAsync("ProcessedActivities");
        var states = new List<string?>();
        await foreach (var row in claims.QueryAsync<Azure.Data.Tables.TableEntity>()) states.Add(row.GetString("State"));
        Assert.NotEmpty(states);
        Assert.All(states, state => Assert.Equal("done", state));
    }

    private sealed class CountingPolicy : HttpPipelineSynchronousPolicy
    {
        private readonly ConcurrentQueue<string> _requests = new();
        private int _background;
        private int _completions;

        public int Foreground => _requests.Count;

        public int Background => Volatile.Read(ref _background);

        public int Completions => Volatile.Read(ref _completions);

        public ConcurrentQueue<string> BackgroundRequests { get; } = new();

        public IEnumerable<string> Last(int n) => _requests.TakeLast(n);

        public override void OnSendingRequest(HttpMessage message)
        {
            // Work for everyone else's view runs after the click's answer (SharedCardUpdates): counted apart.
            if (ClaimCompletions.InBackground) Interlocked.Increment(ref _completions);
            else if (SharedCardUpdates.InBackground)
            {
                Interlocked.Increment(ref _background);
                BackgroundRequests.Enqueue(message.Request.Method + " " + Uri.UnescapeDataString(message.Request.Uri.Path + message.Request.Uri.Query));
            }
            else _requests.Enqueue(message.Request.Method + " " + Uri.UnescapeDataString(message.Request.Uri.Path + message.Request.Uri.Query));
        }
    }
}
