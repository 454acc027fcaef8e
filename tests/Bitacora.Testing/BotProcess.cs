using System.Globalization;

namespace Bitacora.Testing;

/// <summary>
/// The real bot as its own process — <c>dotnet src/Bitacora.Bot/bin/&lt;configuration&gt;/&lt;tfm&gt;/Bitacora.Bot.dll</c>, built
/// in the configuration of the running tests (Release under scripts/test) — on a free loopback port, configured
/// through environment variables (<c>Section__Key</c>) as App Service does. For tests that need several instances
/// or must kill one (WebApplicationFactory hosts share the test's process).
/// </summary>
public sealed class BotProcess : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private BotProcess(ChildProcess process, Uri baseUri, string name)
    {
        _process = process;
        BaseUri = baseUri;
        Name = name;
    }

    public string Name { get; }
    public Uri BaseUri { get; }
    public Uri MessagesUri => new(BaseUri, "api/messages");
    public int ProcessId => _process.Id;
    public bool HasExited => _process.HasExited;
    public string Output => _process.Output;

    /// <summary>The bot's entry assembly next to the tests' own configuration and target framework.</summary>
    public static string EntryAssembly()
    {
        var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = tfm.Parent?.Name ?? "Release";
        var path = RepoPaths.Combine("src", "Bitacora.Bot", "bin", configuration, tfm.Name, "Bitacora.Bot.dll");
        return File.Exists(path) ? path : throw new InvalidOperationException($"{path} is missing: build src/Bitacora.Bot -c {configuration}.");
    }

    /// <summary>Starts an instance with <paramref name="settings"/> (configuration keys, "Section:Key") and waits for /health (ready).</summary>
    public static async Task<BotProcess> StartAsync(string name, IReadOnlyDictionary<string, string> settings, TimeSpan timeout)
    {
        var port = FreePort.Next();
        var baseUri = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = baseUri.ToString().TrimEnd('/'),
            ["ASPNETCORE_ENVIRONMENT"] = "Testing",
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_gcServer"] = "0", // several instances on a small machine
        };
        foreach (var (key, value) in settings)
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        var dll = EntryAssembly();
        var process = ChildProcess.Start("dotnet", [dll], Path.GetDirectoryName(dll)!, environment);
        var bot = new BotProcess(process, baseUri, name);
        try
        {
            await bot.WaitHealthyAsync(timeout);
        }
        catch
        {
            await bot.DisposeAsync();
            throw;
        }
        return bot;
    }

    private async Task WaitHealthyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseUri, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Bot {Name} exited while starting:\n{Output}");
            }
            try
            {
                using var response = await http.GetAsync("health"); // readiness: storage, scheduler
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Bot {Name} not healthy after {timeout}:\n{Output}");
            }
            await Task.Delay(200);
        }
    }

    /// <summary>SIGKILL, as an instance dies when App Service recycles it or the machine fails.</summary>
    public Task KillAsync() => _process.KillAsync();

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
