using Bitacora.Bot.Files;
using Bitacora.BotFramework;

namespace Bitacora.Bot.Commitments.Evidence;

/// <summary>What became of one attached file: copied, or refused with a Spanish reason.</summary>
public abstract record EvidenceUpload(string Name)
{
    public sealed record Stored(EvidenceFile File) : EvidenceUpload(File.Name);

    public sealed record Refused(string FileName, string Reason) : EvidenceUpload(FileName);
}

/// <summary>
/// Copies files people attach in the 1:1 chat into Blob Storage as evidence (reusable: «Cumplido», the force-majeure
/// request). Teams sends such a file as an attachment <c>application/vnd.microsoft.teams.file.download.info</c> whose
/// content holds a short-lived <c>downloadUrl</c> (needs <c>"supportsFiles": true</c> in the manifest). The URL is an
/// HTTP boundary fed by the client, so: https only, host on <see cref="EvidenceOptions.AllowedDownloadHosts"/>
/// (checked before any request), no redirects followed, size bounded while reading, type from an allow-list
/// (photos, PDF, audio, Office documents) by extension — the server's Content-Type is not trusted.
/// </summary>
public sealed class EvidenceFileService(IHttpClientFactory http, BlobFileStore store, EvidenceOptions options, Chat.CommitmentTexts texts,
    ILogger<EvidenceFileService> logger)
{
    public const string FileDownloadInfo = "application/vnd.microsoft.teams.file.download.info";
    public const string HttpClientName = "Bitacora.Evidence";

    /// <summary>Extension → stored content type: the kinds of «medios de verificación» the DEP seed names.</summary>
    public static readonly IReadOnlyDictionary<string, string> AllowedTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["jpg"] = "image/jpeg", ["jpeg"] = "image/jpeg", ["png"] = "image/png", ["heic"] = "image/heic", ["gif"] = "image/gif",
        ["webp"] = "image/webp", ["pdf"] = "application/pdf",
        ["mp3"] = "audio/mpeg", ["m4a"] = "audio/mp4", ["wav"] = "audio/wav", ["ogg"] = "audio/ogg", ["aac"] = "audio/aac",
        ["docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ["xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ["pptx"] = "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ["doc"] = "application/msword", ["xls"] = "application/vnd.ms-excel", ["ppt"] = "application/vnd.ms-powerpoint",
    };

    /// <summary>The file attachments of a message (Teams' download-info attachments only).</summary>
    public static IReadOnlyList<Attachment> FileAttachments(Activity activity) =>
        (activity.Attachments ?? []).Where(a => string.Equals(a.ContentType, FileDownloadInfo, StringComparison.OrdinalIgnoreCase)).ToList();

    public async Task<EvidenceUpload> StoreAsync(Attachment attachment, CancellationToken ct)
    {
        var name = Clean(attachment.Name);
        var extension = Path.GetExtension(name).TrimStart('.');
        if (!AllowedTypes.TryGetValue(extension, out var contentType))
        {
            return new EvidenceUpload.Refused(name, texts.Format("evidence.refused.type", name));
        }
        var url = attachment.Content?["downloadUrl"]?.ToString();
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !IsAllowed(uri))
        {
            logger.LogWarning("Evidence download refused: host {Host} is not allowed", uri?.Host ?? "(none)");
            return new EvidenceUpload.Refused(name, texts.Format("evidence.refused.source", name));
        }
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            using var response = await http.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            if (!response.IsSuccessStatusCode)
            {
                logger.LogWarning("Evidence download answered {Status}", (int)response.StatusCode);
                return new EvidenceUpload.Refused(name, texts.Format("evidence.refused.download", name));
            }
            if (response.Content.Headers.ContentLength > options.MaxBytes)
            {
                return new EvidenceUpload.Refused(name, TooBig(name));
            }
            var bytes = await ReadBoundedAsync(response.Content, ct);
            if (bytes is null)
            {
                return new EvidenceUpload.Refused(name, TooBig(name));
            }
            var stored = await store.SaveAsync(FileAreas.Evidence, name, contentType, bytes, ct);
            return new EvidenceUpload.Stored(new EvidenceFile(stored.Id, name, contentType, stored.Size));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            logger.LogWarning(e, "Evidence download failed");
            return new EvidenceUpload.Refused(name, texts.Format("evidence.refused.download", name));
        }
    }

    /// <summary>https (http only when configured for tests) to a host of the allow-list; never userinfo tricks.</summary>
    public bool IsAllowed(Uri uri)
    {
        if (!(uri.Scheme == Uri.UriSchemeHttps || (options.AllowInsecureDownloads && uri.Scheme == Uri.UriSchemeHttp))
            || uri.UserInfo.Length > 0)
        {
            return false;
        }
        var host = uri.IdnHost.TrimEnd('.').ToLowerInvariant();
        return options.AllowedDownloadHosts.Any(pattern =>
        {
            var p = pattern.Trim().ToLowerInvariant();
            return p.StartsWith("*.", StringComparison.Ordinal)
                ? host.EndsWith(p[1..], StringComparison.Ordinal) && host.Length > p.Length - 1
                : host == p;
        });
    }

    private string TooBig(string name) =>
        texts.Format("evidence.refused.size", name, (options.MaxBytes / (1024 * 1024.0)).ToString("0.#", Texts.TextCatalog.Culture));

    private async Task<byte[]?> ReadBoundedAsync(HttpContent content, CancellationToken ct)
    {
        await using var stream = await content.ReadAsStreamAsync(ct);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > options.MaxBytes)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static string Clean(string? name)
    {
        var file = Path.GetFileName((name ?? "").Replace('\\', '/'));
        file = new string(file.Where(c => !char.IsControl(c)).ToArray()).Trim();
        return file.Length == 0 ? "archivo" : file.Length > 150 ? file[^150..] : file;
    }

}
