using Azure.Data.Tables;
using Xunit;

namespace Bitacora.Testing;

/// <summary>
/// A real Table and Blob Storage emulator (Azurite, from the repository's node_modules) on free loopback ports, in
/// memory, started once per test assembly. Tests isolate themselves with <see cref="NewTablePrefix"/> instead of sharing
/// tables (the bot's blob container name starts with the same prefix).
/// Set BITACORA_TEST_STORAGE to a connection string to use an emulator or account you started yourself.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    public const string AccountName = "devstoreaccount1";
    public const string AccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private ChildProcess? _process;
    private string? _workspace;
    private int _prefixCounter;
    private int _tablePort;
    private int _blobPort;
    private int _queuePort;

    /// <summary>Keep data on disk (in the workspace) instead of in memory, so <see cref="StopAsync"/> and
    /// <see cref="StartAgainAsync"/> simulate an outage without losing what was stored. For private instances
    /// (outage tests); the shared fixture stays in memory.</summary>
    public bool Persistent { get; init; }

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable("BITACORA_TEST_STORAGE");
        if (!Persistent && !string.IsNullOrWhiteSpace(external))
        {
            ConnectionString = external;
            return;
        }

        _tablePort = FreePort.Next();
        _blobPort = FreePort.Next();
        _queuePort = FreePort.Next();
        _workspace = Directory.CreateTempSubdirectory("bitacora-azurite-").FullName;
        await StartProcessAsync();
        ConnectionString =
            $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
            $"TableEndpoint=http://127.0.0.1:{_tablePort}/{AccountName};BlobEndpoint=http://127.0.0.1:{_blobPort}/{AccountName};";
    }

    private async Task StartProcessAsync()
    {
        string Text(int p) => p.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // One process serves all three services (the queue one is unused but cannot be switched off).
        var storage = Persistent ? new[] { "--location", Path.Combine(_workspace!, "data") } : new[] { "--inMemoryPersistence" };
        _process = ChildProcess.Start(RepoPaths.NodeBin("azurite"),
        [
            "--tableHost", "127.0.0.1", "--tablePort", Text(_tablePort),
            "--blobHost", "127.0.0.1", "--blobPort", Text(_blobPort),
            "--queueHost", "127.0.0.1", "--queuePort", Text(_queuePort),
            .. storage, "--silent", "--skipApiVersionCheck", "--loose", "--disableTelemetry",
        ], _workspace!);
        await FreePort.WaitUntilListeningAsync(_tablePort, TimeSpan.FromSeconds(30), _process);
        await FreePort.WaitUntilListeningAsync(_blobPort, TimeSpan.FromSeconds(30), _process);
    }

    /// <summary>Stops the emulator (an outage); <see cref="StartAgainAsync"/> brings it back on the same ports.</summary>
    public async Task StopAsync()
    {
        if (_process is null) throw new InvalidOperationException("This Azurite was not started by the fixture.");
        // SIGTERM: Azurite closes its database files (a kill would lose what it had not saved yet).
        await _process.StopGracefullyAsync(TimeSpan.FromSeconds(10));
        _process = null;
    }

    public Task StartAgainAsync() => _process is null && _workspace is not null
        ? StartProcessAsync()
        : throw new InvalidOperationException("Azurite is running (or was not started by the fixture).");

    /// <summary>Same as <see cref="StartAgainAsync"/>: empty again unless <see cref="Persistent"/>.</summary>
    public Task RestartAsync() => StartAgainAsync();

    /// <summary>A table-name prefix no other test uses (letters only, as Table Storage requires a leading letter).</summary>
    public string NewTablePrefix()
    {
        var n = Interlocked.Increment(ref _prefixCounter);
        return "t" + Guid.NewGuid().ToString("N")[..8] + n.ToString(System.Globalization.CultureInfo.InvariantCulture) + "x";
    }

    /// <summary>A client of this Azurite that, like the real service, refuses filters over 15 comparisons (<see cref="TableQueryLimits"/>).</summary>
    public TableServiceClient CreateServiceClient()
    {
        var options = new TableClientOptions();
        options.AddPolicy(new TableQueryLimits(), Azure.Core.HttpPipelinePosition.PerCall);
        return new(ConnectionString, options);
    }

    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
        if (_workspace is not null)
        {
            try { Directory.Delete(_workspace, recursive: true); } catch (IOException) { }
        }
    }
}
