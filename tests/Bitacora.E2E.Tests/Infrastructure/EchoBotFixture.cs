using Bitacora.Testing.Playground;

namespace Bitacora.E2E.Tests.Infrastructure;

/// <summary>The echo bot and an Agents Playground pointed at it.</summary>
public sealed class EchoBotFixture : PlaygroundFixture
{
    private EchoBot? _bot;

    public EchoBot Bot => _bot ?? throw new InvalidOperationException("The echo bot has not started.");

    protected override async Task<Uri> StartBotAsync()
    {
        _bot = await EchoBot.StartAsync();
        return _bot.Endpoint;
    }

    protected override async Task StopBotAsync()
    {
        if (_bot is not null)
        {
            await _bot.DisposeAsync();
            _bot = null;
        }
    }

    public override string BotDiagnostics() => _bot?.Diagnostics() ?? "";
}

[CollectionDefinition(Name)]
public sealed class EchoBotCollection : ICollectionFixture<EchoBotFixture>
{
    public const string Name = "E2E echo bot";
}
