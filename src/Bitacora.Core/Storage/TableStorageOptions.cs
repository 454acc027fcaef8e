using Azure.Data.Tables;

namespace Bitacora.Bot.Storage;

/// <summary>
/// Where the bot keeps its data. Bound from the "Storage" configuration section. Two ways to reach the account:
/// <list type="bullet">
/// <item><see cref="TableEndpoint"/> (+ <see cref="BlobEndpoint"/>) without a key: Microsoft Entra ID tokens from
/// <c>DefaultAzureCredential</c> — the web app's managed identity in Azure (infra/ grants it the data roles and turns
/// shared keys off), <c>az login</c> on a developer's machine.</item>
/// <item><see cref="ConnectionString"/>: account key or Azurite. With neither set, Azurite's development account.</item>
/// </list>
/// Setting both is refused at start-up (which one wins would be a guess).
/// </summary>
public sealed record TableStorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>Azurite's well-known development account, used when nothing else is configured.</summary>
    public const string DevelopmentStorage = "UseDevelopmentStorage=true";

    /// <summary>Azure Storage connection string (account key, SAS or Azurite). Empty with an endpoint: managed identity.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>Table service endpoint, e.g. https://account.table.core.windows.net — reached with a token credential.</summary>
    public string? TableEndpoint { get; init; }

    /// <summary>Blob service endpoint (generated files), e.g. https://account.blob.core.windows.net — token credential.</summary>
    public string? BlobEndpoint { get; init; }

    /// <summary>
    /// Client id of a user-assigned managed identity to take the token from; empty → the system-assigned identity
    /// (or whatever DefaultAzureCredential finds first: environment, workload identity, managed identity, Azure CLI…).
    /// </summary>
    public string? ManagedIdentityClientId { get; init; }

    /// <summary>Prepended to every table name, so several environments (or test runs) can share one account.</summary>
    public string TablePrefix { get; init; } = "";

    /// <summary>Retries per request; empty keeps the SDK's default (3). The CLI sets 1 so a dead endpoint fails in seconds.</summary>
    public int? MaxRetries { get; init; }

    /// <summary>Time allowed for one request; empty keeps the SDK's default (100 s). The CLI sets 2 s.</summary>
    public TimeSpan? NetworkTimeout { get; init; }

    /// <summary>
    /// Connections to the storage account open at once from this instance (all clients share them). A burst of turns
    /// queues for a connection inside the bot instead of opening one per request: hundreds of TLS handshakes at once
    /// against Azure, and in the load benchmark (440 first answers, each starting three reads at once) Azurite
    /// stalled for seconds past ≈ 256 new connections. 64 connections carry thousands of requests a second.
    /// </summary>
    public int MaxConnections { get; init; } = 64;

    /// <summary>
    /// Reads only (the CLI's --dry-run): table creation is skipped, a missing table reads as empty and any write throws
    /// before it leaves the process (<see cref="ReadOnlyStoragePolicy"/>).
    /// </summary>
    public bool ReadOnly { get; init; }

    /// <summary>True when the account is reached with Entra ID tokens (an endpoint without a connection string).</summary>
    public bool UsesTokenCredential => string.IsNullOrWhiteSpace(ConnectionString) && !string.IsNullOrWhiteSpace(TableEndpoint);

    /// <summary>One transport (one connection pool) per connection limit, shared by every client of the process.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, Azure.Core.Pipeline.HttpClientTransport> Transports = new();

    /// <summary>The connection string in force: the configured one, Azurite's when nothing is configured, null with an endpoint.</summary>
    public string? EffectiveConnectionString =>
        !string.IsNullOrWhiteSpace(ConnectionString) ? ConnectionString
        : string.IsNullOrWhiteSpace(TableEndpoint) ? DevelopmentStorage
        : null;

    /// <summary>A service client for a connection-string account (tests, CLI). Token-credential accounts go through <see cref="StorageAccount"/>.</summary>
    public TableServiceClient CreateServiceClient(TableClientOptions? clientOptions = null) =>
        new(EffectiveConnectionString ?? throw new InvalidOperationException(
                "Storage:TableEndpoint is configured: create the client through StorageAccount (it holds the token credential)."),
            ApplyTo(clientOptions ?? new TableClientOptions()));

    /// <summary>Applies <see cref="MaxRetries"/>, <see cref="NetworkTimeout"/>, <see cref="ReadOnly"/> and
    /// <see cref="MaxConnections"/> to a client's options, and tags after-answer requests (<see cref="AfterAnswerWork"/>).</summary>
    public TableClientOptions ApplyTo(TableClientOptions clientOptions)
    {
        ArgumentNullException.ThrowIfNull(clientOptions);
        clientOptions.Transport = Transports.GetOrAdd(MaxConnections, static n => new Azure.Core.Pipeline.HttpClientTransport(
            new System.Net.Http.SocketsHttpHandler
            {
                MaxConnectionsPerServer = n, AllowAutoRedirect = false, UseCookies = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5), // DNS changes are picked up
            }));
        if (MaxRetries is { } retries)
        {
            clientOptions.Retry.MaxRetries = retries;
            clientOptions.Retry.Delay = TimeSpan.FromMilliseconds(200);
            clientOptions.Retry.MaxDelay = TimeSpan.FromSeconds(1);
        }
        if (NetworkTimeout is { } timeout)
        {
            clientOptions.Retry.NetworkTimeout = timeout;
        }
        if (ReadOnly)
        {
            clientOptions.AddPolicy(new ReadOnlyStoragePolicy(), Azure.Core.HttpPipelinePosition.PerCall);
        }
        clientOptions.AddPolicy(new AfterAnswerTagPolicy(), Azure.Core.HttpPipelinePosition.PerCall);
        return clientOptions;
    }
}
