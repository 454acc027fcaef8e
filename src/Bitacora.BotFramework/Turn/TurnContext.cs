using System.Text.Json;

namespace Bitacora.BotFramework;

/// <summary>The turn of one activity, bound to a connector for its serviceUrl.</summary>
public sealed class TurnContext(
    Activity activity, IConnectorClient connector, IServiceProvider services, CancellationToken cancellationToken)
    : ITurnContext
{
    private int _responded;
    private InvokeResponse? _invokeResponse;

    public Activity Activity { get; } = activity;
    public IConnectorClient Connector { get; } = connector;
    public IServiceProvider Services { get; } = services;
    public CancellationToken CancellationToken { get; } = cancellationToken;
    public IDictionary<object, object?> Items { get; } = new Dictionary<object, object?>();
    public bool Responded => Volatile.Read(ref _responded) == 1;

    public InvokeResponse? InvokeResponse
    {
        get => _invokeResponse;
        set
        {
            _invokeResponse = value;
            if (value is not null) Interlocked.Exchange(ref _responded, 1);
        }
    }

    public async Task<ResourceResponse> SendActivityAsync(Activity activity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (activity.IsType(ActivityTypes.InvokeResponse))
        {
            // The official SDK's way of answering an invoke: captured here, written as the HTTP response.
            InvokeResponse = activity.Value?.Deserialize<InvokeResponse>(BotJson.Options) ?? new InvokeResponse(200);
            return new ResourceResponse(null);
        }

        var outbound = ApplyConversation(activity);
        var conversationId = outbound.Conversation?.Id
            ?? throw new InvalidOperationException("The activity has no conversation id to send to.");
        var response = string.IsNullOrEmpty(outbound.ReplyToId)
            ? await Connector.SendToConversationAsync(conversationId, outbound, cancellationToken)
            : await Connector.ReplyToActivityAsync(conversationId, outbound.ReplyToId, outbound, cancellationToken);
        Interlocked.Exchange(ref _responded, 1);
        return response;
    }

    public Task<ResourceResponse> UpdateActivityAsync(Activity activity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var outbound = ApplyConversation(activity);
        var activityId = outbound.Id ?? throw new ArgumentException("The activity to update has no id.", nameof(activity));
        return Connector.UpdateActivityAsync(outbound.Conversation!.Id!, activityId, outbound, cancellationToken);
    }

    public Task DeleteActivityAsync(string activityId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(activityId);
        var conversationId = Activity.Conversation?.Id
            ?? throw new InvalidOperationException("The turn has no conversation id.");
        return Connector.DeleteActivityAsync(conversationId, activityId, cancellationToken);
    }

    private Activity ApplyConversation(Activity activity)
    {
        var inbound = Activity;
        var outbound = activity with { };
        outbound.Type ??= ActivityTypes.Message;
        outbound.Conversation ??= inbound.Conversation;
        outbound.From ??= inbound.Recipient;
        outbound.Recipient ??= inbound.From;
        outbound.ServiceUrl ??= inbound.ServiceUrl;
        outbound.ChannelId ??= inbound.ChannelId;
        outbound.Locale ??= inbound.Locale;
        // A proactive (continuation) turn has nothing to reply to; an inbound activity with an id does.
        if (outbound.ReplyToId is null && inbound.Id is not null && inbound.RelatesTo is null
            && !inbound.IsType(ActivityTypes.ConversationUpdate) && !inbound.IsType(ActivityTypes.InstallationUpdate))
            outbound.ReplyToId = inbound.Id;
        return outbound;
    }
}
