using System.Diagnostics.Metrics;

namespace Bitacora.BotFramework;

/// <summary>Instruments of the Connector client (meter <see cref="MeterName"/>).</summary>
public sealed class ConnectorTelemetry
{
    public const string MeterName = "Bitacora.BotFramework";

    private readonly Counter<long> _throttled;
    private readonly Counter<long> _retries;

    public ConnectorTelemetry(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _throttled = meter.CreateCounter<long>("botframework.connector.throttled", "{response}",
            "429 answers from the channel's Connector (each attempt counts).");
        _retries = meter.CreateCounter<long>("botframework.connector.retries", "{retry}",
            "Connector calls sent again, by HTTP method and reason.");
    }

    internal void Throttled(HttpMethod method) =>
        _throttled.Add(1, new KeyValuePair<string, object?>("http.request.method", method.Method));

    internal void Retried(HttpMethod method, string reason) =>
        _retries.Add(1, new("http.request.method", method.Method), new("reason", reason));
}
