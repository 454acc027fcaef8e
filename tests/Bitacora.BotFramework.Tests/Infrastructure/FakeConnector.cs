using Bitacora.Testing;
using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Bitacora.BotFramework.Tests.Infrastructure;

public sealed record ReceivedRequest(string Method, string Path, string? Authorization, string Body, DateTimeOffset At, string Query = "")
{
    public JsonNode? Json => string.IsNullOrEmpty(Body) ? null : JsonNode.Parse(Body);
}

/// <summary>A Bot Connector on loopback Kestrel: records every request and answers with a replaceable script.</summary>
public sealed class FakeConnector : IAsyncDisposable
{
    private readonly LoopbackServer _server;
    private int _counter;

    private FakeConnector(LoopbackServer server) => _server = server;

    public ConcurrentQueue<ReceivedRequest> Received { get; } = new();

    /// <summary>Given the request and its 1-based number, writes the answer. Default: 200 with a new activity id.</summary>
    public Func<HttpContext, int, Task> Respond { get; set; } = DefaultAsync;

    public string BaseUrl => _server.BaseUrl;

    public static async Task<FakeConnector> StartAsync()
    {
        FakeConnector? connector = null;
        var server = await LoopbackServer.StartAsync(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            var n = Interlocked.Increment(ref connector!._counter);
            connector.Received.Enqueue(new ReceivedRequest(context.Request.Method,
                Uri.UnescapeDataString(context.Request.Path.Value ?? ""),
                context.Request.Headers.Authorization.ToString() is { Length: > 0 } a ? a : null, body,
                DateTimeOffset.UtcNow, context.Request.QueryString.Value ?? ""));
            await connector.Respond(context, n);
        });
        connector = new FakeConnector(server);
        return connector;
    }

    public static Task DefaultAsync(HttpContext context, int n) =>
        context.Response.WriteAsJsonAsync(new { id = $"activity-{n}" });

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
