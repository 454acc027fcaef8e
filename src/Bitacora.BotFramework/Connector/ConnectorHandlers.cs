using System.Net;
using System.Net.Http.Headers;

namespace Bitacora.BotFramework;

/// <summary>Adds the outbound bearer token (none in anonymous mode) — only to hosts of the
/// <see cref="ServiceUrlPolicy"/>; a request to any other host is refused before anything is sent. Outermost handler:
/// runs once per logical call, so it also stamps when the call started (the retry budget counts from there).</summary>
internal sealed class ConnectorAuthHandler(IAccessTokenProvider tokens, ServiceUrlPolicy serviceUrls, TimeProvider time)
    : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request,
        CancellationToken cancellationToken)
    {
        if (request.RequestUri is null || !serviceUrls.IsAllowed(request.RequestUri))
            throw new ServiceUrlNotAllowedException(request.RequestUri?.GetLeftPart(UriPartial.Authority));
        request.Options.Set(ConnectorResilience.StartedAt, time.GetTimestamp());
        var token = await tokens.GetAccessTokenAsync(cancellationToken);
        if (!string.IsNullOrEmpty(token))
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await base.SendAsync(request, cancellationToken);
    }
}

/// <summary>Innermost handler: counts every 429 attempt (the retries included) in <see cref="ConnectorTelemetry"/>.</summary>
internal sealed class ConnectorThrottleMeter(ConnectorTelemetry telemetry) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request,
        CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.TooManyRequests) telemetry.Throttled(request.Method);
        return response;
    }
}
