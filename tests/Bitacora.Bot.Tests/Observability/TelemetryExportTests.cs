using Bitacora.Bot.Observability;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Bitacora.Bot.Tests.Observability;

/// <summary>
/// Issue 16, idle memory: the OpenTelemetry providers (and their instrumentation) are registered only when an exporter
/// is configured; the bot's meter and source are still declared for whichever provider is built (TurnTelemetryTests
/// adds an in-memory one). The builder is never built here (no host for WebApplicationFactory to mistake).
/// </summary>
[Collection(RawHostCollection.Name)]
public sealed class TelemetryExportTests
{
    private static IServiceCollection ServicesWith(params (string Key, string Value)[] settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        foreach (var (key, value) in settings) builder.Configuration[key] = value;
        builder.AddServiceDefaults(schedulerRunsHere: false);
        return builder.Services;
    }

    private static bool Has<T>(IServiceCollection services) => services.Any(d => d.ServiceType == typeof(T));

    [Fact]
    public void Without_an_exporter_no_provider_is_registered()
    {
        var services = ServicesWith();

        Assert.False(Has<MeterProvider>(services));
        Assert.False(Has<TracerProvider>(services));
        Assert.DoesNotContain(services, d => d.ImplementationType?.Namespace?.StartsWith("OpenTelemetry", StringComparison.Ordinal) == true
                                             && d.ServiceType == typeof(IHostedService));
    }

    [Theory]
    [InlineData("Telemetry:Console", "true", "Console")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4317", "Otlp")]
    [InlineData("APPLICATIONINSIGHTS_CONNECTION_STRING", "InstrumentationKey=00000000-0000-0000-0000-000000000000", "AzureMonitor")]
    public void With_an_exporter_the_providers_are_registered(string key, string value, string expected)
    {
        var services = ServicesWith((key, value));

        Assert.Equal(Enum.Parse<TelemetryExport>(expected), TelemetryExports.From(new ConfigurationBuilder()
            .AddInMemoryCollection([new(key, value)]).Build()));
        Assert.True(Has<MeterProvider>(services));
        Assert.True(Has<TracerProvider>(services));
    }
}
