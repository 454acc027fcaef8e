using Azure.Data.Tables;
using Bitacora.Bot.Storage;
using Bitacora.BotFramework;
using Hangfire;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Bitacora.Bot.Observability;

/// <summary>Table Storage answers a one-row query within <see cref="Timeout"/> (no SDK retries: a health check must
/// say "down" quickly, not wait out a backoff).</summary>
internal sealed class TableStorageHealthCheck(StorageAccount account) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
    private readonly TableServiceClient _service = account.CreateTableServiceClient(new TableClientOptions
    {
        Retry = { MaxRetries = 0, NetworkTimeout = Timeout },
    });

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(Timeout);
        try
        {
            await foreach (var _ in _service.QueryAsync(maxPerPage: 1, cancellationToken: cts.Token).AsPages().WithCancellation(cts.Token))
            {
                break;
            }
            return HealthCheckResult.Healthy("Table Storage answered.");
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"Table Storage unreachable: {HealthText.Short(e)}");
        }
    }
}

/// <summary>This instance's Hangfire server (reminder sweeps, summaries) has sent a heartbeat recently.</summary>
/// <remarks>Hangfire's storage is resolved only where the scheduler runs: resolving it configures Hangfire (serializer,
/// storage, its InMemory dispatcher thread), which an instance without the scheduler would otherwise carry from its first
/// /health probe on (issue 16, idle RSS).</remarks>
internal sealed class SchedulerHealthCheck(IServiceProvider services, SchedulerHealthCheck.Settings settings) : IHealthCheck
{
    private static readonly TimeSpan MaxHeartbeatAge = TimeSpan.FromMinutes(2);

    public sealed record Settings(bool RunsHere);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        if (!settings.RunsHere)
        {
            return Task.FromResult(HealthCheckResult.Healthy("The scheduler does not run in this instance (Reminders:RunScheduler=false)."));
        }
        try
        {
            // Hangfire stamps heartbeats with the machine clock, so compare with it (not the app's TimeProvider).
            var now = DateTime.UtcNow;
            var alive = services.GetRequiredService<JobStorage>().GetMonitoringApi().Servers()
                .Where(s => s.Heartbeat is { } beat && now - beat < MaxHeartbeatAge)
                .ToList();
            return Task.FromResult(alive.Count > 0
                ? HealthCheckResult.Healthy($"{alive.Count} Hangfire server(s) alive.")
                : HealthCheckResult.Unhealthy($"No Hangfire server sent a heartbeat in the last {MaxHeartbeatAge.TotalMinutes:0} minutes."));
        }
        catch (Exception e)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"Scheduler storage unreachable: {HealthText.Short(e)}"));
        }
    }
}

/// <summary>An outbound Bot Framework token can be had (cached by the provider; anonymous mode needs none).</summary>
internal sealed class ConnectorTokenHealthCheck(IAccessTokenProvider tokens, IOptions<BotFrameworkOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        if (options.Value.IsAnonymous)
        {
            return HealthCheckResult.Healthy("Anonymous mode: no outbound token needed.");
        }
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            var token = await tokens.GetAccessTokenAsync(cts.Token);
            return string.IsNullOrEmpty(token)
                ? HealthCheckResult.Unhealthy("The token provider returned no Bot Framework token.")
                : HealthCheckResult.Healthy("Bot Framework token available.");
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"No Bot Framework token: {HealthText.Short(e)}");
        }
    }
}

internal static class HealthText
{
    /// <summary>Exception type and the first line of its message, short enough for a health answer.</summary>
    public static string Short(Exception e)
    {
        var inner = e is AggregateException { InnerException: { } first } ? first : e;
        var line = inner.Message.Split('\n', 2)[0].Trim();
        if (line.Length > 200)
        {
            line = line[..200] + "…";
        }
        return $"{inner.GetType().Name}: {line}";
    }
}
