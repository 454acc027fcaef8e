using System.Collections.Concurrent;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Bitacora.Bot.Files;
using Bitacora.Bot.Storage;
using Bitacora.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bitacora.Bot.Tests.Storage;

/// <summary>
/// Storage:TableEndpoint / BlobEndpoint without a connection string → the Table and Blob clients authenticate with
/// the token credential (Entra ID / managed identity); a connection string → no token is ever asked for. No Azure call:
/// the fake credential records the scope and refuses, so the request never leaves the process.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class StorageAccountWiringTests(AzuriteFixture azurite)
{
    private const string StorageScope = "https://storage.azure.com/.default";

    private sealed class RecordingCredential : TokenCredential
    {
        public ConcurrentBag<string> Scopes { get; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            foreach (var scope in requestContext.Scopes) Scopes.Add(scope);
            throw new NoAzureHereException();
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }

    private sealed class NoAzureHereException() : Exception("The test credential hands out no token.");

    private static ServiceProvider Services(Dictionary<string, string?> settings, TokenCredential? credential)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging().AddTableStorage(configuration);
        if (credential is not null)
        {
            services.AddSingleton(new StorageCredential(credential));
        }
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task An_endpoint_without_a_key_gives_table_and_blob_clients_that_use_the_token_credential()
    {
        var port = FreePort.Next();
        var credential = new RecordingCredential();
        using var sp = Services(new()
        {
            ["Storage:TableEndpoint"] = $"https://127.0.0.1:{port}/devstoreaccount1",
            ["Storage:BlobEndpoint"] = $"https://127.0.0.1:{port}/devstoreaccount1",
        }, credential);

        var options = sp.GetRequiredService<IOptions<TableStorageOptions>>().Value;
        Assert.True(options.UsesTokenCredential);
        Assert.Null(options.EffectiveConnectionString);

        await Assert.ThrowsAsync<NoAzureHereException>(() => sp.GetRequiredService<TableClientProvider>().GetAsync("Probe"));
        Assert.Equal([StorageScope], credential.Scopes.Distinct());

        credential.Scopes.Clear();
        var blobs = sp.GetRequiredService<StorageAccount>().CreateBlobServiceClient();
        Assert.Equal(new Uri($"https://127.0.0.1:{port}/devstoreaccount1"), blobs.Uri);
        await Assert.ThrowsAsync<NoAzureHereException>(() => blobs.GetBlobContainerClient("archivos").CreateIfNotExistsAsync());
        Assert.Equal([StorageScope], credential.Scopes.Distinct());
    }

    [Fact]
    public void The_default_credential_is_DefaultAzureCredential_with_the_configured_user_assigned_identity()
    {
        using var sp = Services(new()
        {
            ["Storage:TableEndpoint"] = "https://account.table.core.windows.net",
            ["Storage:BlobEndpoint"] = "https://account.blob.core.windows.net",
            ["Storage:ManagedIdentityClientId"] = "11111111-2222-3333-4444-555555555555",
        }, credential: null);

        Assert.IsType<DefaultAzureCredential>(sp.GetRequiredService<StorageCredential>().Credential);
        Assert.Equal("account", sp.GetRequiredService<StorageAccount>().CreateTableServiceClient().AccountName);
    }

    [Fact]
    public async Task A_connection_string_never_asks_for_a_token()
    {
        var credential = new RecordingCredential();
        using var sp = Services(new()
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Storage:TablePrefix"] = azurite.NewTablePrefix(),
        }, credential);

        var table = await sp.GetRequiredService<TableClientProvider>().GetAsync("Probe");
        await table.UpsertEntityAsync(new TableEntity("p", "r"));

        Assert.Empty(credential.Scopes);
        Assert.NotNull(FileLinks.AccountKey(sp.GetRequiredService<IOptions<TableStorageOptions>>().Value.EffectiveConnectionString));
    }

    [Theory]
    [InlineData("Storage:BlobEndpoint", "", "Storage:BlobEndpoint is empty while Storage:TableEndpoint is set")]
    [InlineData("Storage:TableEndpoint", "http://account.table.core.windows.net", "Storage:TableEndpoint 'http://account.table.core.windows.net' is not an https:// address")]
    [InlineData("Storage:ConnectionString", "UseDevelopmentStorage=true", "Storage:ConnectionString and Storage:TableEndpoint are both set")]
    public void A_wrong_storage_section_is_refused_naming_the_key(string key, string value, string message)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:TableEndpoint"] = "https://account.table.core.windows.net",
            ["Storage:BlobEndpoint"] = "https://account.blob.core.windows.net",
            [key] = value,
        };
        using var sp = Services(settings, credential: null);

        var e = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<TableStorageOptions>>().Value);
        Assert.Contains(message, e.Message);
    }
}
