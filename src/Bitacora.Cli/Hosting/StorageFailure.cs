using Azure;

namespace Bitacora.Cli.Hosting;

/// <summary>
/// Recognises «storage is unreachable» in what the Azure SDK really throws: a <see cref="RequestFailedException"/>
/// with status 0 (no answer: connection refused, DNS, TLS), 401/403 (the key or identity was refused) or 5xx — alone
/// when retries are off, wrapped in an <see cref="AggregateException"/> («Retry failed after N tries») otherwise,
/// where a request that timed out appears as a <see cref="TaskCanceledException"/>.
/// </summary>
public static class StorageFailure
{
    /// <summary>One line saying why, or null when <paramref name="exception"/> is not a storage failure.</summary>
    public static string? Describe(Exception exception) => exception switch
    {
        RequestFailedException { Status: 0 } e => FirstLine(Innermost(e).Message),
        RequestFailedException { Status: 401 or 403 } e => $"{Status(e)}: acceso denegado, revisa la clave o la identidad",
        RequestFailedException { Status: >= 500 } e => Status(e),
        AggregateException a => a.InnerExceptions.Select(Describe).FirstOrDefault(d => d is not null)
                                ?? (a.InnerExceptions.Any(i => i is OperationCanceledException) && a.Message.StartsWith("Retry failed", StringComparison.Ordinal)
                                    ? "sin respuesta dentro del plazo"
                                    : null),
        _ => null,
    };

    /// <summary>The HTTP layer's message when there is one («Connection refused (127.0.0.1:10002)»), else the innermost.</summary>
    private static string Status(RequestFailedException e) =>
        string.IsNullOrEmpty(e.ErrorCode) ? $"HTTP {e.Status}" : $"HTTP {e.Status} {e.ErrorCode}";

    private static Exception Innermost(Exception e)
    {
        while (e is not HttpRequestException && e.InnerException is { } inner)
        {
            e = inner;
        }
        return e;
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim().TrimEnd('.');
}
