using System.Text.Json;
using Azure.Monitor.OpenTelemetry.AspNetCore;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Bitacora.Bot.Observability;

/// <summary>
/// What every deployment of the bot needs around the features (in the spirit of .NET Aspire's ServiceDefaults):
/// OpenTelemetry traces, metrics and logs — to Azure Monitor when APPLICATIONINSIGHTS_CONNECTION_STRING is set, to an
/// OTLP collector when OTEL_EXPORTER_OTLP_ENDPOINT is set, to the console when Telemetry:Console is true, not collected
/// at all when none is — the bot's
/// own counters, a per-turn log scope, and the health checks behind /health and /alive.
/// </summary>
public static class ServiceDefaults
{
    public const string HealthPath = "/health";
    public const string AlivePath = "/alive";
    private const string LiveTag = "live";

    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder,
        bool schedulerRunsHere)
    {
        // The bot's own meter and activity source, for whichever provider is built (an exporter below, or a test's).
        builder.Services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddMeter(BitacoraMetrics.MeterName, BotFramework.ConnectorTelemetry.MeterName));
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddSource(BitacoraMetrics.SourceName));
        if (TelemetryExports.From(builder.Configuration) is var export and not TelemetryExport.None)
        {
            AddOpenTelemetry(builder, export);
        }

        builder.Services.AddSingleton<BitacoraMetrics>();
        builder.Services.AddSingleton(new SchedulerHealthCheck.Settings(schedulerRunsHere));
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag])
            .AddCheck<TableStorageHealthCheck>("storage")
            .AddCheck<SchedulerHealthCheck>("scheduler")
            .AddCheck<ConnectorTokenHealthCheck>("connector-token");
        return builder;
    }

    /// <summary>
    /// Issue 16, idle memory: the OpenTelemetry pipeline (log processor, meter and tracer providers, ASP.NET Core and
    /// HttpClient instrumentation) only when something exports what it collects; with no exporter it only cost memory
    /// (≈ 4 MiB of an idle bot's RSS measured, bench/README.md) and work on every request.
    /// </summary>
    private static void AddOpenTelemetry(WebApplicationBuilder builder, TelemetryExport export)
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true; // the turn's ConversationId / ActivityId / SessionId travel with each line
        });
        var otel = builder.Services.AddOpenTelemetry();
        if (export == TelemetryExport.AzureMonitor)
        {
            // The distro adds ASP.NET Core and HttpClient instrumentation itself.
            otel.UseAzureMonitor(o => o.ConnectionString = builder.Configuration[TelemetryExports.AppInsightsKey]);
            return;
        }
        otel.WithMetrics(metrics => metrics.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation())
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsHealthRequest(context.Request.Path))
                .AddHttpClientInstrumentation());
        if (export == TelemetryExport.Otlp)
        {
            otel.UseOtlpExporter();
        }
        else
        {
            otel.WithMetrics(metrics => metrics.AddConsoleExporter()).WithTracing(tracing => tracing.AddConsoleExporter());
        }
    }

    /// <summary>/health: every dependency (503 naming the failing one); /alive: the process answers.</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(HealthPath, new HealthCheckOptions { ResponseWriter = WriteJsonAsync });
        app.MapHealthChecks(AlivePath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(LiveTag),
            ResponseWriter = WriteJsonAsync,
        });
        return app;
    }

    private static bool IsHealthRequest(PathString path) =>
        path.StartsWithSegments(HealthPath) || path.StartsWithSegments(AlivePath);

    private static Task WriteJsonAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                durationMs = (int)e.Value.Duration.TotalMilliseconds,
            }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}

/// <summary>Where telemetry goes, from configuration: the first of Azure Monitor, OTLP, the console; else nowhere.</summary>
internal enum TelemetryExport
{
    None,
    AzureMonitor,
    Otlp,
    Console,
}

internal static class TelemetryExports
{
    public const string AppInsightsKey = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    public static TelemetryExport From(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[AppInsightsKey]) ? TelemetryExport.AzureMonitor
        : !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]) ? TelemetryExport.Otlp
        : configuration.GetValue<bool>("Telemetry:Console") ? TelemetryExport.Console
        : TelemetryExport.None;
}
