using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Core.Pipeline;
using Bitacora.Bot.Tests.Infrastructure;
using Bitacora.Testing;

namespace Bitacora.Bot.Tests.Sessions.Flow;

/// <summary>
/// Issue 16: a save's reads run at once, not one after the other — for an answer click, who the person is, the
/// session and the section (it has no claim: AnswerClickGuard); for a click that moves the session, while the
/// duplicate guard claims it. Storage holds one request until the others the save needs have been sent: if they
/// waited for it, the turn could not finish.
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
    public async Task A_save_sends_its_reads_together_and_a_move_sends_them_before_its_claim_is_answered()
    {
        var meeting = new MeetingDriver(_bot, Conversation.Group("19:ahead@thread.v2"));
        await meeting.StartSessionAsync();

        // Megan's first click: the bot has never seen her (her registry entry is read), then a steady save of Alex's.
        // The session's read is held until the other reads have been sent; no claim is made.
        var claimsBefore = _hold.Claims;
        _hold.Arm(RequestMethod.Get, "Sessions(", ["RegistryPeople(", "SessionAnswers()"]);
        await meeting.ClickAsync("session.answer", new JsonObject { ["q.ej-cond-actores-involucrados"] = "Primera respuesta de Megan" },
            userId: "29:megan", userName: "Megan Bowen");
        Assert.True(_hold.Released, "the session read was held until the two other reads were sent");
        Assert.Contains("Primera respuesta de Megan", meeting.Card.ToJsonString(), StringComparison.Ordinal);

        _hold.Arm(RequestMethod.Get, "Sessions(", ["SessionAnswers()"]);
        await meeting.ClickAsync("session.answer", new JsonObject { ["q.ej-cond-actores-involucrados"] = "Alex completa la respuesta" },
            userId: "29:user-1", userName: "Alex Wilber");
        Assert.True(_hold.Released, "the session read was held until the section read was sent");
        Assert.Contains("Alex completa la respuesta", meeting.Card.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(claimsBefore, _hold.Claims); // the two answers were not claimed

        // «Siguiente» saves and moves the session, so it is claimed: the claim is held until its reads were sent.
        _hold.Arm(RequestMethod.Post, "ProcessedActivities", ["Sessions(", "SessionAnswers()"]);
        await meeting.ClickAsync("session.navigate", new JsonObject { ["q.ej-cond-actores-involucrados"] = "Alex completa la respuesta" },
            title: "Siguiente ▶", userId: "29:user-1", userName: "Alex Wilber");
        Assert.True(_hold.Released, "the claim was held until the two reads were sent");
        Assert.Equal(claimsBefore + 1, _hold.Claims);

        var answers = await _bot.Get<Bitacora.Bot.Sessions.AnswerRepository>().GetAnswersAsync(
            (await _bot.Get<Bitacora.Bot.Sessions.SessionRepository>().GetCurrentForConversationAsync("19:ahead@thread.v2"))!.Id);
        Assert.Equal("Alex completa la respuesta", ((Bitacora.Bot.Sessions.TextAnswer)Assert.Single(answers).Value).Text);
    }

    /// <summary>Holds the next request of the armed method and path until a GET of each armed read has been sent (it
    /// passes at once if they were sent before it); <see cref="Released"/> tells it passed. Counts claim inserts.</summary>
    private sealed class HoldClaimPolicy : HttpPipelinePolicy
    {
        private readonly object _gate = new();
        private HashSet<string> _waiting = [];
        private (RequestMethod Method, string Path)? _held;
        private TaskCompletionSource _sent = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _claims;

        public bool Released { get; private set; }

        public int Claims => Volatile.Read(ref _claims);

        public void Arm(RequestMethod method, string path, IEnumerable<string> reads)
        {
            lock (_gate)
            {
                _waiting = [.. reads];
                _sent = new(TaskCreationOptions.RunContinuationsAsynchronously);
                Released = false;
                _held = (method, path);
            }
        }

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            var path = message.Request.Uri.Path;
            var method = message.Request.Method;
            if (method == RequestMethod.Post && path.EndsWith("ProcessedActivities", StringComparison.Ordinal)) Interlocked.Increment(ref _claims);
            Task? hold = null;
            lock (_gate)
            {
                if (_held is { } held && method == held.Method && path.Contains(held.Path, StringComparison.Ordinal))
                {
                    hold = _sent.Task;
                    _held = null;
                }
                else if (method == RequestMethod.Get && _waiting.FirstOrDefault(p => path.Contains(p, StringComparison.Ordinal)) is { } read)
                {
                    _waiting.Remove(read);
                    if (_waiting.Count == 0) _sent.TrySetResult();
                }
            }
            if (hold is not null)
            {
                // A bound, not a sleep: if the reads waited for this request they would never be sent.
                await hold.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
                Released = true;
            }
            await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();
    }
}
