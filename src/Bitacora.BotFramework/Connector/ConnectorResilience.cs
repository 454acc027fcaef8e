using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;

namespace Bitacora.BotFramework;

/// <summary>
/// Retries of Connector calls, from Microsoft.Extensions.Http.Resilience (Polly), on the app's <see cref="TimeProvider"/>:
/// <list type="bullet">
/// <item>429: always retried (any method — the channel refused it, nothing was delivered), waiting Retry-After.</item>
/// <item>5xx (not 501/505), attempt timeouts and network errors after the connection was made: retried only for
/// idempotent calls (GET, PUT, DELETE). A POST that may have been delivered is not repeated — a duplicate message is
/// worse than a reported failure, which the caller (the reminder outbox, the turn's error handler) handles.</item>
/// <item>A connection that could not be established (nothing was sent): retried for every method.</item>
/// <item>Budget: <see cref="ConnectorRetryOptions.MaxAttempts"/>; nothing is retried when the wait would end past
/// <see cref="ConnectorRetryOptions.MaxTotalTime"/> since the call started (a long Retry-After gives up at once and
/// reaches the caller as a <see cref="ConnectorException"/> with <see cref="ConnectorException.RetryAfter"/>).</item>
/// </list>
/// </summary>
internal static class ConnectorResilience
{
    public const string PipelineName = "connector";
    public static readonly HttpRequestOptionsKey<long> StartedAt = new("Bitacora.Connector.StartedAt");

    public static IHttpClientBuilder AddConnectorResilience(this IHttpClientBuilder builder)
    {
        builder.AddResilienceHandler(PipelineName, (pipeline, context) =>
        {
            var services = context.ServiceProvider;
            var retry = services.GetRequiredService<IOptions<BotFrameworkOptions>>().Value.Retry;
            var time = services.GetRequiredService<TimeProvider>();
            var telemetry = services.GetRequiredService<ConnectorTelemetry>();
            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Bitacora.BotFramework.ConnectorResilience");
            pipeline.TimeProvider = time;
            // Outermost: the whole call, retries included, never outlives MaxTotalTime (a hanging connector would
            // otherwise hold a turn MaxAttempts × AttemptTimeout).
            pipeline.AddTimeout(retry.MaxTotalTime);
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(1, retry.MaxAttempts - 1),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = retry.BaseDelay,
                MaxDelay = retry.MaxDelay,
                ShouldRetryAfterHeader = true,
                ShouldHandle = args => ValueTask.FromResult(
                    retry.MaxAttempts > 1 && ShouldRetry(args.Outcome, args.Context.GetRequestMessage(), retry, time)),
                OnRetry = args =>
                {
                    var request = args.Context.GetRequestMessage();
                    var method = request?.Method ?? HttpMethod.Get;
                    var reason = args.Outcome.Result is { } r ? ((int)r.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture)
                        : args.Outcome.Exception?.GetType().Name ?? "unknown";
                    telemetry.Retried(method, reason);
                    logger.LogInformation("Connector {Method} {Url}: {Reason} on attempt {Attempt}, retrying in {Delay}",
                        method, request?.RequestUri, reason, args.AttemptNumber + 1, args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            });
            pipeline.AddTimeout(retry.AttemptTimeout);
        });
        return builder;
    }

    internal static bool IsIdempotent(HttpMethod method) =>
        method == HttpMethod.Get || method == HttpMethod.Put || method == HttpMethod.Delete || method == HttpMethod.Head;

    internal static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, HttpRequestMessage? request,
        ConnectorRetryOptions retry, TimeProvider time)
    {
        request ??= outcome.Result?.RequestMessage;
        var idempotent = request is not null && IsIdempotent(request.Method);
        if (outcome.Result is { } response)
        {
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
                return WithinBudget(request, RetryAfter(response, time) ?? retry.BaseDelay, retry, time);
            var transient = (int)response.StatusCode >= 500
                            && response.StatusCode is not HttpStatusCode.NotImplemented and not HttpStatusCode.HttpVersionNotSupported;
            return transient && idempotent && WithinBudget(request, RetryAfter(response, time) ?? retry.BaseDelay, retry, time);
        }

        return outcome.Exception switch
        {
            // Never connected: nothing was sent, safe for any method.
            HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError } => true,
            HttpRequestException { InnerException: SocketException { SocketErrorCode: SocketError.ConnectionRefused } } => true,
            // Connected, then no (complete) answer: the call may have been delivered.
            HttpRequestException or TimeoutRejectedException => idempotent,
            _ => false,
        } && WithinBudget(request, retry.BaseDelay, retry, time);
    }

    private static bool WithinBudget(HttpRequestMessage? request, TimeSpan wait, ConnectorRetryOptions retry, TimeProvider time)
    {
        if (request is null || !request.Options.TryGetValue(StartedAt, out var started)) return wait <= retry.MaxTotalTime;
        return time.GetElapsedTime(started) + wait <= retry.MaxTotalTime;
    }

    /// <summary>Retry-After as a delay (delta, or date minus now), never negative; null when absent.</summary>
    internal static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider time)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta) return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        if (header?.Date is { } date)
        {
            var wait = date - time.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }
        return null;
    }

}
