using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Bitacora.Bot.Files;

/// <summary>Where a file lives: a temporary delivery (swept after <see cref="FileDeliveryOptions.Retention"/>) or a kept area.</summary>
public static class FileAreas
{
    /// <summary>Files made to be downloaded once (exports, documents): deleted by the retention sweep.</summary>
    public const string Temporary = "temporal";

    /// <summary>Evidence attached to commitments: kept.</summary>
    public const string Evidence = "evidencias";
}

/// <summary>A stored file. <see cref="Id"/> is "{area}/{yyyyMMddHHmmss}-{32 hex}": unguessable, sorted by creation time.</summary>
public sealed record StoredFile(string Id, string FileName, string ContentType, long Size, DateTimeOffset CreatedAt);

/// <summary>A stored file with its bytes.</summary>
public sealed record StoredFileContent(StoredFile File, byte[] Content);

/// <summary>
/// Files in one Blob Storage container (Azurite's blob service locally). The blob name is the file id, so listing an
/// area returns files oldest first and the retention sweep stops at the first one it must keep. The original file name
/// travels in metadata (percent-encoded: metadata is ASCII).
/// </summary>
public sealed partial class BlobFileStore
{
    private readonly BlobContainerClient _container;
    private readonly TimeProvider _time;
    private Lazy<Task> _created;

    public BlobFileStore(BlobContainerClient container, TimeProvider time)
    {
        _container = container;
        _time = time;
        _created = NewCreation();
    }

    [GeneratedRegex(@"^[a-z0-9-]{1,32}/\d{14}-[0-9a-f]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    public static bool IsValidId(string? id) => id is not null && IdPattern().IsMatch(id);

    public async Task<StoredFile> SaveAsync(string area, string fileName, string contentType, byte[] content, CancellationToken ct)
    {
        if (!Regex.IsMatch(area, "^[a-z0-9-]{1,32}$"))
        {
            throw new ArgumentException($"Bad file area '{area}'.", nameof(area));
        }
        var now = _time.GetUtcNow();
        var id = $"{area}/{now.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}";
        await EnsureContainerAsync(ct);
        await _container.GetBlobClient(id).UploadAsync(new BinaryData(content), new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
            Metadata = new Dictionary<string, string>
            {
                ["filename"] = Uri.EscapeDataString(fileName),
                ["created"] = now.ToString("O", CultureInfo.InvariantCulture),
            },
        }, ct);
        return new StoredFile(id, fileName, contentType, content.LongLength, now);
    }

    /// <summary>The file, or null when the id is malformed or the file is gone (deleted by the sweep).</summary>
    public async Task<StoredFileContent?> GetAsync(string id, CancellationToken ct)
    {
        if (!IsValidId(id))
        {
            return null;
        }
        await EnsureContainerAsync(ct);
        try
        {
            var result = await _container.GetBlobClient(id).DownloadContentAsync(ct);
            var details = result.Value.Details;
            var name = details.Metadata.TryGetValue("filename", out var n) ? Uri.UnescapeDataString(n) : id[(id.IndexOf('/') + 1)..];
            var created = details.Metadata.TryGetValue("created", out var c)
                          && DateTimeOffset.TryParse(c, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : details.CreatedOn;
            var bytes = result.Value.Content.ToArray();
            return new StoredFileContent(new StoredFile(id, name, details.ContentType, bytes.LongLength, created), bytes);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Deletes the files of <paramref name="area"/> created before <paramref name="cutoff"/>; returns how many.</summary>
    public async Task<int> DeleteOlderThanAsync(string area, DateTimeOffset cutoff, CancellationToken ct)
    {
        await EnsureContainerAsync(ct);
        var stamp = cutoff.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        var deleted = 0;
        await foreach (var blob in _container.GetBlobsAsync(new GetBlobsOptions { Prefix = area + "/" }, ct))
        {
            var name = blob.Name;
            var slash = name.IndexOf('/');
            if (name.Length < slash + 15 || string.CompareOrdinal(name, slash + 1, stamp, 0, 14) >= 0)
            {
                break; // names sort by creation time: everything after this one is newer
            }
            if ((await _container.DeleteBlobIfExistsAsync(name, cancellationToken: ct)).Value)
            {
                deleted++;
            }
        }
        return deleted;
    }

    public string ContainerName => _container.Name;

    private Lazy<Task> NewCreation() => new(async () =>
    {
        try
        {
            await _container.CreateIfNotExistsAsync();
        }
        catch
        {
            _created = NewCreation(); // the next caller tries again instead of failing forever
            throw;
        }
    });

    private Task EnsureContainerAsync(CancellationToken ct) => _created.Value.WaitAsync(ct);
}
