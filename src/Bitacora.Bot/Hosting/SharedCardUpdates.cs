using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Bitacora.Bot.Texts;
using Bitacora.BotFramework;

namespace Bitacora.Bot.Hosting;

/// <summary>
/// A message everybody in a conversation sees, to bring up to date after a click: PUT <see cref="ActivityId"/> with the
/// card <see cref="Render"/> produces (rendered when the update runs, from fresh data), or post it when there is no
/// message yet. <see cref="OnPosted"/> learns the id of a message posted instead (to update that one next time).
/// Updates with the same <see cref="Key"/> coalesce: only the latest pending one runs.
/// </summary>
public sealed record SharedCardUpdate(
    string Key,
    string ServiceUrl,
    string ConversationId,
    string? ActivityId,
    Func<CancellationToken, Task<JsonObject?>> Render,
    Func<string, CancellationToken, Task>? OnPosted = null);

/// <summary>
/// Updates what everyone sees AFTER the clicker got their answer (never on an invoke's critical path). The connector
/// already retries what is worth retrying (429, 5xx); an update that still fails is not left in the log only: the
/// current card is posted again as a new message with a sentence saying so, and <see cref="SharedCardUpdate.OnPosted"/>
/// learns its id. Work is spread over a few lanes by key, so one conversation's updates stay in order.
/// </summary>
public sealed class SharedCardUpdates(IConnectorClientFactory connectors, TextCatalog texts, ILogger<SharedCardUpdates> logger)
    : BackgroundService
{
    private const int Lanes = 4;
    private readonly Channel<string>[] _lanes = [.. Enumerable.Range(0, Lanes).Select(_ => Channel.CreateUnbounded<string>())];
    private readonly ConcurrentDictionary<string, SharedCardUpdate> _pending = new(StringComparer.Ordinal);
    private int _inFlight;
    private TaskCompletionSource _idle = CompletedIdle();

    public void Enqueue(SharedCardUpdate update)
    {
        var isNew = true;
        _pending.AddOrUpdate(update.Key, update, (_, _) =>
        {
            isNew = false;
            return update;
        });
        if (!isNew) return;
        lock (_lanes)
        {
            if (_inFlight++ == 0) _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        _lanes[(uint)StringComparer.Ordinal.GetHashCode(update.Key) % Lanes].Writer.TryWrite(update.Key);
    }

    /// <summary>Completes when nothing is pending (tests; shutdown).</summary>
    public Task WhenIdleAsync()
    {
        lock (_lanes)
        {
            return _idle.Task;
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_lanes.Select(lane => RunLaneAsync(lane.Reader, stoppingToken)));

    private async Task RunLaneAsync(ChannelReader<string> reader, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var key in reader.ReadAllAsync(stoppingToken))
            {
                if (_pending.TryRemove(key, out var update))
                {
                    await RunAsync(update, stoppingToken);
                }
                lock (_lanes)
                {
                    if (--_inFlight == 0) _idle.TrySetResult();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RunAsync(SharedCardUpdate update, CancellationToken ct)
    {
        Storage.AfterAnswerWork.Enter();
        JsonObject? card;
        try
        {
            card = await update.Render(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Could not render the shared card {Key}", update.Key);
            return;
        }
        if (card is null) return;
        var connector = connectors.Create(update.ServiceUrl);
        if (update.ActivityId is { Length: > 0 } activityId)
        {
            try
            {
                var activity = Activity.CreateCard(card);
                activity.Id = activityId;
                activity.Conversation = new ConversationAccount { Id = update.ConversationId };
                await connector.UpdateActivityAsync(update.ConversationId, activityId, activity, ct);
                return;
            }
            catch (ConnectorException e)
            {
                logger.LogWarning(e, "Could not update {ActivityId} in {ConversationId} for everyone; posting it again", activityId, update.ConversationId);
            }
        }
        try
        {
            if (update.ActivityId is { Length: > 0 })
            {
                await connector.SendToConversationAsync(update.ConversationId, Activity.CreateMessage(texts[TextKeys.SharedUpdateFailed]), ct);
            }
            var posted = await connector.SendToConversationAsync(update.ConversationId, Activity.CreateCard(card), ct);
            if (posted.Id is { Length: > 0 } id && update.OnPosted is not null)
            {
                await update.OnPosted(id, ct);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Could not post the shared card {Key} in {ConversationId} either", update.Key, update.ConversationId);
        }
    }

    private static TaskCompletionSource CompletedIdle()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        done.SetResult();
        return done;
    }
}
