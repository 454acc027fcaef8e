using Bitacora.Testing;
using Bitacora.Testing.Playground;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bitacora.E2E.Tests.Infrastructure;

/// <summary>
/// The real Bitácora bot (its Program, the real ASP.NET pipeline) on Kestrel loopback with a free port, storage in a
/// test Azurite under a unique table prefix, anonymous (no MicrosoftAppId), plus an Agents Playground pointed at its
/// /api/messages. Everything starts together and stops together, once per <see cref="E2ECollection"/>.
/// </summary>
public sealed class BotHostFixture : PlaygroundFixture
{
    private readonly AzuriteFixture _azurite = new();
    private readonly CollectingLoggerProvider _log = new();
    private BotFactory? _factory;

    public AzuriteFixture Azurite => _azurite;

    /// <summary>The bot's services (e.g. to read what it stored).</summary>
    public IServiceProvider Services => Factory.Services;

    public string TablePrefix { get; private set; } = "";

    public Uri BotBaseUri { get; private set; } = null!;

    /// <summary>An HttpClient to the bot over real HTTP (Kestrel), e.g. for /health.</summary>
    public HttpClient CreateBotClient() => new() { BaseAddress = BotBaseUri, Timeout = TimeSpan.FromSeconds(30) };

    private BotFactory Factory => _factory ?? throw new InvalidOperationException("The bot has not started.");

    protected override async Task<Uri> StartBotAsync()
    {
        await _azurite.InitializeAsync();
        TablePrefix = _azurite.NewTablePrefix();
        var port = FreePort.Next();
        _factory = new BotFactory(_azurite.ConnectionString, TablePrefix, _log);
        _factory.UseKestrel(port);
        _factory.StartServer();
        BotBaseUri = new Uri($"http://127.0.0.1:{port}/");
        return new Uri(BotBaseUri, "api/messages");
    }

    protected override async Task StopBotAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
            _factory = null;
        }
        await _azurite.DisposeAsync();
    }

    public override string BotDiagnostics() => _log.Text;

    private sealed class BotFactory(string storage, string tablePrefix, CollectingLoggerProvider log)
        : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("Storage:ConnectionString", storage);
            builder.UseSetting("Storage:TablePrefix", tablePrefix);
            builder.UseSetting("MicrosoftAppId", "");
            builder.UseSetting("MicrosoftAppPassword", "");
            builder.UseSetting("MicrosoftAppTenantId", "");
            builder.ConfigureLogging(logging => logging.AddProvider(log));
            // As the real service does, refuse a filter of more than 15 comparisons (Azurite accepts any).
            builder.ConfigureServices(services => services.AddSingleton(sp =>
            {
                var options = new Azure.Data.Tables.TableClientOptions();
                options.AddPolicy(new TableQueryLimits(), Azure.Core.HttpPipelinePosition.PerCall);
                var account = sp.GetRequiredService<Bitacora.Bot.Storage.StorageAccount>();
                return new Bitacora.Bot.Storage.TableClientProvider(account.CreateTableServiceClient(options), account.Options.TablePrefix);
            }));
        }
    }
}

/// <summary>End-to-end tests against the real bot join this collection: [Collection(E2ECollection.Name)].</summary>
[CollectionDefinition(Name)]
public sealed class E2ECollection : ICollectionFixture<BotHostFixture>
{
    public const string Name = "E2E real bot";
}
