using System.Globalization;
using System.Text;

namespace Bitacora.Testing.Playground;

/// <summary>
/// The Microsoft 365 Agents Playground (npm @microsoft/m365agentsplayground, from the repository's node_modules)
/// running on a free port against a bot endpoint, in a temporary working directory of its own (it writes
/// ./devTools/m365agentsplayground.log there). Disposing kills its process tree and deletes the directory.
/// </summary>
public sealed class PlaygroundProcess : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private PlaygroundProcess(ChildProcess process, int port, string workingDirectory, Uri botEndpoint)
    {
        _process = process;
        Port = port;
        WorkingDirectory = workingDirectory;
        BotEndpoint = botEndpoint;
        BaseUri = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
    }

    public int Port { get; }

    /// <summary>Where the Playground answers (UI, internal API, connector): http://127.0.0.1:port/.</summary>
    public Uri BaseUri { get; }

    public Uri BotEndpoint { get; }

    public string WorkingDirectory { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Starts the Playground (channel msteams, telemetry off, no browser) and waits until GET /_debug/ping answers pong.
    /// </summary>
    /// <param name="botEndpoint">The bot's messaging endpoint, e.g. http://127.0.0.1:5000/api/messages.</param>
    /// <param name="personalConversationId">Fixes the personal chat's conversation id (random otherwise).</param>
    public static async Task<PlaygroundProcess> StartAsync(Uri botEndpoint, string? personalConversationId = null,
        TimeSpan? startTimeout = null, CancellationToken cancellationToken = default)
    {
        var port = FreePort.Next();
        var workingDirectory = Directory.CreateTempSubdirectory("bitacora-playground-").FullName;
        var arguments = new List<string>
        {
            "-e", botEndpoint.ToString(), "-c", "msteams", "--disable-telemetry",
            "-p", port.ToString(CultureInfo.InvariantCulture),
        };
        if (personalConversationId is not null)
        {
            arguments.AddRange(["--conversation-id", personalConversationId]);
        }
        var process = ChildProcess.Start(RepoPaths.NodeBin("agentsplayground"), arguments, workingDirectory,
            new Dictionary<string, string>
            {
                ["TEAMSAPPTESTER_BROWSER"] = "none",
                ["BROWSER"] = "none",
                ["NO_UPDATE_NOTIFIER"] = "1",
            });
        var playground = new PlaygroundProcess(process, port, workingDirectory, botEndpoint);
        try
        {
            await playground.WaitUntilReadyAsync(startTimeout ?? TimeSpan.FromSeconds(30), cancellationToken);
            return playground;
        }
        catch
        {
            await playground.DisposeAsync();
            throw;
        }
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = BaseUri, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The Agents Playground exited during start-up.\n{Diagnostics()}");
            }
            try
            {
                var pong = await http.GetStringAsync("_debug/ping", cancellationToken);
                if (pong.Trim() == "pong")
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Not listening yet.
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(
                    $"The Agents Playground did not answer /_debug/ping within {timeout}.\n{Diagnostics()}");
            }
            await Task.Delay(150, cancellationToken);
        }
    }

    /// <summary>What the Playground printed on stdout/stderr.</summary>
    public string Output => _process.Output;

    /// <summary>The Playground's own log (devTools/m365agentsplayground.log): every activity in both directions.</summary>
    public string ReadLog()
    {
        var path = Path.Combine(WorkingDirectory, "devTools", "m365agentsplayground.log");
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            return reader.ReadToEnd();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"(no log at {path}: {e.Message})";
        }
    }

    /// <summary>Output and the tail of the log, for failure messages.</summary>
    public string Diagnostics(int maxLogChars = 6000)
    {
        var log = ReadLog();
        if (log.Length > maxLogChars)
        {
            log = "…" + log[^maxLogChars..];
        }
        return $"--- Agents Playground on {BaseUri} → {BotEndpoint} (exited: {HasExited})\n" +
               $"--- stdout/stderr:\n{Output}\n--- devTools log (tail):\n{log}";
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        try
        {
            Directory.Delete(WorkingDirectory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A log file still held open: the temp folder is cleaned by the OS eventually.
        }
    }
}
