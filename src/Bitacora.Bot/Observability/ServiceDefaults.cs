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
/// OTLP collector when OTEL_EXPORTER_OTLP_ENDPOINT is set, to the console when Telemetry:Console is true — the bot's
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
        var configuration = builder.Configuration;
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true; // the turn's ConversationId / ActivityId / SessionId travel with each line
        });

        var otel = builder.Services.AddOpenTelemetry();
        otel.WithMetrics(metrics => metrics
                .AddMeter(BitacoraMetrics.MeterName, BotFramework.ConnectorTelemetry.MeterName))
            .WithTracing(tracing => tracing
                .AddSource(BitacoraMetrics.SourceName));

        var appInsights = configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"];
        if (!string.IsNullOrWhiteSpace(appInsights))
        {
            // The distro adds ASP.NET Core and HttpClient instrumentation itself.
            otel.UseAzureMonitor(o => o.ConnectionString = appInsights);
        }
        else
        {
            otel.WithMetrics(metrics => metrics.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation())
                .WithTracing(tracing => tracing
                    .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsHealthRequest(context.Request.Path))
                    .AddHttpClientInstrumentation());
            if (!string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
            {
                otel.UseOtlpExporter();
            }
            else if (configuration.GetValue<bool>("Telemetry:Console"))
            {
                otel.WithMetrics(metrics => metrics.AddConsoleExporter()).WithTracing(tracing => tracing.AddConsoleExporter());
            }
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
