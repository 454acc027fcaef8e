using System.Text.Json.Nodes;
using Bitacora.Bot.Cards;
using Bitacora.Bot.Commitments.Chat;
using Bitacora.Bot.Files;
using Bitacora.Bot.Hosting;
using Bitacora.BotFramework;

namespace Bitacora.Bot.Commitments.Evidence;

/// <summary>
/// A file sent to Bitácora in the 1:1 chat: copied as evidence (<see cref="EvidenceFileService"/>), then a card asks
/// which of the sender's open commitments it belongs to («Adjuntar a este compromiso», signed for the sender so the
/// button cannot attach files to someone else's name). Refusals (type, size, source) are said in Spanish.
/// </summary>
public sealed class EvidenceMessageHandler(EvidenceFileService files, CommitmentStore store, CommitmentViews views, CardCatalog cards,
    FileLinks links, EvidenceOptions options) : IIncomingFilesHandler
{
    public const string Template = "evidence-received";

    public async Task<bool> TryHandleAsync(ITurnContext turn, CancellationToken cancellationToken)
    {
        var attachments = EvidenceFileService.FileAttachments(turn.Activity);
        if (attachments.Count == 0)
        {
            return false;
        }
        var texts = views.Texts;
        if (turn.Activity.Conversation?.ConversationType is { } type && type != "personal")
        {
            await turn.SendTextAsync(texts["evidence.personalOnly"], cancellationToken);
            return true;
        }
        var stored = new List<EvidenceFile>();
        var refused = new List<string>();
        foreach (var attachment in attachments.Take(options.MaxFilesPerCommitment))
        {
            switch (await files.StoreAsync(attachment, cancellationToken))
            {
                case EvidenceUpload.Stored s:
                    stored.Add(s.File);
                    break;
                case EvidenceUpload.Refused r:
                    refused.Add(r.Reason);
                    break;
            }
        }
        var open = stored.Count == 0 ? [] : await MyCommitmentsCommand.OpenOfSenderAsync(store, turn, cancellationToken);
        var payload = Payload(stored);
        var signature = links.SignFor(payload, turn.Activity.From?.Id ?? "");
        var items = new JsonArray();
        foreach (var c in open)
        {
            items.Add(new JsonObject
            {
                ["id"] = c.Id,
                ["what"] = c.What,
                ["unitName"] = await views.UnitNameAsync(c.Unit, cancellationToken),
                ["dateText"] = CommitmentViews.DateText(c.AccountabilityDate),
                ["files"] = payload,
                ["sig"] = signature,
            });
        }
        var card = cards.Render(Template, new JsonObject
        {
            ["title"] = stored.Count > 0 ? texts["evidence.received"] : texts["evidence.noneReceived"],
            ["files"] = new JsonArray(stored.Select(f => (JsonNode)new JsonObject { ["text"] = FileLine(f) }).ToArray()),
            ["refused"] = new JsonArray(refused.Select(r => (JsonNode)new JsonObject { ["text"] = r }).ToArray()),
            ["intro"] = stored.Count == 0 ? "" : open.Count == 0 ? texts["evidence.noOpen"] : texts["evidence.which"],
            ["items"] = items,
        });
        await turn.SendActivityAsync(Activity.CreateCard(card), cancellationToken);
        return true;
    }

    /// <summary>«acta.pdf (1,2 MB)».</summary>
    public static string FileLine(EvidenceFile f) =>
        $"{f.Name} ({(f.Size >= 1024 * 1024 ? (f.Size / (1024 * 1024.0)).ToString("0.#", Texts.TextCatalog.Culture) + " MB" : Math.Max(1, f.Size / 1024) + " KB")})";

    /// <summary>The stored files as the button carries them: "id|size|contentType|name" joined by newlines.</summary>
    public static string Payload(IEnumerable<EvidenceFile> files) =>
        string.Join('\n', files.Select(f => string.Join('|', f.FileId, f.Size.ToString(System.Globalization.CultureInfo.InvariantCulture),
            f.ContentType, f.Name.Replace('|', '/').Replace('\n', ' '))));

    public static IReadOnlyList<EvidenceFile> ParsePayload(string payload) =>
        payload.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split('|', 4)).Where(p => p.Length == 4
                && BlobFileStore.IsValidId(p[0]) && long.TryParse(p[1], System.Globalization.CultureInfo.InvariantCulture, out _))
            .Select(p => new EvidenceFile(p[0], p[3], p[2], long.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture))).ToList();
}
