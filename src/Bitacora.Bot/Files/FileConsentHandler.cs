using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Bitacora.BotFramework;

namespace Bitacora.Bot.Files;

/// <summary>
/// Answers Teams' <c>fileConsent/invoke</c> (the person clicked «Permitir» / «Rechazar» on a file consent card). Accept:
/// the stored file is PUT to the OneDrive upload URL Teams gave (one request with Content-Range) and a file info card
/// is sent; decline: a short message. The context must carry a signature for the clicking user, so nobody uploads a
/// file that was offered to someone else. The invoke is always answered 200 (Teams shows its own error otherwise).
/// </summary>
public sealed class FileConsentHandler(
    BlobFileStore store,
    FileLinks links,
    FileDeliveryOptions options,
    FileTexts texts,
    IHttpClientFactory http,
    ILogger<FileConsentHandler> logger)
{
    public const string InvokeName = "fileConsent/invoke";
    public const string HttpClientName = "Bitacora.Files.Upload";
    public const string FileInfoContentType = "application/vnd.microsoft.teams.card.file.info";

    public async Task<InvokeResponse> HandleAsync(ITurnContext turn, CancellationToken ct)
    {
        var value = turn.Activity.Value as JsonObject;
        var action = value?["action"]?.ToString();
        var context = value?["context"] as JsonObject;
        var fileId = context?["fileId"]?.ToString();
        var signature = context?["signature"]?.ToString();
        if (!links.IsSignedFor(fileId, turn.Activity.From?.Id, signature))
        {
            logger.LogWarning("fileConsent/invoke with a context not signed for {User}", turn.Activity.From?.Id);
            await turn.SendTextAsync(texts[FileTexts.ConsentNotYours], ct);
            return new InvokeResponse(200);
        }

        var file = await store.GetAsync(fileId!, ct);
        var name = file?.File.FileName ?? value?["uploadInfo"]?["name"]?.ToString() ?? "";
        if (action == "decline")
        {
            await turn.SendTextAsync(texts.Format(FileTexts.ConsentDeclined, name), ct);
            return new InvokeResponse(200);
        }
        if (action != "accept" || value?["uploadInfo"] is not JsonObject upload)
        {
            return new InvokeResponse(400);
        }
        if (file is null)
        {
            await turn.SendTextAsync(texts.Format(FileTexts.ConsentGone, name), ct);
            return new InvokeResponse(200);
        }

        if (!Uri.TryCreate(upload["uploadUrl"]?.ToString(), UriKind.Absolute, out var uploadUrl)
            || !(uploadUrl.Scheme == Uri.UriSchemeHttps || (options.AllowInsecureUploadUrls && uploadUrl.Scheme == Uri.UriSchemeHttp)))
        {
            logger.LogWarning("fileConsent/invoke without a usable uploadUrl");
            await turn.SendTextAsync(texts.Format(FileTexts.ConsentFailed, file.File.FileName), ct);
            return new InvokeResponse(200);
        }

        try
        {
            using var content = new ByteArrayContent(file.Content);
            content.Headers.ContentLength = file.Content.LongLength;
            content.Headers.ContentRange = new ContentRangeHeaderValue(0, file.Content.LongLength - 1, file.Content.LongLength);
            using var response = await http.CreateClient(HttpClientName).PutAsync(uploadUrl, content, ct);
            if (!response.IsSuccessStatusCode)
            {
                logger.LogWarning("Upload of {File} to OneDrive answered {Status}", file.File.Id, (int)response.StatusCode);
                await turn.SendTextAsync(texts.Format(FileTexts.ConsentFailed, file.File.FileName), ct);
                return new InvokeResponse(200);
            }
        }
        catch (HttpRequestException e)
        {
            logger.LogWarning(e, "Upload of {File} to OneDrive failed", file.File.Id);
            await turn.SendTextAsync(texts.Format(FileTexts.ConsentFailed, file.File.FileName), ct);
            return new InvokeResponse(200);
        }

        await turn.SendActivityAsync(new Activity
        {
            Type = ActivityTypes.Message,
            Text = texts.Format(FileTexts.ConsentUploaded, file.File.FileName),
            Attachments =
            [
                new Attachment
                {
                    ContentType = FileInfoContentType,
                    ContentUrl = upload["contentUrl"]?.ToString(),
                    Name = upload["name"]?.ToString() ?? file.File.FileName,
                    Content = new JsonObject
                    {
                        ["uniqueId"] = upload["uniqueId"]?.ToString(),
                        ["fileType"] = upload["fileType"]?.ToString() ?? Path.GetExtension(file.File.FileName).TrimStart('.'),
                    },
                },
            ],
        }, ct);
        return new InvokeResponse(200);
    }
}
