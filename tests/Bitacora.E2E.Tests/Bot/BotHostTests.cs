using Bitacora.E2E.Tests.Infrastructure;

namespace Bitacora.E2E.Tests.Bot;

/// <summary>The real bot host starts inside the end-to-end fixture (Kestrel, Azurite, Playground).</summary>
[Collection(E2ECollection.Name)]
public sealed class BotHostTests(BotHostFixture e2e)
{
    [Fact]
    public async Task The_real_bot_answers_over_kestrel_next_to_a_running_playground()
    {
        using var http = e2e.CreateBotClient();

        var alive = await http.GetAsync("alive");
        var health = await http.GetAsync("health");

        Assert.Equal(System.Net.HttpStatusCode.OK, alive.StatusCode);
        Assert.True(health.IsSuccessStatusCode, await health.Content.ReadAsStringAsync()); // storage, scheduler, token
        Assert.False(e2e.Playground.HasExited, e2e.Diagnostics());
        Assert.Equal(e2e.PersonalConversationId, e2e.Config.PersonalChat.Id);
    }
}
