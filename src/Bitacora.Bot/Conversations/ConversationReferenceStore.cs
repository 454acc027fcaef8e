using Azure;
using Azure.Data.Tables;
using Bitacora.Bot.Storage;
using Bitacora.BotFramework;

namespace Bitacora.Bot.Conversations;

/// <summary>Where a conversation can be reached proactively.</summary>
public sealed record ConversationAddress(
    string ConversationId,
    string ConversationType,
    bool IsGroup,
    string? TenantId,
    string ServiceUrl,
    string ChannelId,
    string BotId,
    string? BotName,
    string? TeamId,
    string? TeamsChannelId);

/// <summary>Where a person can be reached: their 1:1 chat with the bot when known, and the last conversation seen.</summary>
public sealed record UserAddress(
    string UserId,
    string? AadObjectId,
    string? Name,
    string? TenantId,
    string ServiceUrl,
    string ChannelId,
    string BotId,
    string? PersonalConversationId,
    string LastConversationId);

/// <summary>
/// Conversation references in Table Storage, keyed for the two questions proactive messaging asks:
/// "where can I reach user X" (by Teams user id, or by AAD object id through an index row) and "conversation Y".
/// All three are point reads (PartitionKey = escaped id, RowKey = kind).
/// Rows are written without reading them first, and only when this instance has not already written the same content
/// (an in-process fingerprint per row): a meeting's clicks cost nothing here, a person's first activity in a group chat
/// one merge of their row (keeping their stored personal chat id) and one upsert of the AAD index row — queued after
/// the turn's answer (<see cref="RecordAfterAnswerAsync"/>); the reads wait for this process's pending writes of their row.
/// A serviceUrl outside the <see cref="ServiceUrlPolicy"/> is never stored (reminders would carry the bot's token
/// there); inbound authentication already refuses such activities, this is the second lock.
/// </summary>
public sealed class ConversationReferenceStore(TableClientProvider tables, TimeProvider time, ServiceUrlPolicy serviceUrls,
    AfterAnswerWrites? later = null)
{
    private const string TableName = "ConversationRefs";
    private const string ConversationRow = "conversation";
    private const string UserRow = "user";
    private const string AadRow = "aad";

    // Bounded: a long-lived instance sees many people; forgetting a fingerprint only costs one extra read.
    private const int MaxFingerprints = 50_000;
    private readonly BoundedMap<string> _written = new(MaxFingerprints);

    /// <summary>Records where the activity came from now; returns how many rows were actually written.</summary>
    public async Task<int> RecordAsync(Activity activity, CancellationToken cancellationToken)
    {
        var written = 0;
        foreach (var (entity, merge) in RowsOf(activity))
        {
            written += await WriteIfChangedAsync(entity, merge, cancellationToken);
        }
        return written;
    }

    /// <summary>
    /// Records where the activity came from right after the turn's answer (<see cref="AfterAnswerWrites"/>): nothing the
    /// answer shows depends on it. A row is remembered as written only once the write succeeded (a failed one is
    /// written again on the person's next turn); the reads below wait for this process's pending writes of their row.
    /// </summary>
    public async Task RecordAfterAnswerAsync(Activity activity)
    {
        foreach (var (entity, merge) in RowsOf(activity))
        {
            var cacheKey = CacheKey(entity.PartitionKey, entity.RowKey);
            var fingerprint = Fingerprint(entity);
            if (_written.TryGet(cacheKey, out var known) && known == fingerprint) continue;
            if (later is null)
            {
                await WriteIfChangedAsync(entity, merge, CancellationToken.None);
                continue;
            }
            await later.EnqueueAsync(cacheKey, fingerprint, $"the conversation reference {entity.PartitionKey}/{entity.RowKey}",
                ct => WriteIfChangedAsync(entity, merge, ct));
        }
    }

    /// <summary>The rows that say where the activity came from (none for a serviceUrl outside the policy).</summary>
    private List<(TableEntity Entity, bool Merge)> RowsOf(Activity activity)
    {
        var rows = new List<(TableEntity, bool)>();
        if (activity.Conversation?.Id is not { Length: > 0 } conversationId
            || activity.ServiceUrl is not { Length: > 0 } serviceUrl
            || activity.Recipient?.Id is not { Length: > 0 } botId
            || !serviceUrls.IsAllowed(serviceUrl))
        {
            return rows;
        }

        var channelData = activity.GetTeamsChannelData();
        var tenantId = activity.Conversation.TenantId ?? channelData?.Tenant?.Id;
        var conversationType = activity.Conversation.ConversationType ?? (activity.Conversation.IsGroup == true ? "groupChat" : "personal");

        var conversation = new ConversationAddress(conversationId, conversationType, activity.Conversation.IsGroup ?? false,
            tenantId, serviceUrl, activity.ChannelId ?? "msteams", botId, activity.Recipient.Name,
            channelData?.Team?.Id, channelData?.Channel?.Id);
        rows.Add((ToEntity(conversation), false));

        if (activity.From?.Id is { Length: > 0 } userId && activity.From.Role is not "bot")
        {
            var isPersonal = conversationType == "personal";
            var user = new UserAddress(userId, activity.From.AadObjectId, activity.From.Name, tenantId, serviceUrl,
                activity.ChannelId ?? "msteams", botId, isPersonal ? conversationId : null, conversationId);
            // Outside the personal chat the stored personal chat id is kept by a merge that leaves it out: no read.
            rows.Add((ToEntity(user), !isPersonal));
            if (user.AadObjectId is { Length: > 0 } aad)
            {
                rows.Add((new TableEntity(TableKeys.Escape(aad), AadRow) { ["UserId"] = userId }, false));
            }
        }
        return rows;
    }

    public async Task<ConversationAddress?> GetConversationAsync(string conversationId, CancellationToken cancellationToken)
    {
        await PendingAsync(TableKeys.Escape(conversationId), ConversationRow, cancellationToken);
        var table = await tables.GetAsync(TableName, cancellationToken);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Escape(conversationId), ConversationRow,
            cancellationToken: cancellationToken);
        return row.HasValue && row.Value is { } e ? FromConversationEntity(e) : null;
    }

    public async Task<UserAddress?> GetUserAsync(string userId, CancellationToken cancellationToken)
    {
        await PendingAsync(TableKeys.Escape(userId), UserRow, cancellationToken);
        var table = await tables.GetAsync(TableName, cancellationToken);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Escape(userId), UserRow,
            cancellationToken: cancellationToken);
        return row.HasValue && row.Value is { } e ? FromUserEntity(e) : null;
    }

    public async Task<UserAddress?> GetUserByAadObjectIdAsync(string aadObjectId, CancellationToken cancellationToken)
    {
        await PendingAsync(TableKeys.Escape(aadObjectId), AadRow, cancellationToken);
        var table = await tables.GetAsync(TableName, cancellationToken);
        var index = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Escape(aadObjectId), AadRow,
            cancellationToken: cancellationToken);
        return index.HasValue && index.Value?.GetString("UserId") is { } userId
            ? await GetUserAsync(userId, cancellationToken)
            : null;
    }

    /// <summary>Read-your-writes: waits for this process's pending after-answer write of the row, if any.</summary>
    private Task PendingAsync(string partitionKey, string rowKey, CancellationToken cancellationToken) =>
        later is null ? Task.CompletedTask : later.WhenWrittenAsync(CacheKey(partitionKey, rowKey)).WaitAsync(cancellationToken);

    private static string CacheKey(string partitionKey, string rowKey) => TableName + "\n" + partitionKey + "\n" + rowKey;

    /// <summary>
    /// Writes the row unless this instance already wrote (or read) exactly this content: no read first — a blind
    /// upsert costs one request where read-then-write cost one or two, and a process that restarts rewrites each row
    /// once. <paramref name="merge"/> keeps the properties the entity leaves out (the user row's personal chat id).
    /// </summary>
    private async Task<int> WriteIfChangedAsync(TableEntity entity, bool merge, CancellationToken cancellationToken)
    {
        var cacheKey = CacheKey(entity.PartitionKey, entity.RowKey);
        var fingerprint = Fingerprint(entity);
        if (_written.TryGet(cacheKey, out var known) && known == fingerprint)
        {
            return 0;
        }

        if (merge)
        {
            foreach (var key in entity.Keys.Where(k => entity[k] is null).ToList()) entity.Remove(key); // a merge must not clear what it omits
        }
        entity["UpdatedAt"] = time.GetUtcNow();
        var table = await tables.GetAsync(TableName, cancellationToken);
        // Last writer wins on purpose: both writers hold what the channel just told them, and the newest is right.
        await table.UpsertEntityAsync(entity, merge ? TableUpdateMode.Merge : TableUpdateMode.Replace, cancellationToken);
        _written.Set(cacheKey, fingerprint);
        return 1;
    }

    private static string Fingerprint(TableEntity entity) => string.Join("\u001f",
        entity.Keys.Where(k => entity[k] is not null
                               && k is not ("UpdatedAt" or "odata.etag" or "Timestamp" or "PartitionKey" or "RowKey"))
            .Order(StringComparer.Ordinal)
            .Select(k => k + "=" + entity[k]));

    private static TableEntity ToEntity(ConversationAddress a) => new(TableKeys.Escape(a.ConversationId), ConversationRow)
    {
        ["ConversationId"] = a.ConversationId,
        ["ConversationType"] = a.ConversationType,
        ["IsGroup"] = a.IsGroup,
        ["TenantId"] = a.TenantId,
        ["ServiceUrl"] = a.ServiceUrl,
        ["ChannelId"] = a.ChannelId,
        ["BotId"] = a.BotId,
        ["BotName"] = a.BotName,
        ["TeamId"] = a.TeamId,
        ["TeamsChannelId"] = a.TeamsChannelId,
    };

    private static TableEntity ToEntity(UserAddress a) => new(TableKeys.Escape(a.UserId), UserRow)
    {
        ["UserId"] = a.UserId,
        ["AadObjectId"] = a.AadObjectId,
        ["Name"] = a.Name,
        ["TenantId"] = a.TenantId,
        ["ServiceUrl"] = a.ServiceUrl,
        ["ChannelId"] = a.ChannelId,
        ["BotId"] = a.BotId,
        ["PersonalConversationId"] = a.PersonalConversationId,
        ["LastConversationId"] = a.LastConversationId,
    };

    private static ConversationAddress FromConversationEntity(TableEntity e) => new(
        e.GetString("ConversationId")!, e.GetString("ConversationType") ?? "personal", e.GetBoolean("IsGroup") ?? false,
        e.GetString("TenantId"), e.GetString("ServiceUrl")!, e.GetString("ChannelId") ?? "msteams", e.GetString("BotId")!,
        e.GetString("BotName"), e.GetString("TeamId"), e.GetString("TeamsChannelId"));

    private static UserAddress FromUserEntity(TableEntity e) => new(
        e.GetString("UserId")!, e.GetString("AadObjectId"), e.GetString("Name"), e.GetString("TenantId"),
        e.GetString("ServiceUrl")!, e.GetString("ChannelId") ?? "msteams", e.GetString("BotId")!,
        e.GetString("PersonalConversationId"), e.GetString("LastConversationId")!);
}
