using Xunit;

namespace Bitacora.Testing.Playground;

/// <summary>
/// Base for end-to-end fixtures: starts a bot (what the subclass provides), then the Agents Playground pointed at
/// it, connects a <see cref="PlaygroundClient"/> and reads the mock tenant's ids; stops everything in reverse order.
/// Subclasses: the E2E project's BotHostFixture (the real bot + Azurite) and its echo bot fixture.
/// </summary>
public abstract class PlaygroundFixture : IAsyncLifetime
{
    private PlaygroundProcess? _playground;
    private PlaygroundClient? _client;
    private PlaygroundConfig? _config;

    /// <summary>A fixed personal chat id (the Playground picks a random one otherwise).</summary>
    public virtual string PersonalConversationId => "personal-chat-e2e";

    public PlaygroundProcess Playground => _playground ?? throw NotStarted();

    public PlaygroundClient Client => _client ?? throw NotStarted();

    public PlaygroundConfig Config => _config ?? throw NotStarted();

    /// <summary>Starts the bot and returns its messaging endpoint (e.g. http://127.0.0.1:port/api/messages).</summary>
    protected abstract Task<Uri> StartBotAsync();

    /// <summary>Stops what <see cref="StartBotAsync"/> started.</summary>
    protected abstract Task StopBotAsync();

    /// <summary>Bot-side output for failure messages (logs), if the subclass keeps any.</summary>
    public virtual string BotDiagnostics() => "";

    /// <summary>Everything useful when an end-to-end test fails: the Playground's output and log, the bot's.</summary>
    public string Diagnostics() =>
        (_playground?.Diagnostics() ?? "(playground not started)") + "\n--- bot:\n" + BotDiagnostics();

    public async Task InitializeAsync()
    {
        try
        {
            var endpoint = await StartBotAsync();
            _playground = await PlaygroundProcess.StartAsync(endpoint, PersonalConversationId);
            _client = await PlaygroundClient.ConnectAsync(_playground.BaseUri, Diagnostics);
            _config = await _client.GetConfigAsync();
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync();
            _client = null;
        }
        if (_playground is not null)
        {
            await _playground.DisposeAsync();
            _playground = null;
        }
        await StopBotAsync();
    }

    private static InvalidOperationException NotStarted() =>
        new("The end-to-end fixture has not started (or failed to start): see the fixture's initialization error.");
}
