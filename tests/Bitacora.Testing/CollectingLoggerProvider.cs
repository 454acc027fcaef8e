using System.Text;
using Microsoft.Extensions.Logging;

namespace Bitacora.Testing;

/// <summary>Keeps the last log lines of an in-process host so a failing end-to-end test can show what the bot did.</summary>
public sealed class CollectingLoggerProvider(int maxLines = 2000) : ILoggerProvider
{
    private readonly Queue<string> _lines = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public string Text
    {
        get
        {
            lock (_lines)
            {
                return new StringBuilder().AppendJoin('\n', _lines).ToString();
            }
        }
    }

    private void Add(string line)
    {
        lock (_lines)
        {
            _lines.Enqueue(line);
            while (_lines.Count > maxLines)
            {
                _lines.Dequeue();
            }
        }
    }

    public void Dispose()
    {
    }

    private sealed class Logger(CollectingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }
            owner.Add($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel.ToString()[..4]} {category}: {formatter(state, exception)}" +
                      (exception is null ? "" : "\n" + exception));
        }
    }
}
