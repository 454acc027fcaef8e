using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bitacora.BotFramework;

/// <summary>Adds the outbound bearer token (none in anonymous mode) — only to hosts of the
/// <see cref="ServiceUrlPolicy"/>; a request to any other host is refused before anything is sent.</summary>
internal sealed class ConnectorAuthHandler(IAccessTokenProvider tokens, ServiceUrlPolicy serviceUrls) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request,
        CancellationToken cancellationToken)
    {
        if (request.RequestUri is null || !serviceUrls.IsAllowed(request.RequestUri))
            throw new ServiceUrlNotAllowedException(request.RequestUri?.GetLeftPart(UriPartial.Authority));
        var token = await tokens.GetAccessTokenAsync(cancellationToken);
        if (!string.IsNullOrEmpty(token))
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await base.SendAsync(request, cancellationToken);
    }
}

/// <summary>Retries 429, 5xx (not 501/505) and network errors with exponential backoff and jitter, honouring
/// Retry-After, bounded by attempts and total time. The last answer (or exception) is returned as it is.</summary>
internal sealed class ConnectorRetryHandler(
    IOptions<BotFrameworkOptions> options, TimeProvider timeProvider, ConnectorTelemetry telemetry,
    ILogger<ConnectorRetryHandler> logger)
    : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request,
        CancellationToken cancellationToken)
    {
        var retry = options.Value.Retry;
        var started = timeProvider.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            HttpResponseMessage? response = null;
            Exception? failure = null;
            // No attempt outlives the total budget: a hanging connector holds a turn MaxTotalTime at most.
            var left = retry.MaxTotalTime - timeProvider.GetElapsedTime(started);
            var attemptTimeout = left < retry.AttemptTimeout ? left : retry.AttemptTimeout;
            if (attemptTimeout < TimeSpan.FromMilliseconds(1)) attemptTimeout = TimeSpan.FromMilliseconds(1);
            using (var attemptCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                attemptCts.CancelAfter(attemptTimeout);
                try
                {
                    response = await base.SendAsync(request, attemptCts.Token);
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested
                                          && e is HttpRequestException or OperationCanceledException)
                {
                    failure = e is OperationCanceledException
                        ? new TimeoutException($"No answer within {attemptTimeout}.", e)
                        : e;
                }
            }

            if (response?.StatusCode == HttpStatusCode.TooManyRequests) telemetry.Throttled(request.Method);
            if (response is not null && !IsTransient(response.StatusCode)) return response;

            var elapsed = timeProvider.GetElapsedTime(started);
            var delay = response is not null ? RetryAfter(response) ?? Backoff(attempt, retry) : Backoff(attempt, retry);
            var what = response is not null ? $"{(int)response.StatusCode}" : failure!.GetType().Name;
            if (attempt >= retry.MaxAttempts || elapsed + delay > retry.MaxTotalTime)
            {
                logger.LogWarning("Connector {Method} {Url}: {What} on attempt {Attempt}, giving up", request.Method,
                    request.RequestUri, what, attempt);
                if (response is not null) return response;
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure!);
            }

            logger.LogInformation("Connector {Method} {Url}: {What} on attempt {Attempt}, retrying in {Delay}",
                request.Method, request.RequestUri, what, attempt, delay);
            response?.Dispose();
            await Task.Delay(delay, timeProvider, cancellationToken);
        }
    }

    internal static bool IsTransient(HttpStatusCode status) =>
        status == HttpStatusCode.TooManyRequests
        || ((int)status >= 500 && status is not HttpStatusCode.NotImplemented and not HttpStatusCode.HttpVersionNotSupported);

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta) return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        if (header?.Date is { } date)
        {
            var wait = date - timeProvider.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }
        return null;
    }

    private static TimeSpan Backoff(int attempt, ConnectorRetryOptions retry)
    {
        var exponential = retry.BaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1);
        var jittered = exponential * (0.8 + Random.Shared.NextDouble() * 0.4);
        return TimeSpan.FromMilliseconds(Math.Min(jittered, retry.MaxDelay.TotalMilliseconds));
    }
}
