using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Bitacora.Bot.Files;

/// <summary>What a presented link turned out to be.</summary>
public enum LinkCheck
{
    Valid,
    Expired,
    Invalid,
}

/// <summary>
/// Short-lived download links served by the bot itself: /archivos/{id}?vence={unix seconds}&amp;firma={HMAC-SHA256 of
/// "id\nvence", base64url}. The id is 128 random bits, the signature binds it to the expiry, and the endpoint checks
/// both against the injected clock — a link cannot be guessed, widened or extended. The same key signs the file
/// consent context (<see cref="SignFor"/>), so an accept only uploads the file to the person it was offered to.
/// </summary>
public sealed class FileLinks
{
    public const string RoutePrefix = "/archivos/";

    private readonly byte[] _key;
    private readonly FileDeliveryOptions _options;
    private readonly TimeProvider _time;
    private readonly IServer? _server;

    public FileLinks(FileDeliveryOptions options, TimeProvider time, ILogger<FileLinks> logger, IServer? server = null, string? storageConnectionString = null)
    {
        _options = options;
        _time = time;
        _server = server;
        if (string.IsNullOrWhiteSpace(options.SigningKey))
        {
            // Every instance shares the storage account key: a key derived from it signs the same on all of them.
            var accountKey = AccountKey(storageConnectionString);
            _key = accountKey is null
                ? RandomNumberGenerator.GetBytes(32)
                : HMACSHA256.HashData(accountKey, Encoding.UTF8.GetBytes("bitacora:file-links:v1"));
            if (accountKey is null)
            {
                logger.LogWarning("Files:SigningKey is not set and the storage connection string has no AccountKey: download links are signed with a random key and only work on this instance until it restarts (Development only: elsewhere the host refuses to start).");
            }
        }
        else
        {
            _key = Convert.FromBase64String(options.SigningKey);
            if (_key.Length < 32)
            {
                throw new InvalidOperationException("Files:SigningKey must be at least 32 bytes (base64).");
            }
        }
    }

    public TimeSpan Lifetime => _options.LinkLifetime;

    /// <summary>A link to <paramref name="fileId"/> that works until now + <see cref="FileDeliveryOptions.LinkLifetime"/>.</summary>
    public (Uri Url, DateTimeOffset ExpiresAt) Create(string fileId) => Create(fileId, _time.GetUtcNow() + _options.LinkLifetime);

    /// <summary>A link to <paramref name="fileId"/> that works until <paramref name="expires"/> (whole seconds).</summary>
    public (Uri Url, DateTimeOffset ExpiresAt) Create(string fileId, DateTimeOffset expires)
    {
        var seconds = expires.ToUnixTimeSeconds();
        var url = $"{BaseUrl()}{RoutePrefix}{fileId}?vence={seconds.ToString(CultureInfo.InvariantCulture)}&firma={Sign(fileId + "\n" + seconds.ToString(CultureInfo.InvariantCulture))}";
        return (new Uri(url), DateTimeOffset.FromUnixTimeSeconds(seconds));
    }

    public LinkCheck Check(string? fileId, string? expires, string? signature)
    {
        if (!BlobFileStore.IsValidId(fileId) || string.IsNullOrEmpty(signature)
            || !long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || !Matches(fileId + "\n" + expires, signature))
        {
            return LinkCheck.Invalid;
        }
        return _time.GetUtcNow().ToUnixTimeSeconds() >= seconds ? LinkCheck.Expired : LinkCheck.Valid;
    }

    /// <summary>A signature of <paramref name="fileId"/> for one Teams user (file consent context).</summary>
    public string SignFor(string fileId, string userId) => Sign("consent\n" + fileId + "\n" + userId);

    public bool IsSignedFor(string? fileId, string? userId, string? signature) =>
        fileId is not null && userId is not null && signature is not null && Matches("consent\n" + fileId + "\n" + userId, signature);

    private string Sign(string payload) =>
        Base64Url(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(payload)));

    private bool Matches(string payload, string signature)
    {
        var expected = Encoding.ASCII.GetBytes(Sign(payload));
        var given = Encoding.ASCII.GetBytes(signature);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    internal static byte[]? AccountKey(string? connectionString)
    {
        foreach (var part in (connectionString ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=');
            if (eq > 0 && part[..eq].Trim().Equals("AccountKey", StringComparison.OrdinalIgnoreCase))
            {
                try
                {
                    return Convert.FromBase64String(part[(eq + 1)..].Trim());
                }
                catch (FormatException)
                {
                    return null;
                }
            }
        }
        return null;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private string BaseUrl()
    {
        if (!string.IsNullOrWhiteSpace(_options.PublicBaseUrl))
        {
            return _options.PublicBaseUrl.TrimEnd('/');
        }
        var address = _server?.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault(a => a.StartsWith("http", StringComparison.Ordinal));
        if (address is null)
        {
            return "http://localhost";
        }
        return address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal).Replace("://[::]", "://localhost", StringComparison.Ordinal).TrimEnd('/');
    }
}
