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

    /// <summary>A service client for this account (<paramref name="clientOptions"/> e.g. to turn retries off).</summary>
    public TableServiceClient CreateServiceClient(TableClientOptions? clientOptions = null) =>
        new(ConnectionString, clientOptions ?? new TableClientOptions());
}
