using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Bitacora.Bot.Files;
using Bitacora.Bot.Hosting;
using Bitacora.Bot.Tests.Infrastructure;
using Bitacora.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bitacora.Bot.Tests.Files;

/// <summary>
/// <see cref="IFileDelivery"/> through the real pipeline: the file goes to Azurite's blob service, the «Descargar» card
/// links to the bot's signed endpoint (checked against the FakeTimeProvider), a 1:1 chat also gets Teams' file consent
/// card whose accept PUTs the file to the (fake) OneDrive upload URL, and the retention sweep deletes old files.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class FileDeliveryTests(AzuriteFixture azurite)
{
    private const string FileName = "compromisos-16-1.csv";
    private static readonly byte[] Content = Encoding.UTF8.GetBytes("\uFEFFUnidad;Compromiso\r\nJardín Los Aromos;Plan de lectura\r\n");

    /// <summary>«archivo de prueba»: delivers <see cref="Content"/> like a feature would.</summary>
    private sealed class DeliverTestFileCommand(IFileDelivery delivery) : IBotCommand, IBotCommandNames
    {
        public static IReadOnlyList<string> Names { get; } = ["archivo de prueba"];

        public Bitacora.Bot.Hosting.Authorization.AccessRule Rule => Bitacora.Bot.Hosting.Authorization.AccessRule.Anyone;

        public Task HandleAsync(CommandContext context, CancellationToken cancellationToken) =>
            delivery.DeliverAsync(context.Turn, FileName, "text/csv; charset=utf-8", Content, "Compromisos del territorio 16-1", cancellationToken);
    }

    private Task<BotPipeline> StartAsync() => BotPipeline.StartAsync(azurite,
        services => services.AddBotCommand<DeliverTestFileCommand>(),
        new Dictionary<string, string?> { ["Files:AllowInsecureUploadUrls"] = "true", ["Files:LinkLifetime"] = "00:15:00" });

    private static async Task<IReadOnlyList<ConnectorCall>> AskAsync(BotPipeline bot, Conversation conversation, int expected, string user = "29:user-1")
    {
        var before = bot.Connector.Calls.Count(c => c.ConversationId == conversation.Id && c.Method == "POST");
        var response = await bot.PostAsync(bot.Message(conversation, "archivo de prueba", user));
        Assert.True(response.IsSuccessStatusCode);
        await bot.Connector.WaitForAsync(_ => bot.Connector.Calls.Count(c => c.ConversationId == conversation.Id && c.Method == "POST") >= before + expected);
        return bot.Connector.Calls.Where(c => c.ConversationId == conversation.Id && c.Method == "POST").Skip(before).ToList();
    }

    private static string DownloadUrl(JsonObject card) =>
        card["actions"]!.AsArray().OfType<JsonObject>().Single(a => a["title"]!.GetValue<string>() == "Descargar")["url"]!.GetValue<string>();

    private static string PathAndQuery(string url) => new Uri(url).PathAndQuery;

    [Fact]
    public async Task The_descargar_link_downloads_the_file_until_it_expires_then_shows_a_spanish_page()
    {
        await using var bot = await StartAsync();

        var sent = await AskAsync(bot, Conversation.Group(), expected: 1);

        var card = Assert.Single(sent).Card!;
        var text = card.ToJsonString();
        Assert.Contains("Tu archivo está listo", card["body"]!.ToJsonString(new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        Assert.Contains(FileName, text);
        // 13:00 UTC on 2026-05-04 is 09:00 in Santiago; 15 minutes later.
        Assert.Contains("09:15", text);
        var url = DownloadUrl(card);
        Assert.Matches(@"/archivos/temporal/\d{14}-[0-9a-f]{32}\?vence=\d+&firma=[A-Za-z0-9_-]{43}$", url);

        var download = await bot.Client.GetAsync(PathAndQuery(url));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(Content, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal(FileName, download.Content.Headers.ContentDisposition.FileNameStar);
        Assert.Equal("no-store", download.Headers.CacheControl!.ToString());

        // A different expiry (extending the link) or signature is refused: the signature binds both.
        var later = System.Text.RegularExpressions.Regex.Replace(url, @"vence=(\d+)", m => "vence=" + (long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + 86400));
        var forged = await bot.Client.GetAsync(PathAndQuery(later));
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Contains("Enlace no válido", await forged.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await bot.Client.GetAsync(PathAndQuery(url[..^2] + "xx"))).StatusCode);

        bot.Time.Advance(TimeSpan.FromMinutes(15));
        var expired = await bot.Client.GetAsync(PathAndQuery(url));
        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
        Assert.Equal("text/html", expired.Content.Headers.ContentType!.MediaType);
        var page = await expired.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"es-CL\">", page);
        Assert.Contains("El enlace venció", page);
        Assert.Contains("pide el archivo de nuevo", page);
        Assert.DoesNotContain("Plan de lectura", page);
    }

    [Fact]
    public async Task In_a_personal_chat_accepting_the_file_consent_uploads_the_file_and_sends_a_file_info_card()
    {
        await using var bot = await StartAsync();
        var chat = Conversation.Personal("a:dm-files");

        var sent = await AskAsync(bot, chat, expected: 2);

        Assert.Contains("OneDrive", sent[0].Card!.ToJsonString());
        var consent = sent[1].Activity!["attachments"]![0]!.AsObject();
        Assert.Equal("application/vnd.microsoft.teams.card.file.consent", consent["contentType"]!.GetValue<string>());
        Assert.Equal(FileName, consent["name"]!.GetValue<string>());
        Assert.Equal(Content.Length, consent["content"]!["sizeInBytes"]!.GetValue<long>());
        var acceptContext = consent["content"]!["acceptContext"]!.DeepClone();

        var invoke = FileConsent(bot, chat, "accept", acceptContext, bot.Connector.UploadUrl(FileName));
        var response = await bot.PostAsync(invoke);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var upload = Assert.Single(bot.Connector.Uploads);
        Assert.Equal(Content, upload.Content);
        Assert.Equal($"bytes 0-{Content.Length - 1}/{Content.Length}", upload.ContentRange);
        var info = await bot.Connector.WaitForAsync(c => c.ConversationId == chat.Id
            && c.Activity?["attachments"]?[0]?["contentType"]?.GetValue<string>() == FileConsentHandler.FileInfoContentType);
        var attachment = info.Activity!["attachments"]![0]!;
        Assert.Equal("https://contoso.sharepoint.com/personal/alex/Documents/Applications/" + FileName, attachment["contentUrl"]!.GetValue<string>());
        Assert.Equal("1150D938-8870-4044-9F2C-5BBDEBA70C8C", attachment["content"]!["uniqueId"]!.GetValue<string>());
        Assert.Equal("csv", attachment["content"]!["fileType"]!.GetValue<string>());
    }

    [Fact]
    public async Task Declining_sends_a_message_and_a_context_offered_to_someone_else_uploads_nothing()
    {
        await using var bot = await StartAsync();
        var chat = Conversation.Personal("a:dm-files-2");
        var sent = await AskAsync(bot, chat, expected: 2);
        var context = sent[1].Activity!["attachments"]![0]!["content"]!["acceptContext"]!.DeepClone();

        var stranger = FileConsent(bot, chat, "accept", context.DeepClone(), bot.Connector.UploadUrl(FileName), user: "29:someone-else");
        Assert.Equal(HttpStatusCode.OK, (await bot.PostAsync(stranger)).StatusCode);
        await bot.Connector.WaitForAsync(c => c.ConversationId == chat.Id && c.Text?.Contains("otra persona") == true);
        Assert.Empty(bot.Connector.Uploads);

        var decline = FileConsent(bot, chat, "decline", context, uploadUrl: null);
        Assert.Equal(HttpStatusCode.OK, (await bot.PostAsync(decline)).StatusCode);
        var message = await bot.Connector.WaitForAsync(c => c.ConversationId == chat.Id && c.Text?.Contains("no guardé") == true);
        Assert.Contains(FileName, message.Text);
        Assert.Empty(bot.Connector.Uploads);
    }

    [Fact]
    public async Task The_retention_sweep_deletes_delivered_files_older_than_the_retention_and_keeps_newer_ones()
    {
        await using var bot = await StartAsync();
        var store = bot.Get<BlobFileStore>();
        var links = bot.Get<FileLinks>();
        var old = await store.SaveAsync(FileAreas.Temporary, "viejo.csv", "text/csv", Content, default);
        var evidence = await store.SaveAsync(FileAreas.Evidence, "acta.pdf", "application/pdf", Content, default);
        bot.Time.Advance(TimeSpan.FromDays(1));
        var recent = await store.SaveAsync(FileAreas.Temporary, "nuevo.csv", "text/csv", Content, default);
        bot.Time.Advance(TimeSpan.FromDays(1.5)); // old: 2.5 days, recent: 1.5 days; retention 2 days

        var deleted = await bot.Get<FileRetentionJob>().RunAsync(default);

        Assert.Equal(1, deleted);
        Assert.Null(await store.GetAsync(old.Id, default));
        Assert.NotNull(await store.GetAsync(recent.Id, default));
        Assert.NotNull(await store.GetAsync(evidence.Id, default)); // evidence is not a temporary delivery
        var gone = await bot.Client.GetAsync(links.Create(old.Id).Url.PathAndQuery);
        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        Assert.Contains("ya no está disponible", await gone.Content.ReadAsStringAsync());
    }

    [Fact]
    public void Two_instances_on_the_same_storage_account_accept_each_others_links_and_another_account_does_not()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 5, 4, 13, 0, 0, TimeSpan.Zero));
        FileLinks Instance(string connection) => new(new FileDeliveryOptions(), time,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<FileLinks>.Instance, null, connection);
        var id = "temporal/20260504130000-" + new string('a', 32);

        var (url, _) = Instance(azurite.ConnectionString).Create(id);
        var query = System.Web.HttpUtility.ParseQueryString(url.Query);

        Assert.Equal(LinkCheck.Valid, Instance(azurite.ConnectionString).Check(id, query["vence"], query["firma"]));
        var otherAccount = "DefaultEndpointsProtocol=https;AccountName=otra;AccountKey=" + Convert.ToBase64String(new byte[64]) + ";";
        Assert.Equal(LinkCheck.Invalid, Instance(otherAccount).Check(id, query["vence"], query["firma"]));
    }

    private static JsonObject FileConsent(BotPipeline bot, Conversation chat, string action, JsonNode context, string? uploadUrl, string user = "29:user-1")
    {
        var invoke = bot.Activity("invoke", chat, user);
        invoke["name"] = "fileConsent/invoke";
        var value = new JsonObject { ["type"] = "fileUpload", ["action"] = action, ["context"] = context };
        if (uploadUrl is not null)
        {
            value["uploadInfo"] = new JsonObject
            {
                ["contentUrl"] = "https://contoso.sharepoint.com/personal/alex/Documents/Applications/" + FileName,
                ["name"] = FileName,
                ["uploadUrl"] = uploadUrl,
                ["uniqueId"] = "1150D938-8870-4044-9F2C-5BBDEBA70C8C",
                ["fileType"] = "csv",
                ["etag"] = "123",
            };
        }
        invoke["value"] = value;
        return invoke;
    }
}
