using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Bitacora.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Bitacora.Bot.Tests.Infrastructure;

/// <summary>
/// The real bot (ASP.NET pipeline, /api/messages, Table Storage in Azurite) talking to a loopback fake connector:
/// tests post activities as Teams would and read what the bot sent back.
/// </summary>
public sealed class BotPipeline : IAsyncDisposable
{
    public const string BotId = "28:bitacora-bot";
    public const string BotName = "Bitácora";

    private readonly WebApplicationFactory<Program> _factory;
    private int _nextActivity;

    private BotPipeline(WebApplicationFactory<Program> factory, FakeConnector connector, string tablePrefix, FakeTimeProvider time)
    {
        _factory = factory;
        Connector = connector;
        TablePrefix = tablePrefix;
        Time = time;
        Client = factory.CreateClient();
    }

    public FakeConnector Connector { get; }
    public string TablePrefix { get; }
    public FakeTimeProvider Time { get; }
    public HttpClient Client { get; }
    public IServiceProvider Services => _factory.Services;

    /// <summary>
    /// Services that make every Table Storage request of the bot go through <paramref name="policy"/> as well (to count
    /// requests, or to hold one back): pass to <see cref="StartAsync"/>.
    /// </summary>
    public static Action<IServiceCollection> WithStoragePolicy(Azure.Core.Pipeline.HttpPipelinePolicy policy) => services =>
        services.AddSingleton(sp => Tables(sp, policy));

    /// <summary>
    /// The bot's tables as the app builds them (<see cref="Bitacora.Bot.Storage.StorageAccount"/>), with
    /// <see cref="TableQueryLimits"/> — Table Storage refuses a filter of more than 15 comparisons, Azurite does not —
    /// and <paramref name="policy"/> when given.
    /// </summary>
    private static Bitacora.Bot.Storage.TableClientProvider Tables(IServiceProvider sp, Azure.Core.Pipeline.HttpPipelinePolicy? policy)
    {
        var options = new Azure.Data.Tables.TableClientOptions();
        options.AddPolicy(new TableQueryLimits(), Azure.Core.HttpPipelinePosition.PerCall);
        if (policy is not null) options.AddPolicy(policy, Azure.Core.HttpPipelinePosition.PerCall);
        var account = sp.GetRequiredService<Bitacora.Bot.Storage.StorageAccount>();
        return new Bitacora.Bot.Storage.TableClientProvider(account.CreateTableServiceClient(options), account.Options.TablePrefix);
    }

    public static async Task<BotPipeline> StartAsync(AzuriteFixture azurite,
        Action<IServiceCollection>? configureServices = null, IDictionary<string, string?>? settings = null,
        Func<FakeConnector, IDictionary<string, string?>>? connectorSettings = null)
    {
        var connector = await FakeConnector.StartAsync();
        if (connectorSettings is not null)
        {
            settings = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
            foreach (var (key, value) in connectorSettings(connector)) settings[key] = value;
        }
        var prefix = azurite.NewTablePrefix();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 5, 4, 13, 0, 0, TimeSpan.Zero));
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Testing");
            web.UseSetting("Storage:ConnectionString", azurite.ConnectionString);
            web.UseSetting("Storage:TablePrefix", prefix);
            web.UseSetting("MicrosoftAppId", "");
            web.UseSetting("BotFramework:AllowAnonymous", "true"); // "Testing" is not Development
            web.UseSetting("Reminders:RunScheduler", "false");
            // Tests read logs through their own providers; the console would only flood CI's output (its tail is all we get).
            web.UseSetting("Logging:Console:LogLevel:Default", "Warning");
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                web.UseSetting(key, value);
            }
            web.ConfigureServices(services =>
            {
                services.AddSingleton<TimeProvider>(time);
                services.AddSingleton(sp => Tables(sp, policy: null));
                configureServices?.Invoke(services);
            });
        });
        var pipeline = new BotPipeline(factory, connector, prefix, time);
        return pipeline;
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>A Teams-shaped activity from <paramref name="userId"/> in <paramref name="conversation"/>.</summary>
    public JsonObject Activity(string type, Conversation conversation, string userId = "29:user-1", string userName = "Alex Wilber")
    {
        var id = "in-" + Interlocked.Increment(ref _nextActivity);
        return new JsonObject
        {
            ["type"] = type,
            ["id"] = id,
            ["timestamp"] = Time.GetUtcNow().ToString("O"),
            ["serviceUrl"] = Connector.ServiceUrl,
            ["channelId"] = "msteams",
            ["from"] = new JsonObject { ["id"] = userId, ["name"] = userName, ["aadObjectId"] = "aad-" + userId },
            ["recipient"] = new JsonObject { ["id"] = BotId, ["name"] = BotName },
            ["conversation"] = new JsonObject
            {
                ["id"] = conversation.Id,
                ["conversationType"] = conversation.Type,
                ["isGroup"] = conversation.Type != "personal",
                ["tenantId"] = "tenant-1",
            },
            ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = "tenant-1" } },
            ["locale"] = "es-CL",
        };
    }

    public JsonObject Message(Conversation conversation, string text, string userId = "29:user-1", string userName = "Alex Wilber")
    {
        var activity = Activity("message", conversation, userId, userName);
        activity["text"] = text;
        activity["textFormat"] = "plain";
        return activity;
    }

    /// <summary>A message that @mentions the bot, as group chats and channels deliver commands.</summary>
    public JsonObject MentionMessage(Conversation conversation, string command, string userId = "29:user-1")
    {
        var activity = Message(conversation, $"<at>{BotName}</at> {command}", userId);
        activity["entities"] = new JsonArray(new JsonObject
        {
            ["type"] = "mention",
            ["text"] = $"<at>{BotName}</at>",
            ["mentioned"] = new JsonObject { ["id"] = BotId, ["name"] = BotName },
        });
        return activity;
    }

    /// <summary>An Action.Execute click: invoke adaptiveCard/action on the card message <paramref name="cardActivityId"/>.</summary>
    public JsonObject Execute(Conversation conversation, string verb, JsonObject data, string? cardActivityId,
        string userId = "29:user-1", string userName = "Alex Wilber")
    {
        var activity = Activity("invoke", conversation, userId, userName);
        activity["name"] = "adaptiveCard/action";
        activity["replyToId"] = cardActivityId;
        data["verb"] ??= verb;
        activity["value"] = new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data },
            ["trigger"] = "manual",
        };
        return activity;
    }

    public async Task<HttpResponseMessage> PostAsync(JsonObject activity)
    {
        using var content = JsonContent.Create(activity);
        return await Client.PostAsync("/api/messages", content);
    }

    /// <summary>Posts an invoke and returns the invoke response body (status must be 200).</summary>
    public async Task<JsonObject> InvokeAsync(JsonObject activity)
    {
        var response = await PostAsync(activity);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"Invoke answered {(int)response.StatusCode}: {body}");
        }
        var parsed = JsonNode.Parse(body)!.AsObject();
        Connector.RecordUnexpandedBindings("invoke response", parsed);
        Connector.AssertNoUnexpandedBindings();
        return parsed;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _factory.DisposeAsync();
        await Connector.DisposeAsync();
        // Every test through the pipeline: no card may leave the bot with a literal "${…}".
        Connector.AssertNoUnexpandedBindings();
    }
}

public sealed record Conversation(string Id, string Type)
{
    public static Conversation Personal(string id = "a:personal-1") => new(id, "personal");
    public static Conversation Group(string id = "19:group-1@thread.v2") => new(id, "groupChat");
    public static Conversation Channel(string id = "19:channel-1@thread.tacv2;messageid=1") => new(id, "channel");
}
