using System.Net;

namespace Bitacora.BotFramework;

/// <summary>The Bot Connector REST API (v3) of one serviceUrl.</summary>
public interface IConnectorClient
{
    /// <summary>The serviceUrl this client talks to, as given.</summary>
    string ServiceUrl { get; }

    /// <summary><c>POST /v3/conversations/{conversationId}/activities/{activityId}</c>.</summary>
    Task<ResourceResponse> ReplyToActivityAsync(string conversationId, string activityId, Activity activity,
        CancellationToken cancellationToken = default);

    /// <summary><c>POST /v3/conversations/{conversationId}/activities</c>.</summary>
    Task<ResourceResponse> SendToConversationAsync(string conversationId, Activity activity,
        CancellationToken cancellationToken = default);

    /// <summary><c>PUT /v3/conversations/{conversationId}/activities/{activityId}</c>.</summary>
    Task<ResourceResponse> UpdateActivityAsync(string conversationId, string activityId, Activity activity,
        CancellationToken cancellationToken = default);

    /// <summary><c>DELETE /v3/conversations/{conversationId}/activities/{activityId}</c>.</summary>
    Task DeleteActivityAsync(string conversationId, string activityId, CancellationToken cancellationToken = default);

    /// <summary><c>POST /v3/conversations</c>; see <see cref="ConversationParameters.OneOnOne"/>.</summary>
    Task<ConversationResourceResponse> CreateConversationAsync(ConversationParameters parameters,
        CancellationToken cancellationToken = default);

    /// <summary><c>GET /v3/conversations/{conversationId}/members</c>.</summary>
    Task<IReadOnlyList<TeamsChannelAccount>> GetConversationMembersAsync(string conversationId,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// <c>GET /v3/conversations/{conversationId}/pagedmembers?pageSize=…&amp;continuationToken=…</c>: the roster call Teams
    /// asks for in teams and channels (the unpaged one may be incomplete or throttled there); in chats the whole roster
    /// comes in one page. Teams treats page sizes below 50 as 50 and caps them at 500.
    /// </summary>
    Task<PagedMembersResult> GetPagedConversationMembersAsync(string conversationId, int? pageSize = null,
        string? continuationToken = null, CancellationToken cancellationToken = default);

    /// <summary><c>GET /v3/conversations/{conversationId}/members/{memberId}</c>.</summary>
    Task<TeamsChannelAccount> GetConversationMemberAsync(string conversationId, string memberId,
        CancellationToken cancellationToken = default);
}

public static class ConnectorClientExtensions
{
    /// <summary>
    /// The whole roster through the paged members API (every page, at most <paramref name="maxMembers"/> members).
    /// </summary>
    public static async Task<IReadOnlyList<TeamsChannelAccount>> GetAllMembersAsync(this IConnectorClient connector,
        string conversationId, int pageSize = 200, int maxMembers = 2_000, CancellationToken cancellationToken = default)
    {
        var members = new List<TeamsChannelAccount>();
        string? token = null;
        do
        {
            var page = await connector.GetPagedConversationMembersAsync(conversationId, pageSize, token, cancellationToken)
                .ConfigureAwait(false);
            members.AddRange(page.Members.Where(m => m is not null));
            token = string.IsNullOrEmpty(page.ContinuationToken) || page.Members.Count == 0 ? null : page.ContinuationToken;
        }
        while (token is not null && members.Count < maxMembers);
        return members;
    }
}

public interface IConnectorClientFactory
{
    /// <summary>A client for <paramref name="serviceUrl"/> (with or without trailing slash).</summary>
    IConnectorClient Create(string serviceUrl);
}

/// <summary>A Connector call failed for good (after retries). <see cref="StatusCode"/> is null when no HTTP answer
/// came (network failure, timeout).</summary>
public sealed class ConnectorException : Exception
{
    public ConnectorException(HttpMethod method, string url, HttpStatusCode? statusCode, string? body,
        Exception? innerException = null, TimeSpan? retryAfter = null)
        : base(Describe(method, url, statusCode, body, innerException), innerException)
    {
        Method = method;
        Url = url;
        StatusCode = statusCode;
        Body = body;
        RetryAfter = retryAfter;
    }

    /// <summary>The last answer's Retry-After (429/503), as a delay from when it came; null when it had none.</summary>
    public TimeSpan? RetryAfter { get; }

    public HttpMethod Method { get; }
    public string Url { get; }
    public HttpStatusCode? StatusCode { get; }
    public string? Body { get; }

    private static string Describe(HttpMethod method, string url, HttpStatusCode? status, string? body, Exception? inner)
    {
        var what = status is { } s ? $"{(int)s} {s}" : $"no response ({inner?.GetType().Name}: {inner?.Message})";
        var excerpt = string.IsNullOrEmpty(body) ? "" : $": {(body.Length > 500 ? body[..500] + "…" : body)}";
        return $"Connector {method} {url} failed with {what}{excerpt}";
    }
}
