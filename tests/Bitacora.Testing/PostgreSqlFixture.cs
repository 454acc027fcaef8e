using System.Globalization;
using Xunit;

namespace Bitacora.Testing;

/// <summary>
/// A real PostgreSQL server (Debian's package, installed by scripts/lib.sh ensure_postgresql) on a free loopback port
/// with a throw-away data directory: <c>initdb</c> with trust authentication, then <c>postgres</c> in the foreground
/// as a <see cref="ChildProcess"/> (TCP on 127.0.0.1 only, no Unix socket, durability off — test data only).
/// PostgreSQL refuses to run as root, so as root both run as the unprivileged <c>postgres</c> user (<c>runuser</c>).
/// Set BITACORA_TEST_POSTGRES to an Npgsql connection string to use a server you started yourself, or
/// BITACORA_PG_BIN to the folder holding initdb/postgres.
/// </summary>
public sealed class PostgreSqlFixture : IAsyncLifetime
{
    private const string User = "bitacora";
    private ChildProcess? _server;
    private string? _workspace;

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable("BITACORA_TEST_POSTGRES");
        if (!string.IsNullOrWhiteSpace(external))
        {
            ConnectionString = external;
            return;
        }

        var bin = FindBin();
        var asRoot = !OperatingSystem.IsWindows() && Environment.UserName == "root";
        _workspace = Directory.CreateTempSubdirectory("bitacora-pg-").FullName;
        if (asRoot && !OperatingSystem.IsWindows())
        {
            // initdb (running as postgres) creates the data folder inside: the workspace must be writable for it.
            File.SetUnixFileMode(_workspace, (UnixFileMode)0b111_111_111);
        }
        var data = Path.Combine(_workspace, "data");

        await using (var init = Start(asRoot, Path.Combine(bin, "initdb"),
                         ["-D", data, "-A", "trust", "-U", User, "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]))
        {
            await init.WaitForExitAsync(TimeSpan.FromSeconds(60), "initdb");
        }

        var port = FreePort.Next();
        _server = Start(asRoot, Path.Combine(bin, "postgres"),
        [
            "-D", data, "-p", port.ToString(CultureInfo.InvariantCulture), "-h", "127.0.0.1", "-k", "",
            "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
            "-c", "max_connections=300", "-c", "shared_buffers=32MB",
        ]);
        await _server.WaitForOutputAsync("database system is ready to accept connections", TimeSpan.FromSeconds(60));
        ConnectionString = $"Host=127.0.0.1;Port={port};Username={User};Database=postgres;Maximum Pool Size=40;Timeout=15";
    }

    private ChildProcess Start(bool asRoot, string program, IReadOnlyList<string> arguments) => asRoot
        ? ChildProcess.Start("runuser", ["-u", "postgres", "--", program, .. arguments], _workspace!)
        : ChildProcess.Start(program, arguments, _workspace!);

    /// <summary>BITACORA_PG_BIN, else the newest /usr/lib/postgresql/&lt;version&gt;/bin (Debian's layout).</summary>
    private static string FindBin()
    {
        var configured = Environment.GetEnvironmentVariable("BITACORA_PG_BIN");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }
        var root = new DirectoryInfo("/usr/lib/postgresql");
        var bin = root.Exists
            ? root.GetDirectories().Select(d => (Version: int.TryParse(d.Name, out var v) ? v : -1, Bin: Path.Combine(d.FullName, "bin")))
                .Where(x => x.Version > 0 && File.Exists(Path.Combine(x.Bin, "initdb"))).OrderByDescending(x => x.Version)
                .Select(x => x.Bin).FirstOrDefault()
            : null;
        return bin ?? throw new InvalidOperationException(
            "PostgreSQL is not installed (/usr/lib/postgresql/*/bin/initdb). scripts/test installs Debian's postgresql; " +
            "or set BITACORA_TEST_POSTGRES to a connection string, or BITACORA_PG_BIN to its bin folder.");
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
        if (_workspace is not null)
        {
            try { Directory.Delete(_workspace, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
