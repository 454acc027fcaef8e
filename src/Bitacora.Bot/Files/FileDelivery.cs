using System.Text.Json.Nodes;
using Bitacora.Bot.Cards;
using Bitacora.Bot.Sessions.Flow;
using Bitacora.BotFramework;

namespace Bitacora.Bot.Files;

/// <summary>What <see cref="IFileDelivery.DeliverAsync"/> stored and sent.</summary>
public sealed record DeliveredFile(StoredFile File, Uri Link, DateTimeOffset LinkExpiresAt, bool ConsentOffered);

/// <summary>
/// Hands a generated file to the person in the conversation of <paramref name="turn"/>: stored in Blob Storage (temporary
/// area, swept after Files:Retention), a card with a «Descargar» button that opens a short-lived signed link (works in
/// every scope, the Playground included), and in a 1:1 chat also Teams' file consent card (the file lands in OneDrive).
/// </summary>
public interface IFileDelivery
{
    Task<DeliveredFile> DeliverAsync(ITurnContext turn, string fileName, string contentType, byte[] content,
        string? description = null, CancellationToken cancellationToken = default);
}

public sealed class FileDelivery(BlobFileStore store, FileLinks links, FileDeliveryOptions options, FileTexts texts, CardCatalog cards) : IFileDelivery
{
    public const string Template = "file-download";
    public const string FileConsentContentType = "application/vnd.microsoft.teams.card.file.consent";

    public async Task<DeliveredFile> DeliverAsync(ITurnContext turn, string fileName, string contentType, byte[] content,
        string? description = null, CancellationToken cancellationToken = default)
    {
        if (content.Length > options.MaxBytes)
        {
            throw new InvalidOperationException($"File {fileName} has {content.Length} bytes, more than Files:MaxBytes ({options.MaxBytes}).");
        }
        var stored = await store.SaveAsync(FileAreas.Temporary, fileName, contentType, content, cancellationToken);
        var (url, expires) = links.Create(stored.Id);
        var consent = options.OfferFileConsent && turn.Activity.Conversation?.ConversationType == "personal"
                      && turn.Activity.From?.Id is { Length: > 0 };

        var local = TimeZoneInfo.ConvertTime(expires, ChileTime.Zone);
        var card = cards.Render(Template, new JsonObject
        {
            ["title"] = texts[FileTexts.CardTitle],
            ["description"] = description ?? "",
            ["fileLabel"] = texts[FileTexts.CardFile],
            ["fileName"] = fileName,
            ["sizeLabel"] = texts[FileTexts.CardSize],
            ["size"] = texts.Size(content.LongLength),
            ["expires"] = texts.Format(FileTexts.CardExpires, local.ToString("HH:mm", ChileTime.Culture),
                ((int)Math.Round(links.Lifetime.TotalMinutes)).ToString(ChileTime.Culture)),
            ["consentHint"] = consent ? texts[FileTexts.CardConsentHint] : "",
            ["button"] = texts[FileTexts.CardButton],
            ["url"] = url.ToString(),
        });
        await turn.SendActivityAsync(Activity.CreateCard(card), cancellationToken);

        if (consent)
        {
            var context = new JsonObject
            {
                ["fileId"] = stored.Id,
                ["signature"] = links.SignFor(stored.Id, turn.Activity.From!.Id!),
            };
            await turn.SendActivityAsync(new Activity
            {
                Type = ActivityTypes.Message,
                Attachments =
                [
                    new Attachment
                    {
                        ContentType = FileConsentContentType,
                        Name = fileName,
                        Content = new JsonObject
                        {
                            ["description"] = texts.Format(FileTexts.ConsentDescription, description ?? fileName),
                            ["sizeInBytes"] = content.LongLength,
                            ["acceptContext"] = context,
                            ["declineContext"] = context.DeepClone(),
                        },
                    },
                ],
            }, cancellationToken);
        }
        return new DeliveredFile(stored, url, expires, consent);
    }
}
