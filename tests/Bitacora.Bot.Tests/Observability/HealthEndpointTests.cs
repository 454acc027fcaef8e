using System.Net;
using System.Text.Json.Nodes;
using Bitacora.Bot.Tests.Infrastructure;
using Bitacora.Testing;

namespace Bitacora.Bot.Tests.Observability;

/// <summary>/health reports each dependency and turns 503 naming the one that fails; /alive only says the process
/// answers. This test owns its Azurite, because it stops it.</summary>
public sealed class HealthEndpointTests : IAsyncLifetime
{
    private readonly AzuriteFixture _azurite = new();
    private BotPipeline _bot = null!;

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        _bot = await BotPipeline.StartAsync(_azurite);
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    private async Task<(HttpStatusCode Status, JsonObject Body)> GetAsync(string path)
    {
        var response = await _bot.Client.GetAsync(path);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    [Fact]
    public async Task Health_is_503_naming_storage_while_Azurite_is_stopped_and_200_when_it_is_back()
    {
        var (up, upBody) = await GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, up);
        Assert.Equal("Healthy", upBody["checks"]!["storage"]!["status"]!.GetValue<string>());
        Assert.Equal("Healthy", upBody["checks"]!["connector-token"]!["status"]!.GetValue<string>());
        Assert.Contains("does not run in this instance", upBody["checks"]!["scheduler"]!["description"]!.GetValue<string>());

        await _azurite.StopAsync();
        var started = DateTime.UtcNow;
        var (down, downBody) = await GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(6), "a health check must not wait out SDK retries");
        Assert.Equal("Unhealthy", downBody["status"]!.GetValue<string>());
        Assert.Equal("Unhealthy", downBody["checks"]!["storage"]!["status"]!.GetValue<string>());
        Assert.StartsWith("Table Storage unreachable", downBody["checks"]!["storage"]!["description"]!.GetValue<string>());
        var (alive, _) = await GetAsync("/alive");
        Assert.Equal(HttpStatusCode.OK, alive); // liveness does not depend on storage: no restart loop during an outage

        await _azurite.RestartAsync();
        var (back, _) = await GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, back);
    }
}
