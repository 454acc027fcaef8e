using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Bitacora.BotFramework;

/// <summary>The Bot Connector REST API over an <see cref="HttpClient"/> whose handlers add the token and retry.</summary>
internal sealed class ConnectorClient : IConnectorClient
{
    private readonly HttpClient _http;
    private readonly string _base;

    private readonly TimeProvider _time;

    public ConnectorClient(HttpClient http, string serviceUrl, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        if (!Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new ArgumentException($"serviceUrl '{serviceUrl}' is not an absolute http(s) URL.", nameof(serviceUrl));
        _http = http;
        ServiceUrl = serviceUrl;
        // Teams' serviceUrl ends with '/', the Playground's does not (and may have a path, e.g. /_connector).
        _base = serviceUrl.TrimEnd('/');
    }

    public string ServiceUrl { get; }

    internal string Url(string relative) => _base + relative;

    public Task<ResourceResponse> ReplyToActivityAsync(string conversationId, string activityId, Activity activity,
        CancellationToken cancellationToken = default) =>
        SendAsync<ResourceResponse>(HttpMethod.Post,
            $"/v3/conversations/{Escape(conversationId)}/activities/{Escape(activityId)}", activity, cancellationToken: cancellationToken,
            empty: () => new ResourceResponse(null));

    public Task<ResourceResponse> SendToConversationAsync(string conversationId, Activity activity,
        CancellationToken cancellationToken = default) =>
        SendAsync<ResourceResponse>(HttpMethod.Post, $"/v3/conversations/{Escape(conversationId)}/activities", activity,
            cancellationToken: cancellationToken, empty: () => new ResourceResponse(null));

    public Task<ResourceResponse> UpdateActivityAsync(string conversationId, string activityId, Activity activity,
        CancellationToken cancellationToken = default) =>
        SendAsync<ResourceResponse>(HttpMethod.Put,
            $"/v3/conversations/{Escape(conversationId)}/activities/{Escape(activityId)}", activity with { Id = activityId },
            cancellationToken: cancellationToken, empty: () => new ResourceResponse(activityId));

    public Task DeleteActivityAsync(string conversationId, string activityId, CancellationToken cancellationToken = default) =>
        SendAsync<object>(HttpMethod.Delete,
            $"/v3/conversations/{Escape(conversationId)}/activities/{Escape(activityId)}", null, cancellationToken: cancellationToken,
            empty: () => new object());

    public Task<ConversationResourceResponse> CreateConversationAsync(ConversationParameters parameters,
        CancellationToken cancellationToken = default) =>
        SendAsync<ConversationResourceResponse>(HttpMethod.Post, "/v3/conversations", parameters, cancellationToken: cancellationToken,
            empty: () => new ConversationResourceResponse());

    public async Task<IReadOnlyList<TeamsChannelAccount>> GetConversationMembersAsync(string conversationId,
        CancellationToken cancellationToken = default) =>
        await SendAsync<List<TeamsChannelAccount>>(HttpMethod.Get, $"/v3/conversations/{Escape(conversationId)}/members",
            null, cancellationToken: cancellationToken, empty: () => []);

    public Task<PagedMembersResult> GetPagedConversationMembersAsync(string conversationId, int? pageSize = null,
        string? continuationToken = null, CancellationToken cancellationToken = default)
    {
        var query = new List<string>();
        if (pageSize is { } size)
            query.Add("pageSize=" + Math.Clamp(size, 50, 500).ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (!string.IsNullOrEmpty(continuationToken))
            query.Add("continuationToken=" + Uri.EscapeDataString(continuationToken));
        var relative = $"/v3/conversations/{Escape(conversationId)}/pagedmembers" + (query.Count > 0 ? "?" + string.Join('&', query) : "");
        return SendAsync<PagedMembersResult>(HttpMethod.Get, relative, null, cancellationToken: cancellationToken, empty: () => new PagedMembersResult());
    }

    public Task<TeamsChannelAccount> GetConversationMemberAsync(string conversationId, string memberId,
        CancellationToken cancellationToken = default) =>
        SendAsync<TeamsChannelAccount>(HttpMethod.Get,
            $"/v3/conversations/{Escape(conversationId)}/members/{Escape(memberId)}", null, cancellationToken: cancellationToken,
            empty: () => throw new ConnectorException(HttpMethod.Get, Url($"/v3/conversations/{conversationId}/members/{memberId}"),
                HttpStatusCode.NoContent, "The channel answered no member."));

    private static string Escape(string segment)
    {
        ArgumentException.ThrowIfNullOrEmpty(segment);
        return Uri.EscapeDataString(segment);
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string relative, object? body, Func<T> empty,
        CancellationToken cancellationToken)
    {
        var url = Url(relative);
        using var request = new HttpRequestMessage(method, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (body is not null)
        {
            // Bytes, not a stream: the resilience handler sends the same content again.
            var json = JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), BotJson.Options);
            request.Content = new ByteArrayContent(json);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException or Polly.Timeout.TimeoutRejectedException
                                  || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new ConnectorException(method, url, null, null, e);
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
                throw new ConnectorException(method, url, response.StatusCode, text,
                    retryAfter: ConnectorResilience.RetryAfter(response, _time));
            if (string.IsNullOrWhiteSpace(text)) return empty();
            try
            {
                return JsonSerializer.Deserialize<T>(text, BotJson.Options) ?? empty();
            }
            catch (JsonException e)
            {
                throw new ConnectorException(method, url, response.StatusCode, text, e);
            }
        }
    }
}

/// <summary>Creates clients only for serviceUrls of the <see cref="ServiceUrlPolicy"/> (else
/// <see cref="ServiceUrlNotAllowedException"/>).</summary>
internal sealed class ConnectorClientFactory(IHttpClientFactory httpClientFactory, ServiceUrlPolicy serviceUrls,
    TimeProvider time) : IConnectorClientFactory
{
    public const string HttpClientName = "Bitacora.BotFramework.Connector";

    public IConnectorClient Create(string serviceUrl)
    {
        serviceUrls.EnsureAllowed(serviceUrl);
        return new ConnectorClient(httpClientFactory.CreateClient(HttpClientName), serviceUrl, time);
    }
}
