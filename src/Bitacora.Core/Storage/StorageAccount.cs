using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;

namespace Bitacora.Bot.Storage;

/// <summary>The token credential the storage clients use in endpoint mode (its own type: Graph registers a TokenCredential of its own).</summary>
public sealed record StorageCredential(TokenCredential Credential);

/// <summary>
/// Makes the Table and Blob service clients of the configured account: from the connection string (account key,
/// Azurite), or from <see cref="TableStorageOptions.TableEndpoint"/> / <see cref="TableStorageOptions.BlobEndpoint"/>
/// with the <see cref="StorageCredential"/> (DefaultAzureCredential unless a test or host replaced it). Every client of
/// the bot comes from here, so the two modes cannot drift apart between features.
/// </summary>
public sealed class StorageAccount(IOptions<TableStorageOptions> options, IServiceProvider services)
{
    public TableStorageOptions Options => options.Value;

    /// <summary>A Table service client (<paramref name="clientOptions"/> e.g. to turn retries off).</summary>
    public TableServiceClient CreateTableServiceClient(TableClientOptions? clientOptions = null)
    {
        var o = options.Value;
        clientOptions = o.ApplyTo(clientOptions ?? new TableClientOptions());
        return o.UsesTokenCredential
            ? new TableServiceClient(new Uri(o.TableEndpoint!), Credential(), clientOptions)
            : new TableServiceClient(o.EffectiveConnectionString, clientOptions);
    }

    /// <summary>A Blob service client: Storage:BlobEndpoint with the token credential, or the connection string's blob endpoint.</summary>
    public BlobServiceClient CreateBlobServiceClient(BlobClientOptions? clientOptions = null)
    {
        var o = options.Value;
        if (!o.UsesTokenCredential)
        {
            return new BlobServiceClient(o.EffectiveConnectionString, clientOptions);
        }
        if (string.IsNullOrWhiteSpace(o.BlobEndpoint))
        {
            throw new InvalidOperationException("Storage:BlobEndpoint is empty while Storage:TableEndpoint is set (generated files need the blob service).");
        }
        return new BlobServiceClient(new Uri(o.BlobEndpoint), Credential(), clientOptions);
    }

    private TokenCredential Credential() => services.GetRequiredService<StorageCredential>().Credential;
}
