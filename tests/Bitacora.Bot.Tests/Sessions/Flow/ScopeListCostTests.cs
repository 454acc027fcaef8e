using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Core.Pipeline;
using Bitacora.Bot.Hosting;
using Bitacora.Bot.Registry.Identifiers;
using Bitacora.Bot.Registry.Model;
using Bitacora.Bot.Registry.Storage;
using Bitacora.Bot.Tests.Infrastructure;
using Bitacora.Testing;

namespace Bitacora.Bot.Tests.Sessions.Flow;

/// <summary>
/// Issue 16, item 2: «iniciar sesión» costs the same number of storage requests whatever the size of the registry
/// (the scope list is kept in memory and re-read only when a territory or unit changed, which one point read tells),
/// a change made meanwhile shows on the next start card, and the person's own territories come first.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ScopeListCostTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly CountingPolicy _counter = new();
    private BotPipeline _bot = null!;

    public async Task InitializeAsync()
    {
        _bot = await BotPipeline.StartAsync(azurite, BotPipeline.WithStoragePolicy(_counter), MeetingDriver.SeededRegistry);
        // Alex belongs to territory 16-2: the sample registry lists 16-1 first, Alex's card must not.
        await _bot.RegisterAsync("29:user-1", "Alex Wilber", TestPeople.Adviser, "16-2");
    }

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    private async Task<(int Requests, JsonObject Card)> StartCardAsync(MeetingDriver meeting)
    {
        await Idle();
        var before = _counter.Foreground;
        var card = await meeting.TypeAsync("iniciar sesión", "Nueva sesión");
        await Idle();
        return (_counter.Foreground - before, card);
    }

    private async Task Idle()
    {
        await _bot.Get<ClaimCompletions>().WhenIdleAsync();
        await _bot.Get<SharedCardUpdates>().WhenIdleAsync();
    }

    private static List<string> ScopeIds(JsonObject card) =>
        MeetingDriver.Inputs(card)["scopeId"]["choices"]!.AsArray().Select(c => c!["value"]!.GetValue<string>()).ToList();

    [Fact]
    public async Task Iniciar_sesion_costs_the_same_requests_with_a_registry_ten_times_larger_and_shows_changes()
    {
        var meeting = new MeetingDriver(_bot, Conversation.Group("19:scopes@thread.v2"));
        await StartCardAsync(meeting); // first use: the list is read once
        var (small, smallCard) = await StartCardAsync(meeting);
        Assert.Equal("territory:16-2", ScopeIds(smallCard)[0]);

        // The registry grows: 40 more territories of region 16, two units each (written as an import would).
        var territories = _bot.Get<TerritoryStore>();
        var units = _bot.Get<UnitStore>();
        for (var n = 10; n < 50; n++)
        {
            await territories.SaveIfChangedAsync(new Territory("16", "Ñuble", n, $"Territorio de carga {n}", [], new Dictionary<string, int>(),
                new Dictionary<string, IReadOnlyList<string>>(), LearningCommunityOrganisation.Empty));
            for (var u = 0; u < 2; u++)
            {
                Assert.True(UnitCode.TryParse($"junji:169{n:D2}{u:D3}", out var code));
                await units.SaveIfChangedAsync(new Unit(code, $"Jardín de carga {n}-{u}", "jardin_clasico_ad", $"16-{n}", "Chillán", []));
            }
        }

        var (_, afterChange) = await StartCardAsync(meeting);
        Assert.Contains("unit:junji:16949001", ScopeIds(afterChange));
        Assert.Equal("territory:16-2", ScopeIds(afterChange)[0]);
        var (large, largeCard) = await StartCardAsync(meeting);
        Assert.True(ScopeIds(largeCard).Count >= ScopeIds(smallCard).Count + 120);
        Assert.Equal(small, large);
        Assert.True(large <= 6, $"requests for «iniciar sesión»: {large}; last: {string.Join(" | ", _counter.Last(large))}");
    }

    private sealed class CountingPolicy : HttpPipelineSynchronousPolicy
    {
        private readonly ConcurrentQueue<string> _requests = new();

        public int Foreground => _requests.Count;

        public IEnumerable<string> Last(int n) => _requests.TakeLast(n);

        public override void OnSendingRequest(HttpMessage message)
        {
            if (Bitacora.Bot.Storage.AfterAnswerWork.Active) return; // the cards everyone else sees, the claim's «done»
            _requests.Enqueue(message.Request.Method + " " + Uri.UnescapeDataString(message.Request.Uri.Path + message.Request.Uri.Query));
        }
    }
}
