using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Core.Pipeline;
using Bitacora.Bot.Tests.Infrastructure;
using Bitacora.Testing;

namespace Bitacora.Bot.Tests.Sessions.Flow;

/// <summary>
/// Issue 16: a save's reads run while the duplicate guard claims the click, not after it. Storage holds the claim's
/// insert until the reads the save needs have been sent: if they waited for the claim, the turn could not finish.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ReadAheadTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly HoldClaimPolicy _hold = new();
    private BotPipeline _bot = null!;

    public async Task InitializeAsync()
    {
        _bot = await BotPipeline.StartAsync(azurite, BotPipeline.WithStoragePolicy(_hold), MeetingDriver.SeededRegistry);
        await _bot.RegisterAsync("29:user-1", "Alex Wilber", TestPeople.Adviser, "16-1");
        await _bot.RegisterAsync("29:megan", "Megan Bowen", TestPeople.Adviser, "16-1");
    }

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    [Fact]
    public async Task A_first_save_sends_who_the_person_is_the_session_and_the_section_before_its_claim_is_answered()
    {
        var meeting = new MeetingDriver(_bot, Conversation.Group("19:ahead@thread.v2"));
        await meeting.TypeAsync("iniciar sesión", "Nueva sesión");
        await meeting.ClickAsync("session.create", new JsonObject
        {
            ["guideId"] = "dep-ejecucion-evaluacion", ["scopeId"] = "unit:junji:16101001", ["date"] = "2026-05-04", ["objective"] = "Revisar", ["strategy"] = "",
        });

        // Megan's first click: the bot has never seen her (her registry entry is read), then a steady save of Alex's.
        _hold.Arm(["RegistryPeople(", "Sessions(", "SessionAnswers()"]);
        await meeting.ClickAsync("session.answer", new JsonObject { ["q.ej-cond-actores-involucrados"] = "Primera respuesta de Megan" },
            userId: "29:megan", userName: "Megan Bowen");
        Assert.True(_hold.Released, "the claim was held until the three reads were sent");
        Assert.Contains("Primera respuesta de Megan", meeting.Card.ToJsonString(), StringComparison.Ordinal);

        _hold.Arm(["Sessions(", "SessionAnswers()"]);
        await meeting.ClickAsync("session.answer", new JsonObject { ["q.ej-cond-actores-involucrados"] = "Alex completa la respuesta" },
            userId: "29:user-1", userName: "Alex Wilber");
        Assert.True(_hold.Released, "the claim was held until the two reads were sent");
        Assert.Contains("Alex completa la respuesta", meeting.Card.ToJsonString(), StringComparison.Ordinal);

        var answers = await _bot.Get<Bitacora.Bot.Sessions.AnswerRepository>().GetAnswersAsync(
            (await _bot.Get<Bitacora.Bot.Sessions.SessionRepository>().GetCurrentForConversationAsync("19:ahead@thread.v2"))!.Id);
        Assert.Equal("Alex completa la respuesta", ((Bitacora.Bot.Sessions.TextAnswer)Assert.Single(answers).Value).Text);
    }

    /// <summary>Holds the next claim insert (POST ProcessedActivities) until a GET of each armed path has been sent
    /// (it passes at once if they were sent before it); <see cref="Released"/> tells it passed.</summary>
    private sealed class HoldClaimPolicy : HttpPipelinePolicy
    {
        private readonly object _gate = new();
        private HashSet<string> _waiting = [];
        private bool _armed;
        private TaskCompletionSource _sent = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Released { get; private set; }

        public void Arm(IEnumerable<string> paths)
        {
            lock (_gate)
            {
                _waiting = [.. paths];
                _sent = new(TaskCreationOptions.RunContinuationsAsynchronously);
                Released = false;
                _armed = true;
            }
        }

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            var path = message.Request.Uri.Path;
            Task? hold = null;
            lock (_gate)
            {
                if (message.Request.Method == RequestMethod.Get && _waiting.FirstOrDefault(p => path.Contains(p, StringComparison.Ordinal)) is { } read)
                {
                    _waiting.Remove(read);
                    if (_waiting.Count == 0) _sent.TrySetResult();
                }
                else if (message.Request.Method == RequestMethod.Post && path.EndsWith("ProcessedActivities", StringComparison.Ordinal) && _armed)
                {
                    hold = _sent.Task;
                    _armed = false;
                }
            }
            if (hold is not null)
            {
                // A bound, not a sleep: if the reads waited for this claim they would never be sent.
                await hold.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
                Released = true;
            }
            await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();
    }
}
