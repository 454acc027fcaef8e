using Hangfire.Logging;

namespace Bitacora.E2E.Tests.ScaleOut;

/// <summary>
/// Hangfire's log provider is process-wide: an in-process bot host of another test sets it to its own
/// <c>ILoggerFactory</c>, which is disposed with that host, and every later Hangfire client call in this test process
/// then throws <see cref="ObjectDisposedException"/>. The scale-out tests only enqueue and monitor from the test
/// process (the bots log in their own processes), so they use a provider that writes nothing.
/// </summary>
internal sealed class QuietHangfireLogs : ILogProvider, ILog
{
    private static readonly QuietHangfireLogs Instance = new();

    public static void Use() => LogProvider.SetCurrentLogProvider(Instance);

    public ILog GetLogger(string name) => this;

    public bool Log(LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
}
