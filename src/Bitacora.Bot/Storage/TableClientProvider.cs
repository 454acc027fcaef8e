using System.Collections.Concurrent;
using Azure.Data.Tables;

namespace Bitacora.Bot.Storage;

/// <summary>
/// Hands out one <see cref="TableClient"/> per logical table, creating the table the first time it is asked for,
/// so feature repositories never think about provisioning and no request pays for it twice.
/// </summary>
public sealed class TableClientProvider
{
    private readonly TableServiceClient _service;
    private readonly string _prefix;
    private readonly ConcurrentDictionary<string, Lazy<Task<TableClient>>> _tables = new(StringComparer.Ordinal);

    [ActivatorUtilitiesConstructor]
    public TableClientProvider(StorageAccount account)
        : this(account.CreateTableServiceClient(), account.Options.TablePrefix)
    {
    }

    public TableClientProvider(TableServiceClient service, string tablePrefix)
    {
        _service = service;
        _prefix = tablePrefix;
    }

    /// <summary>The client for <paramref name="logicalName"/> (letters and digits only), created if missing.</summary>
    public Task<TableClient> GetAsync(string logicalName, CancellationToken cancellationToken = default)
    {
        var lazy = _tables.GetOrAdd(logicalName, name => new Lazy<Task<TableClient>>(() => CreateAsync(name)));
        return lazy.Value.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// The client for <paramref name="logicalName"/> without creating the table: for reading a table that may not
    /// exist (a previous layout's), where a request answers 404 instead of leaving an empty table behind.
    /// </summary>
    public TableClient GetWithoutCreating(string logicalName) => _service.GetTableClient(_prefix + logicalName);

    private async Task<TableClient> CreateAsync(string logicalName)
    {
        var client = _service.GetTableClient(_prefix + logicalName);
        try
        {
            await client.CreateIfNotExistsAsync().ConfigureAwait(false);
        }
        catch
        {
            // Let the next caller try again instead of caching the failure forever.
            _tables.TryRemove(logicalName, out _);
            throw;
        }
        return client;
    }
}
