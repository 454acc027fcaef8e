namespace Bitacora.Bot.Reminders;

/// <summary>
/// The protocol layer's <c>ConnectorException</c> carries the status and body but not the headers, and the reminder
/// sweep needs the last Retry-After. This handler sits innermost in the connector's HttpClient (after its retry
/// handler, so it sees every attempt) and writes the value into a box the caller opened for its own async flow.
/// Calls outside a <see cref="Begin"/> scope are untouched.
/// </summary>
public sealed class RetryAfterCapture
{
    private readonly AsyncLocal<Box?> _current = new();

    public sealed class Box
    {
        public TimeSpan? RetryAfter { get; internal set; }
    }

    /// <summary>Opens a box for the calls made from here on in this async flow.</summary>
    public Box Begin()
    {
        var box = new Box();
        _current.Value = box;
        return box;
    }

    internal void Record(HttpResponseMessage response, TimeProvider time)
    {
        if (_current.Value is not { } box || (int)response.StatusCode is not (429 or 503))
        {
            return;
        }
        var header = response.Headers.RetryAfter;
        box.RetryAfter = header?.Delta ?? (header?.Date is { } date ? date - time.GetUtcNow() : null);
    }

    internal sealed class Handler(RetryAfterCapture capture, TimeProvider time) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            capture.Record(response, time);
            return response;
        }
    }
}
