using System.Globalization;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Bitacora.Testing.Playground;

/// <summary>
/// Drives the Agents Playground without a browser: acts as a Teams user over its HTTP API and reads everything the
/// bot sends from its conversation WebSocket. One client per Playground is enough; tests in a collection run one
/// after another, and every wait only looks at what arrived after this client's last action
/// (<see cref="Checkpoint"/>), so a test never matches a previous test's messages.
/// </summary>
public sealed class PlaygroundClient : IAsyncDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    private readonly HttpClient _http;
    private readonly Uri _baseUri;
    private readonly Func<string>? _diagnostics;
    private readonly ClientWebSocket _socket = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<BotMessage> _received = [];
    private readonly List<string> _unparsed = [];
    private TaskCompletionSource _arrival = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _reader;
    private PlaygroundConfig? _config;
    private Exception? _readerFailure;

    private PlaygroundClient(Uri baseUri, Func<string>? diagnostics)
    {
        _baseUri = baseUri;
        _diagnostics = diagnostics;
        _http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>Connects to a running Playground (HTTP + the conversation WebSocket).</summary>
    /// <param name="diagnostics">Extra text for failure messages, e.g. <see cref="PlaygroundProcess.Diagnostics"/>.</param>
    public static async Task<PlaygroundClient> ConnectAsync(Uri baseUri, Func<string>? diagnostics = null,
        CancellationToken cancellationToken = default)
    {
        var client = new PlaygroundClient(baseUri, diagnostics);
        try
        {
            var ws = new UriBuilder(baseUri) { Scheme = baseUri.Scheme == "https" ? "wss" : "ws", Path = "/_ws_conversation/v1/conversations/stream" };
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            await client._socket.ConnectAsync(ws.Uri, timeout.Token);
            client._reader = Task.Run(client.ReadLoopAsync, CancellationToken.None);
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    public static Task<PlaygroundClient> ConnectAsync(PlaygroundProcess playground, CancellationToken cancellationToken = default) =>
        ConnectAsync(playground.BaseUri, () => playground.Diagnostics(), cancellationToken);

    public Uri BaseUri => _baseUri;

    /// <summary>Index into <see cref="Received"/> from which waits look; moved to the end before every action.</summary>
    public int Checkpoint { get; private set; }

    /// <summary>Everything the bot sent since the client connected (includes messages buffered before).</summary>
    public IReadOnlyList<BotMessage> Received
    {
        get
        {
            lock (_received)
            {
                return [.. _received];
            }
        }
    }

    /// <summary>Forget what arrived so far: later waits only see newer messages. Actions do this by themselves.</summary>
    public void MarkCheckpoint()
    {
        lock (_received)
        {
            Checkpoint = _received.Count;
        }
    }

    // ---- The mock tenant ----------------------------------------------------------------------------------------

    /// <summary>GET /_internal/v1/config (cached). Calling it also makes the Playground probe the bot endpoint.</summary>
    public async Task<PlaygroundConfig> GetConfigAsync(CancellationToken cancellationToken = default)
    {
        if (_config is null)
        {
            var root = await GetJsonAsync("_internal/v1/config", cancellationToken);
            _config = PlaygroundConfig.Parse(root);
        }
        return _config;
    }

    // ---- Acting as a user ---------------------------------------------------------------------------------------

    /// <summary>
    /// The user types <paramref name="text"/> in a conversation (personal chat, group chat, or a channel id such as
    /// "team-id"). With <paramref name="mentionBot"/> the text starts with the bot's &lt;at&gt; mention, as Teams
    /// sends it; in group chats and channels the Playground only forwards messages that mention the bot.
    /// </summary>
    public async Task<SentMessage> SendMessageAsync(string conversationId, string text, bool mentionBot = false,
        string? fromUserId = null, CancellationToken cancellationToken = default)
    {
        var config = await GetConfigAsync(cancellationToken);
        var body = new JsonObject
        {
            ["from"] = new JsonObject { ["id"] = fromUserId ?? config.CurrentUser.Id },
            ["textFormat"] = "plain",
        };
        if (mentionBot)
        {
            var at = $"<at>{config.Bot.Name}</at>";
            body["text"] = $"{at} {text}";
            body["mentions"] = new JsonArray(new JsonObject
            {
                ["mentioned"] = new JsonObject { ["id"] = config.Bot.Id },
                ["text"] = at,
            });
        }
        else
        {
            body["text"] = text;
        }
        MarkCheckpoint();
        var response = await PostJsonAsync($"_conversation/v1/conversations/{Uri.EscapeDataString(conversationId)}/messages",
            body, cancellationToken);
        return new SentMessage(
            response?["messageId"]?.ToString() ?? "",
            response?["postConversationId"]?.GetValue<string>() ?? conversationId);
    }

    /// <summary>The user presses an Action.Submit button of the card message <paramref name="cardMessageId"/>:
    /// the bot receives a message with no text, value = <paramref name="value"/> (inputs + the action's data).</summary>
    public async Task SubmitAsync(string conversationId, string cardMessageId, JsonObject value, string? fromUserId = null,
        CancellationToken cancellationToken = default)
    {
        var config = await GetConfigAsync(cancellationToken);
        MarkCheckpoint();
        await PostJsonAsync("_conversation/v1/submit", new JsonObject
        {
            ["conversation"] = new JsonObject { ["id"] = conversationId },
            ["from"] = new JsonObject { ["id"] = fromUserId ?? config.CurrentUser.Id },
            ["replyToId"] = cardMessageId,
            ["value"] = value,
        }, cancellationToken);
    }

    /// <summary>The user presses an Action.Execute button (invoke "adaptiveCard/action") on the card message
    /// <paramref name="cardMessageId"/>; returns the bot's invoke response. The Playground replaces the card with a
    /// returned card in its own state but does not push that over the WebSocket.</summary>
    public async Task<InvokeResponse> InvokeAdaptiveCardActionAsync(string conversationId, string cardMessageId, string verb,
        JsonNode? data = null, string? title = null, string? fromUserId = null, CancellationToken cancellationToken = default)
    {
        var action = new JsonObject { ["type"] = "Action.Execute", ["title"] = title ?? verb, ["verb"] = verb, ["data"] = data ?? new JsonObject() };
        return await InvokeAsync(conversationId, cardMessageId, new JsonObject { ["action"] = action }, fromUserId, cancellationToken);
    }

    /// <summary>POST /_conversation/v1/invoke with an arbitrary adaptiveCard/action value.</summary>
    public async Task<InvokeResponse> InvokeAsync(string conversationId, string cardMessageId, JsonObject value,
        string? fromUserId = null, CancellationToken cancellationToken = default)
    {
        var config = await GetConfigAsync(cancellationToken);
        MarkCheckpoint();
        var response = await PostJsonAsync("_conversation/v1/invoke", new JsonObject
        {
            ["name"] = "adaptiveCard/action",
            ["conversation"] = new JsonObject { ["id"] = conversationId },
            ["from"] = new JsonObject { ["id"] = fromUserId ?? config.CurrentUser.Id },
            ["replyToId"] = cardMessageId,
            ["value"] = value,
        }, cancellationToken);
        return new InvokeResponse(response?["type"]?.GetValue<string>(), response?["value"]?.DeepClone());
    }

    /// <summary>What a page load of the UI does for a conversation: the bot receives installationUpdate (add) and
    /// conversationUpdate (membersAdded: the user and the bot in a personal chat, the bot elsewhere).</summary>
    public async Task InstallAsync(string conversationId, CancellationToken cancellationToken = default)
    {
        MarkCheckpoint();
        await PostJsonAsync($"_debug/conversation/{Uri.EscapeDataString(conversationId)}/installation", new JsonObject(),
            cancellationToken);
    }

    /// <summary>Sends any activity to the bot (POST /_internal/v1/customActivities; fire and forget).</summary>
    public async Task SendCustomActivityAsync(JsonObject activity, CancellationToken cancellationToken = default)
    {
        MarkCheckpoint();
        await PostJsonAsync("_internal/v1/customActivities", activity, cancellationToken);
    }

    /// <summary>A ready-made activity for <see cref="SendCustomActivityAsync"/>: type userAdded | botAdded | install.</summary>
    public async Task<JsonObject> GetCustomActivityTemplateAsync(string conversationId, string type,
        CancellationToken cancellationToken = default) =>
        (JsonObject)await GetJsonAsync(
            $"_internal/v1/customActivities/template?conversationId={Uri.EscapeDataString(conversationId)}&type={Uri.EscapeDataString(type)}",
            cancellationToken);

    // ---- What the bot sent --------------------------------------------------------------------------------------

    /// <summary>Waits for a message from the bot, received after the last action, that matches. Fails after
    /// <paramref name="timeout"/> (default 15 s) listing what did arrive.</summary>
    public async Task<BotMessage> WaitForMessageAsync(Func<BotMessage, bool> predicate, TimeSpan? timeout = null,
        string? description = null, CancellationToken cancellationToken = default) =>
        (await WaitForMessagesAsync(predicate, 1, timeout, description, cancellationToken))[0];

    /// <summary>A new message (createMessage) from the bot in the conversation (or one of its channel threads).</summary>
    public Task<BotMessage> WaitForMessageInAsync(string conversationId, Func<BotMessage, bool>? predicate = null,
        TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        WaitForMessageAsync(m => !m.IsUpdate && m.IsIn(conversationId) && (predicate?.Invoke(m) ?? true), timeout,
            $"a new message in {conversationId}", cancellationToken);

    /// <summary>An update (PUT by the bot) of message <paramref name="messageId"/>.</summary>
    public Task<BotMessage> WaitForUpdateAsync(string messageId, Func<BotMessage, bool>? predicate = null,
        TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        WaitForMessageAsync(m => m.IsUpdate && m.MessageId == messageId && (predicate?.Invoke(m) ?? true), timeout,
            $"an update of message {messageId}", cancellationToken);

    public async Task<IReadOnlyList<BotMessage>> WaitForMessagesAsync(Func<BotMessage, bool> predicate, int count,
        TimeSpan? timeout = null, string? description = null, CancellationToken cancellationToken = default)
    {
        var limit = timeout ?? DefaultTimeout;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(limit);
        while (true)
        {
            Task arrival;
            lock (_received)
            {
                var matches = _received.Skip(Checkpoint).Where(predicate).Take(count).ToList();
                if (matches.Count == count)
                {
                    return matches;
                }
                arrival = _arrival.Task;
            }
            if (_readerFailure is not null || _reader is { IsCompleted: true })
            {
                throw new PlaygroundApiException(Describe($"The Playground WebSocket closed while waiting for {description ?? "a message"}.", _readerFailure));
            }
            try
            {
                await arrival.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException(Describe(
                    $"Waited {limit.TotalSeconds:0.#} s for {count} × {description ?? "a matching message from the bot"}; none/not enough arrived.",
                    null));
            }
        }
    }

    /// <summary>Asserts that nothing matching arrives within <paramref name="duration"/> (use sparingly: it waits).</summary>
    public async Task AssertNoMessageAsync(Func<BotMessage, bool> predicate, TimeSpan duration, string? description = null,
        CancellationToken cancellationToken = default)
    {
        try
        {
            var m = await WaitForMessageAsync(predicate, duration, description, cancellationToken);
            throw new PlaygroundApiException(Describe($"Expected no {description ?? "matching message"}, but got {m}.", null));
        }
        catch (TimeoutException)
        {
            // Nothing arrived: as expected.
        }
    }

    private string Describe(string headline, Exception? cause)
    {
        var sb = new StringBuilder(headline).AppendLine();
        var all = Received;
        sb.AppendLine(CultureInfo.InvariantCulture, $"Received since the last action ({all.Count - Checkpoint}):");
        foreach (var m in all.Skip(Checkpoint))
        {
            sb.Append("  ").AppendLine(m.ToString());
        }
        if (Checkpoint > 0)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"Earlier ({Checkpoint}):");
            foreach (var m in all.Take(Checkpoint).TakeLast(10))
            {
                sb.Append("  ").AppendLine(m.ToString());
            }
        }
        lock (_unparsed)
        {
            foreach (var u in _unparsed.TakeLast(5))
            {
                sb.Append("  (other frame) ").AppendLine(u.Length > 300 ? u[..300] + "…" : u);
            }
        }
        if (cause is not null)
        {
            sb.AppendLine("Cause: " + cause);
        }
        if (_diagnostics is not null)
        {
            sb.AppendLine(_diagnostics());
        }
        return sb.ToString();
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        using var frame = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open && !_stop.IsCancellationRequested)
            {
                var result = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
                frame.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }
                var json = Encoding.UTF8.GetString(frame.GetBuffer(), 0, (int)frame.Length);
                frame.SetLength(0);
                BotMessage? message = null;
                try
                {
                    message = BotMessage.TryParse(json);
                }
                catch (System.Text.Json.JsonException)
                {
                    // Not JSON: keep it for diagnostics below.
                }
                if (message is null)
                {
                    lock (_unparsed)
                    {
                        _unparsed.Add(json);
                    }
                    continue;
                }
                lock (_received)
                {
                    _received.Add(message);
                    var arrived = _arrival;
                    _arrival = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    arrived.TrySetResult();
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException)
        {
            _readerFailure = e;
        }
        finally
        {
            lock (_received)
            {
                _arrival.TrySetResult();
            }
        }
    }

    // ---- HTTP ---------------------------------------------------------------------------------------------------

    private async Task<JsonNode> GetJsonAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(path, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new PlaygroundApiException(Describe($"GET {path} → {(int)response.StatusCode}: {body}", null));
        }
        return JsonNode.Parse(body) ?? throw new PlaygroundApiException($"GET {path} returned no JSON");
    }

    private async Task<JsonNode?> PostJsonAsync(string path, JsonObject body, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsJsonAsync(path, body, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new PlaygroundApiException(Describe(
                $"POST {path} {body.ToJsonString()} → {(int)response.StatusCode}: {text}", null));
        }
        return string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", cts.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
            }
        }
        if (_reader is not null)
        {
            await _reader.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
        }
        _socket.Dispose();
        _http.Dispose();
        _stop.Dispose();
    }
}
