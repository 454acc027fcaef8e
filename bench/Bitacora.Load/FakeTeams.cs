using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bitacora.Load;

/// <summary>
/// The Bot Connector the bot talks to, on loopback: answers like the connector, counts calls, and hands the cards the
/// bot posts in a conversation to whoever waits for them (no scan of a growing call list).
/// </summary>
internal sealed class FakeTeams : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonObject>> _nextCard = new(StringComparer.Ordinal);
    private long _posts;
    private long _updates;
    private long _nextId;

    private FakeTeams(WebApplication app) => _app = app;

    public string ServiceUrl { get; private set; } = "";

    /// <summary>LOAD_DEBUG=1: print what the bot posts.</summary>
    private static readonly bool Debug = Environment.GetEnvironmentVariable("LOAD_DEBUG") == "1";
    public long Posts => Interlocked.Read(ref _posts);
    public long Updates => Interlocked.Read(ref _updates);

    public static async Task<FakeTeams> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var teams = new FakeTeams(app);
        app.MapPost("/v3/conversations/{conversationId}/activities/{activityId?}", (Delegate)teams.PostedAsync);
        app.MapPut("/v3/conversations/{conversationId}/activities/{activityId}", (string conversationId, string activityId) =>
        {
            Interlocked.Increment(ref teams._updates);
            return Results.Json(new { id = activityId });
        });
        app.MapPost("/v3/conversations", () => Results.Json(new { id = "a:personal-" + teams.NewId(), activityId = teams.NewId() }));
        app.MapGet("/v3/conversations/{conversationId}/members/{memberId}", () => Results.NotFound());
        app.MapGet("/v3/conversations/{conversationId}/members", () => Results.Json(Array.Empty<object>()));
        app.MapFallback(() => Results.Json(new { }));
        await app.StartAsync();
        teams.ServiceUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/";
        return teams;
    }

    private string NewId() => "m" + Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private async Task<IResult> PostedAsync(HttpContext http, string conversationId)
    {
        Interlocked.Increment(ref _posts);
        var body = await JsonNode.ParseAsync(http.Request.Body);
        if (Debug) Console.Error.WriteLine($"[teams] POST {conversationId}: {body?.ToJsonString()[..Math.Min(300, body.ToJsonString().Length)]}");
        var card = body?["attachments"]?.AsArray().Select(a => a?["content"] as JsonObject).FirstOrDefault(c => c is not null);
        if (card is not null && _nextCard.TryRemove(conversationId, out var waiter)) waiter.TrySetResult(card);
        return Results.Json(new { id = NewId() });
    }

    /// <summary>The next card the bot posts in <paramref name="conversationId"/> (register before causing it).</summary>
    public Task<JsonObject> NextCardAsync(string conversationId)
    {
        var waiter = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _nextCard[conversationId] = waiter;
        return waiter.Task;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
