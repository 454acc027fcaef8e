using System.Diagnostics;
using System.Text;

namespace Bitacora.Testing;

/// <summary>
/// A helper process (Azurite, the Agents Playground) owned by a test fixture: output captured for diagnostics,
/// and the whole process tree killed on dispose so a test run never leaves anything behind.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ChildProcess(Process process) => _process = process;

    /// <param name="onLine">Also given each line the process prints (stdout and stderr), as it arrives.</param>
    public static ChildProcess Start(string fileName, IEnumerable<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string>? environment = null, Action<string>? onLine = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }
        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[k] = v;
        }
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(process);
        process.OutputDataReceived += (_, e) => child.Append(e.Data, onLine);
        process.ErrorDataReceived += (_, e) => child.Append(e.Data, onLine);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    public bool HasExited => _process.HasExited;

    /// <summary>The operating system's process id (e.g. to find it in a Hangfire server id).</summary>
    public int Id => _process.Id;

    /// <summary>Waits for a one-shot tool to finish; fails with its output when it times out or exits non-zero.</summary>
    public async Task WaitForExitAsync(TimeSpan timeout, string what)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{what} did not finish within {timeout}:\n{Output}");
        }
        if (_process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{what} exited with {_process.ExitCode}:\n{Output}");
        }
    }

    /// <summary>Waits until the process printed <paramref name="text"/>; fails at once, with the output, if it exits.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The process never printed \"{text}\" (exited: {_process.HasExited}):\n{Output}");
            }
            await Task.Delay(50);
        }
    }

    /// <summary>Kills the process tree at once (SIGKILL: no shutdown hooks run), as a crashing instance would die.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(cts.Token);
        }
    }

    /// <summary>SIGTERM (the process may flush and close), then a kill if it is still running after
    /// <paramref name="timeout"/>.</summary>
    public async Task StopGracefullyAsync(TimeSpan timeout)
    {
        if (!_process.HasExited)
        {
            using (var signal = Process.Start(new ProcessStartInfo("kill")
                   {
                       ArgumentList = { "-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                       UseShellExecute = false,
                   }))
            {
                await signal!.WaitForExitAsync();
            }
            using var cts = new CancellationTokenSource(timeout);
            try
            {
                await _process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
        await DisposeAsync();
    }

    /// <summary>Everything the process printed so far (stdout and stderr interleaved).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    private void Append(string? line, Action<string>? onLine)
    {
        if (line is null)
        {
            return;
        }
        onLine?.Invoke(line);
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _process.WaitForExitAsync(cts.Token);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException)
        {
            // Already gone, or refuses to die within the bound: nothing more a test can do.
        }
        _process.Dispose();
    }
}
