using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Bitacora.Bot.Registry.Import;
using Bitacora.Bot.Tests.Infrastructure;
using Bitacora.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bitacora.Bot.Tests.Registry;

/// <summary>A person of the sample registry (Content/Samples/people.csv) as Teams (and the Playground) present them.</summary>
internal sealed record SampleUser(string TeamsId, string Name, string AadObjectId)
{
    public static SampleUser Alex { get; } = new("user-id-0", "Alex Wilber", "00000000-0000-0000-0000-0000000000020");
    public static SampleUser Megan { get; } = new("user-id-1", "Megan Bowen", "00000000-0000-0000-0000-0000000000021");
    public static SampleUser Adele { get; } = new("user-id-2", "Adele Vance", "00000000-0000-0000-0000-0000000000022");
    public static SampleUser Patti { get; } = new("user-id-4", "Patti Fernandez", "00000000-0000-0000-0000-0000000000024");
}

/// <summary>The real bot pipeline with the sample registry seeded on start, and every log line kept.</summary>
internal sealed class RegistryBot : IAsyncDisposable
{
    private RegistryBot(BotPipeline pipeline, LogCollector logs)
    {
        Pipeline = pipeline;
        Logs = logs;
    }

    public BotPipeline Pipeline { get; }
    public LogCollector Logs { get; }
    public FakeConnector Connector => Pipeline.Connector;

    public static async Task<RegistryBot> StartAsync(AzuriteFixture azurite)
    {
        var logs = new LogCollector();
        var pipeline = await BotPipeline.StartAsync(azurite,
            services => services.AddSingleton<ILoggerProvider>(logs),
            new Dictionary<string, string?> { ["Registry:SeedSamples"] = "true" });
        return new RegistryBot(pipeline, logs);
    }

    public T Get<T>() where T : notnull => Pipeline.Get<T>();

    public static JsonObject As(JsonObject activity, SampleUser user) => As(activity, user.TeamsId, user.Name, user.AadObjectId);

    public static JsonObject As(JsonObject activity, string teamsId, string name, string? aadObjectId)
    {
        activity["from"] = new JsonObject { ["id"] = teamsId, ["name"] = name, ["aadObjectId"] = aadObjectId };
        return activity;
    }

    /// <summary>Sends <paramref name="text"/> as <paramref name="user"/> and returns the bot's answer in that conversation.</summary>
    public async Task<ConnectorCall> SayAsync(SampleUser user, string text, Conversation? conversation = null)
    {
        var conv = conversation ?? Conversation.Personal("a:dm-" + user.TeamsId);
        var activity = As(Pipeline.Message(conv, text), user);
        return await SendAsync(activity, conv);
    }

    public async Task<ConnectorCall> SendAsync(JsonObject activity, Conversation conv)
    {
        var before = Connector.Calls.Count(c => c.ConversationId == conv.Id && (c.IsSend || c.IsReply));
        var response = await Pipeline.PostAsync(activity);
        Assert.True(response.IsSuccessStatusCode, $"POST answered {(int)response.StatusCode}");
        await Connector.WaitForAsync(_ => Connector.Calls.Count(c => c.ConversationId == conv.Id && (c.IsSend || c.IsReply)) > before);
        return Connector.Calls.Where(c => c.ConversationId == conv.Id && (c.IsSend || c.IsReply)).Skip(before).First();
    }

    /// <summary>Clicks an Action.Execute button as <paramref name="user"/>; returns the invoke response body.</summary>
    public Task<JsonObject> ClickAsync(SampleUser user, JsonObject data, string cardActivityId, Conversation? conversation = null)
    {
        var conv = conversation ?? Conversation.Personal("a:dm-" + user.TeamsId);
        var verb = data["verb"]!.GetValue<string>();
        var invoke = As(Pipeline.Execute(conv, verb, data, cardActivityId, user.TeamsId, user.Name), user);
        return Pipeline.InvokeAsync(invoke);
    }

    public async Task ImportPeopleAsync(string csv)
    {
        var report = await Get<RegistryImporter>().ImportAsync(ImportKind.People, new StringReader(csv), new ImportOptions());
        Assert.Empty(report.Errors);
    }

    public ValueTask DisposeAsync() => Pipeline.DisposeAsync();
}

internal static class CardJson
{
    private static readonly System.Text.Json.JsonSerializerOptions Unescaped = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Text(this JsonNode? node) => node?.ToJsonString(Unescaped) ?? "";

    /// <summary>The data of the card's action titled <paramref name="title"/> (Action.Execute), as a fresh object.</summary>
    public static JsonObject? ActionData(this JsonObject card, string title) =>
        card["actions"]?.AsArray().OfType<JsonObject>()
            .FirstOrDefault(a => a["title"]?.GetValue<string>() == title)?["data"]?.DeepClone().AsObject();

    /// <summary>The value of the input with id <paramref name="id"/> anywhere in the card.</summary>
    public static string? InputValue(this JsonNode? node, string id)
    {
        switch (node)
        {
            case JsonObject o:
                if (o["id"]?.GetValue<string>() == id && o["type"]?.GetValue<string>()?.StartsWith("Input.", StringComparison.Ordinal) == true)
                {
                    return o["value"]?.ToString() ?? "";
                }
                foreach (var (_, child) in o)
                {
                    if (InputValue(child, id) is { } found) return found;
                }
                return null;
            case JsonArray a:
                foreach (var child in a)
                {
                    if (InputValue(child, id) is { } found) return found;
                }
                return null;
            default:
                return null;
        }
    }

    /// <summary>Every input of the card with its value: what a client would send back untouched.</summary>
    public static JsonObject Inputs(this JsonNode? node)
    {
        var result = new JsonObject();
        Collect(node, result);
        return result;

        static void Collect(JsonNode? n, JsonObject into)
        {
            switch (n)
            {
                case JsonObject o:
                    if (o["type"]?.GetValue<string>()?.StartsWith("Input.", StringComparison.Ordinal) == true && o["id"] is { } id)
                    {
                        into[id.GetValue<string>()] = o["value"]?.ToString() ?? "";
                    }
                    foreach (var (_, child) in o) Collect(child, into);
                    break;
                case JsonArray a:
                    foreach (var child in a) Collect(child, into);
                    break;
            }
        }
    }
}

/// <summary>Keeps every log entry of the app so tests can prove a refusal was logged.</summary>
internal sealed class LogCollector : ILoggerProvider
{
    private readonly ConcurrentQueue<(string Category, LogLevel Level, string Message, Exception? Exception)> _entries = new();

    public IReadOnlyList<(string Category, LogLevel Level, string Message, Exception? Exception)> Entries => _entries.ToList();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose() { }

    private sealed class Logger(string category, ConcurrentQueue<(string, LogLevel, string, Exception?)> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue((category, logLevel, formatter(state, exception), exception));
    }
}
