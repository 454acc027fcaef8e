using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bitacora.Testing;

/// <summary>One call the bot made to the connector.</summary>
public sealed record ConnectorCall(string Method, string Path, string? ConversationId, string? ActivityId, JsonNode? Body)
{
    /// <summary>Wall-clock arrival (UTC), for rates measured at the connector.</summary>
    public DateTimeOffset ReceivedAt { get; init; } = DateTimeOffset.UtcNow;

    public JsonObject? Activity => Body as JsonObject;

    public string? Text => Activity?["text"]?.GetValue<string>();

    /// <summary>The first Adaptive Card attached, if any.</summary>
    public JsonObject? Card => Activity?["attachments"]?.AsArray()
        .Select(a => a?["content"] as JsonObject).FirstOrDefault(c => c is not null);

    public bool IsSend => Method == "POST" && ActivityId is null && ConversationId is not null;
    public bool IsReply => Method == "POST" && ActivityId is not null;
    public bool IsUpdate => Method == "PUT";
}

/// <summary>A file PUT to the fake OneDrive upload URL (file consent accept).</summary>
public sealed record FakeUpload(string Path, string? ContentRange, byte[] Content);

/// <summary>
/// A Bot Connector service on a real loopback Kestrel port, standing in for the public Teams service the tests
/// cannot reach: it records every call, answers like the connector does, and can be told to fail (429 with
/// Retry-After, 403, 5xx) for the next calls.
/// </summary>
public sealed class FakeConnector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ConnectorCall> _calls = new();
    private readonly ConcurrentQueue<Func<ConnectorCall, (int Status, TimeSpan? RetryAfter)?>> _faults = new();
    private readonly SemaphoreSlim _signal = new(0);
    private int _nextId;

    private FakeConnector(WebApplication app) => _app = app;

    public string ServiceUrl { get; private set; } = "";

    /// <summary>
    /// Members returned by GET …/members and …/pagedmembers. Use the shape the Teams docs show (get-teams-context):
    /// id, objectId (the Entra id — not aadObjectId), givenName, surname, email, userPrincipalName, tenantId,
    /// userRole; see <see cref="TeamsMember"/>.
    /// </summary>
    public List<JsonObject> Members { get; } = [];

    /// <summary>Page size of …/pagedmembers when smaller than what the bot asks (to exercise continuation tokens).</summary>
    public int? MembersPageLimit { get; set; }

    /// <summary>A regular user as the members API returns them in the Teams docs (no <c>name</c>, no <c>aadObjectId</c>).</summary>
    public static JsonObject TeamsMember(string id, string objectId, string givenName, string surname, string email,
        string? userPrincipalName = null, string tenantId = "tenant-1") => new()
    {
        ["id"] = id,
        ["objectId"] = objectId,
        ["givenName"] = givenName,
        ["surname"] = surname,
        ["email"] = email,
        ["userPrincipalName"] = userPrincipalName ?? email,
        ["tenantId"] = tenantId,
        ["userRole"] = "user",
    };

    public IReadOnlyList<ConnectorCall> Calls => _calls.ToList();

    private readonly ConcurrentQueue<FakeUpload> _uploads = new();

    /// <summary>Files PUT to <see cref="UploadUrl"/> (a stand-in for the OneDrive upload session of a file consent).</summary>
    public IReadOnlyList<FakeUpload> Uploads => _uploads.ToList();

    /// <summary>The status the fake OneDrive upload answers (201 Created by default).</summary>
    public int UploadStatus { get; set; } = 201;

    /// <summary>An upload URL on this fake for <paramref name="fileName"/>.</summary>
    public string UploadUrl(string fileName) => ServiceUrl + "onedrive/upload/" + Uri.EscapeDataString(fileName);

    public static async Task<FakeConnector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var connector = new FakeConnector(app);
        connector.Map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        connector.ServiceUrl = address.TrimEnd('/') + "/";
        return connector;
    }

    /// <summary>The next <paramref name="count"/> calls matching <paramref name="when"/> fail with <paramref name="status"/>.</summary>
    public void FailNext(int count, int status, TimeSpan? retryAfter = null, Func<ConnectorCall, bool>? when = null)
    {
        var remaining = count;
        _faults.Enqueue(call =>
        {
            if (when is not null && !when(call))
            {
                return null;
            }
            return Interlocked.Decrement(ref remaining) >= 0 ? (status, retryAfter) : null;
        });
    }

    /// <summary>Waits until a recorded call satisfies <paramref name="predicate"/>; fails listing what was received.</summary>
    public async Task<ConnectorCall> WaitForAsync(Func<ConnectorCall, bool> predicate, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            AssertNoUnexpandedBindings();
            var found = _calls.FirstOrDefault(predicate);
            if (found is not null)
            {
                return found;
            }
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException("The expected connector call never came. Calls received:\n" + string.Join("\n",
                    _calls.Select(c => $"  {c.Method} {c.Path} {c.Body?.ToJsonString()[..Math.Min(300, c.Body?.ToJsonString().Length ?? 0)]}")));
            }
            await _signal.WaitAsync(left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
        }
    }

    /// <summary>
    /// A template binding the card templating left as literal text (a missing view-model path stays "${path}"):
    /// every message the bot sends or updates is checked; <see cref="WaitForAsync"/> and
    /// <see cref="AssertNoUnexpandedBindings"/> fail with what was sent.
    /// </summary>
    public const string UnexpandedBindingMarker = "${";

    private readonly ConcurrentQueue<string> _unexpanded = new();

    /// <summary>Records <paramref name="body"/> if it still holds a template binding (also used for invoke responses).</summary>
    public void RecordUnexpandedBindings(string where, JsonNode? body)
    {
        var json = body?.ToJsonString() ?? "";
        var at = json.IndexOf(UnexpandedBindingMarker, StringComparison.Ordinal);
        if (at >= 0)
        {
            _unexpanded.Enqueue($"{where}: …{json[Math.Max(0, at - 120)..Math.Min(json.Length, at + 120)]}…");
        }
    }

    /// <summary>Throws if anything the bot sent still contained a literal "${…}" template binding.</summary>
    public void AssertNoUnexpandedBindings()
    {
        if (!_unexpanded.IsEmpty)
        {
            throw new InvalidOperationException("The bot sent a card with an unexpanded template binding (\"${\"):\n  "
                + string.Join("\n  ", _unexpanded));
        }
    }

    public void Clear()
    {
        while (_calls.TryDequeue(out _)) { }
    }

    private void Map(WebApplication app)
    {
        // A lambda taking only HttpContext would bind to RequestDelegate and drop the IResult (empty 200): keep a second parameter.
        app.MapPost("/v3/conversations", async (HttpContext http, CancellationToken _) =>
            await Handle(http, null, null, call =>
            {
                var user = call.Activity?["members"]?.AsArray().FirstOrDefault()?["id"]?.GetValue<string>() ?? "unknown";
                return new JsonObject { ["id"] = "a:personal-" + user, ["activityId"] = NewId() };
            }));
        app.MapPost("/v3/conversations/{conversationId}/activities", async (HttpContext http, string conversationId) =>
            await Handle(http, conversationId, null, _ => new JsonObject { ["id"] = NewId() }));
        app.MapPost("/v3/conversations/{conversationId}/activities/{activityId}", async (HttpContext http, string conversationId, string activityId) =>
            await Handle(http, conversationId, activityId, _ => new JsonObject { ["id"] = NewId() }));
        app.MapPut("/v3/conversations/{conversationId}/activities/{activityId}", async (HttpContext http, string conversationId, string activityId) =>
            await Handle(http, conversationId, activityId, _ => new JsonObject { ["id"] = activityId }));
        app.MapDelete("/v3/conversations/{conversationId}/activities/{activityId}", async (HttpContext http, string conversationId, string activityId) =>
            await Handle(http, conversationId, activityId, _ => null));
        app.MapGet("/v3/conversations/{conversationId}/members", async (HttpContext http, string conversationId) =>
            await Handle(http, conversationId, null, _ => new JsonArray(Members.Select(m => (JsonNode)m.DeepClone()).ToArray())));
        app.MapGet("/v3/conversations/{conversationId}/pagedmembers", async (HttpContext http, string conversationId) =>
            await Handle(http, conversationId, null, _ => PagedMembers(http.Request.Query)));
        app.MapGet("/v3/conversations/{conversationId}/members/{memberId}", async (HttpContext http, string conversationId, string memberId) =>
            await Handle(http, conversationId, null, _ => Members.FirstOrDefault(m => m["id"]?.GetValue<string>() == memberId)?.DeepClone()));
        MapUploads(app);
    }

    private void MapUploads(WebApplication app) =>
        app.MapPut("/onedrive/upload/{name}", async (HttpContext http, string name) =>
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer);
            _uploads.Enqueue(new FakeUpload(http.Request.Path.Value ?? "", http.Request.Headers.ContentRange.ToString(), buffer.ToArray()));
            return Results.StatusCode(UploadStatus);
        });

    private async Task<IResult> Handle(HttpContext http, string? conversationId, string? activityId, Func<ConnectorCall, JsonNode?> answer)
    {
        JsonNode? body = null;
        if (http.Request.ContentLength is > 0 || http.Request.Headers.TransferEncoding.Count > 0)
        {
            body = await JsonNode.ParseAsync(http.Request.Body);
        }
        var call = new ConnectorCall(http.Request.Method, http.Request.Path.Value ?? "",
            conversationId is null ? null : WebUtility.UrlDecode(conversationId),
            activityId is null ? null : WebUtility.UrlDecode(activityId), body);
        RecordUnexpandedBindings(call.Method + " " + call.Path, body);

        foreach (var fault in _faults)
        {
            if (fault(call) is { } failure)
            {
                if (failure.RetryAfter is { } wait)
                {
                    http.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                return Results.Json(new { error = new { code = "Fake", message = "fault injected" } }, statusCode: failure.Status);
            }
        }

        _calls.Enqueue(call);
        _signal.Release();
        var response = answer(call);
        return response is null ? (http.Request.Method == "GET" ? Results.NotFound() : Results.Ok()) : Results.Json(response);
    }

    private JsonObject PagedMembers(IQueryCollection query)
    {
        var size = int.TryParse(query["pageSize"], out var asked) ? Math.Clamp(asked, 50, 500) : 200;
        size = Math.Min(size, MembersPageLimit ?? size);
        var start = int.TryParse(query["continuationToken"], out var from) ? from : 0;
        var page = Members.Skip(start).Take(size).Select(m => (JsonNode)m.DeepClone()).ToArray();
        var result = new JsonObject { ["members"] = new JsonArray(page) };
        if (start + size < Members.Count)
        {
            result["continuationToken"] = (start + size).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return result;
    }

    private string NewId() => "act-" + Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _signal.Dispose();
    }
}
