using Azure.Data.Tables;

namespace Bitacora.Bot.Storage;

/// <summary>Where the bot keeps its data. Bound from the "Storage" configuration section.</summary>
public sealed record TableStorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>Azure Table Storage connection string; Azurite's well-known development account by default.</summary>
    public string ConnectionString { get; init; } = "UseDevelopmentStorage=true";

    /// <summary>Prepended to every table name, so several environments (or test runs) can share one account.</summary>
    public string TablePrefix { get; init; } = "";

    /// <summary>Retries per request; empty keeps the SDK's default (3). The CLI sets 1 so a dead endpoint fails in seconds.</summary>
    public int? MaxRetries { get; init; }

    /// <summary>Time allowed for one request; empty keeps the SDK's default (100 s). The CLI sets 2 s.</summary>
    public TimeSpan? NetworkTimeout { get; init; }

    /// <summary>
    /// Reads only (the CLI's --dry-run): table creation is skipped, a missing table reads as empty and any write throws
    /// before it leaves the process (<see cref="ReadOnlyStoragePolicy"/>).
    /// </summary>
    public bool ReadOnly { get; init; }

    /// <summary>A service client for this account (<paramref name="clientOptions"/> e.g. to turn retries off).</summary>
    public TableServiceClient CreateServiceClient(TableClientOptions? clientOptions = null)
    {
        clientOptions ??= new TableClientOptions();
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
        return new TableServiceClient(ConnectionString, clientOptions);
    }
}
