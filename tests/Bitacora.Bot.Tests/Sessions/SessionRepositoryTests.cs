using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Bitacora.Bot.Sessions;
using Bitacora.Bot.Storage;
using Bitacora.Testing;
using Microsoft.Extensions.Options;

namespace Bitacora.Bot.Tests.Sessions;

[Collection(AzuriteCollection.Name)]
public sealed class SessionRepositoryTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Sessions_are_numbered_per_scope_and_period_and_read_back_by_id()
    {
        var store = new SessionStore(azurite);

        var first = await store.StartAsync();
        var second = await store.StartAsync();
        var otherPeriod = await store.StartAsync(period: "2027");
        var otherTerritory = await store.StartAsync(scope: SessionScope.Territory("rm-04", "Territorio 4"));
        var unit = await store.StartAsync(scope: SessionScope.Unit("13101-5", "Jardín Los Copihues"));

        Assert.Equal([1, 2, 1, 1, 1], new[] { first, second, otherPeriod, otherTerritory, unit }.Select(s => s.Number));
        var read = await store.Sessions.GetAsync(second.Id);
        Assert.Equal(second, read);
        Assert.Equal("Revisar condiciones de la ejecución", read!.Objective);
        Assert.Equal(new DateOnly(2026, 4, 14), read.Date);
        Assert.Null(await store.Sessions.GetAsync("no-such-session"));
    }

    [Fact]
    public async Task Concurrent_starts_never_share_a_number()
    {
        var store = new SessionStore(azurite);

        var sessions = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => store.StartAsync(conversationId: null))));

        Assert.Equal(Enumerable.Range(1, 20), sessions.Select(s => s.Number).Order());
        Assert.Equal(20, sessions.Select(s => s.Id).Distinct().Count());
    }

    [Fact]
    public async Task A_burst_of_starts_in_one_scope_takes_turns_and_two_instances_still_never_share_a_number()
    {
        // Two instances of the bot over the same tables, each with a burst of «Crear» in the same territory.
        var requests = new ConcurrentQueue<string>();
        var options = new TableClientOptions();
        options.AddPolicy(new RecordingPolicy(requests), HttpPipelinePosition.PerCall);
        var prefix = azurite.NewTablePrefix();
        var tables = new TableClientProvider(new TableServiceClient(azurite.ConnectionString, options), prefix);
        var sessionOptions = Options.Create(new SessionOptions());
        var one = new SessionRepository(tables, TimeProvider.System, sessionOptions);
        var other = new SessionRepository(new TableClientProvider(azurite.CreateServiceClient(), prefix), TimeProvider.System, sessionOptions);

        var numbers = await Task.WhenAll(Enumerable.Range(0, 60).Select(i =>
            Task.Run(() => (i % 2 == 0 ? one : other).AllocateNumberAsync(SessionStore.Territory, "2026"))));

        Assert.Equal(Enumerable.Range(1, 60), numbers.Order());
        // The instance that counts its requests took turns: one conditional write per N°, and a failed write (then a
        // read) only when the other instance wrote in between — at most once per write of the other's 30, plus the
        // row's creation — not a storm of conflicting retries (the old allocator: 317 here).
        var counters = requests.Where(r => r.Contains("SessionCounters", StringComparison.Ordinal)).ToList();
        var conflicts = counters.Count(r => r.EndsWith(" 412", StringComparison.Ordinal) || r.EndsWith(" 409", StringComparison.Ordinal));
        Assert.True(conflicts <= 31, $"{conflicts} conflicts for 30 numbers: {string.Join(" | ", counters)}");
        Assert.True(counters.Count <= 30 * 4, $"{counters.Count} requests for 30 numbers");

        // Alone, an instance allocates with one request per N° (plus, if the other instance wrote last, one failed write
        // and one read to learn its number).
        requests.Clear();
        var alone = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => one.AllocateNumberAsync(SessionStore.Territory, "2026"))));
        Assert.Equal(Enumerable.Range(61, 20), alone.Order());
        var aloneRequests = requests.Count(r => r.Contains("SessionCounters", StringComparison.Ordinal));
        Assert.True(aloneRequests is >= 20 and <= 22, $"{aloneRequests} requests for 20 numbers");
    }

    private sealed class RecordingPolicy(ConcurrentQueue<string> into) : HttpPipelineSynchronousPolicy
    {
        public override void OnReceivedResponse(HttpMessage message) =>
            into.Enqueue($"{message.Request.Method} {message.Request.Uri.Path} {message.Response.Status}");
    }

    [Fact]
    public async Task A_scope_lists_its_sessions_newest_first()
    {
        var store = new SessionStore(azurite);
        var created = new List<Session>();
        for (var i = 0; i < 4; i++)
        {
            created.Add(await store.StartAsync(conversationId: null));
            store.Clock.Advance(TimeSpan.FromDays(7));
        }
        await store.StartAsync(scope: SessionScope.Territory("rm-05", "Otro"), conversationId: null);

        var listed = await store.Sessions.ListByScopeAsync(SessionStore.Territory, max: 3);

        Assert.Equal([4, 3, 2], listed.Select(s => s.Number));
    }

    [Fact]
    public async Task The_conversation_points_to_its_current_session_until_it_finishes()
    {
        var store = new SessionStore(azurite);
        var session = await store.StartAsync(conversationId: "19:a@thread.v2");

        Assert.Equal(session.Id, (await store.Sessions.GetCurrentForConversationAsync("19:a@thread.v2"))!.Id);
        Assert.Null(await store.Sessions.GetCurrentForConversationAsync("19:b@thread.v2"));

        var paused = await store.Sessions.PauseAsync(session.Id, session.Version);
        Assert.Equal(SessionStatus.Paused, paused.Session!.Status);
        var resumed = await store.Sessions.ResumeAsync(session.Id, paused.Session.Version, "19:b@thread.v2");
        Assert.Equal(SessionUpdateStatus.Updated, resumed.Status);
        Assert.Equal("19:b@thread.v2", resumed.Session!.ConversationId);
        Assert.Equal(session.Id, await store.Sessions.GetCurrentIdForConversationAsync("19:b@thread.v2"));

        var finished = await store.Sessions.FinishAsync(session.Id, resumed.Session.Version);
        Assert.Equal(SessionStatus.Finished, finished.Session!.Status);
        Assert.Null(await store.Sessions.GetCurrentIdForConversationAsync("19:b@thread.v2"));
    }

    [Fact]
    public async Task A_stale_card_changes_nothing()
    {
        var store = new SessionStore(azurite);
        var session = await store.StartAsync();
        var moved = await store.Sessions.GoToSectionAsync(session.Id, session.Version, 2, sectionCount: 6);
        Assert.Equal((SessionUpdateStatus.Updated, 2, 2L), (moved.Status, moved.Session!.CurrentSectionIndex, moved.Session.Version));

        // A click on the card rendered at version 1 (section 0).
        var stale = await store.Sessions.GoToSectionAsync(session.Id, session.Version, 1, sectionCount: 6);

        Assert.Equal(SessionUpdateStatus.Stale, stale.Status);
        var stored = await store.Sessions.GetAsync(session.Id);
        Assert.Equal((2, 2L), (stored!.CurrentSectionIndex, stored.Version));
    }

    [Fact]
    public async Task Domain_rules_reject_with_a_spanish_reason_and_keep_the_session()
    {
        var store = new SessionStore(azurite);
        var session = await store.StartAsync();
        var finished = await store.Sessions.FinishAsync(session.Id, null);

        var again = await store.Sessions.PauseAsync(session.Id, null);
        var outOfRange = await store.Sessions.UpdateAsync(session.Id, null, s => s.GoToSection(9, 6));

        Assert.Equal(SessionUpdateStatus.Rejected, again.Status);
        Assert.Equal("La sesión ya finalizó.", ShippedSessionTexts.Texts.Format(again.Rejection!));
        Assert.Equal(SessionUpdateStatus.Rejected, outOfRange.Status);
        Assert.Equal(finished.Session!.Version, (await store.Sessions.GetAsync(session.Id))!.Version);
    }

    [Fact]
    public async Task Concurrent_updates_without_expected_version_all_apply()
    {
        var store = new SessionStore(azurite);
        var session = await store.StartAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(() =>
            store.Sessions.UpdateAsync(session.Id, null, s => SessionTransition.To(s with { Strategy = (s.Strategy ?? "") + "|" + i })))));

        Assert.All(results, r => Assert.Equal(SessionUpdateStatus.Updated, r.Status));
        var stored = await store.Sessions.GetAsync(session.Id);
        Assert.Equal(11, stored!.Version);
        Assert.Equal(10, stored.Strategy!.Count(c => c == '|'));
    }

    [Fact]
    public async Task Participants_are_recorded_once_each()
    {
        var store = new SessionStore(azurite);
        var session = await store.StartAsync();

        await Task.WhenAll(Enumerable.Range(1, 5).Select(i => store.Sessions.AddParticipantAsync(session.Id, SessionStore.Person(i))));
        await store.Sessions.AddParticipantAsync(session.Id, SessionStore.Person(1));

        var participants = await store.Sessions.GetParticipantsAsync(session.Id);
        Assert.Equal(Enumerable.Range(0, 6).Select(SessionStore.Person), participants.OrderBy(p => p.Id));
    }
}
