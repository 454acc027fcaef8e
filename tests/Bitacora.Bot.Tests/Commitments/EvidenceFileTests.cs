using System.Globalization;
using System.Text.Json.Nodes;
using Bitacora.Bot.Commitments;
using Bitacora.Bot.Files;
using Bitacora.Bot.Tests.Hosting;
using Bitacora.Bot.Tests.Infrastructure;
using Bitacora.Testing;
using Microsoft.AspNetCore.Http;

namespace Bitacora.Bot.Tests.Commitments;

/// <summary>
/// Evidence files through the real pipeline: a file attached in the 1:1 chat arrives as Teams' download-info attachment
/// (shape from Microsoft's «Send and receive files using bot»); its downloadUrl is served by a loopback fake (the only
/// allowed host here), the bytes land in Azurite's Blob Storage, the sender attaches them to their commitment and
/// «Cumplido» accepts them as evidence. Type, size and host are bounded with Spanish refusals.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class EvidenceFileTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Unit = "junji:16101001";
    private static readonly Conversation AdelePersonal = Conversation.Personal("a:personal-29:adele");
    private static readonly byte[] Pdf = [.. "%PDF-1.7\nacta firmada\n%%EOF"u8];

    private BotPipeline _bot = null!;
    private LoopbackServer _oneDrive = null!;
    private int _downloads;
    private Commitment _commitment = null!;

    public async Task InitializeAsync()
    {
        _oneDrive = await LoopbackServer.StartAsync(async http =>
        {
            Interlocked.Increment(ref _downloads);
            switch (http.Request.Path.Value)
            {
                case "/acta.pdf":
                    http.Response.ContentType = "application/octet-stream";
                    await http.Response.Body.WriteAsync(Pdf);
                    break;
                case "/grande.pdf":
                    await http.Response.Body.WriteAsync(new byte[4096]); // over the 2 KB limit of this test, no Content-Length
                    break;
                case "/redirige.pdf":
                    http.Response.Redirect("http://example.org/acta.pdf");
                    break;
                default:
                    http.Response.StatusCode = StatusCodes.Status404NotFound;
                    break;
            }
        });
        _bot = await BotPipeline.StartAsync(azurite, settings: new Dictionary<string, string?>
        {
            ["Evidence:AllowedDownloadHosts:0"] = "127.0.0.1",
            ["Evidence:AllowInsecureDownloads"] = "true",
            ["Evidence:MaxBytes"] = "2048",
        });
        await _bot.RegisterUnitAsync(Unit, "Jardín Infantil Los Copihues", "16-1");
        await _bot.RegisterAsync("29:adele", "Adele Vance", TestPeople.DirectiveOf(Unit), "16-1");
        _commitment = await _bot.Get<CommitmentService>().CreateAsync(new NewCommitment(Unit, "Actualizar el PEI",
            new PersonRef("aad-29:adele", "Adele Vance", "29:adele", "aad-29:adele"), NodaTime.LocalDate.FromDateTime(new DateTime(2026, 5, 11)),
            "Acta", new CommitmentOrigin("chat:19:g", "19:g")), new PersonRef("aad-a", "Asesora"), default);
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _oneDrive.DisposeAsync();
    }

    private static string Text(JsonNode? node) => node?.ToJsonString(Json.Unescaped) ?? "";

    /// <summary>A 1:1 message with a file, as Teams sends it when the manifest says supportsFiles.</summary>
    private async Task<JsonNode> SendFileAsync(string name, string downloadUrl, string user = "29:adele", string userName = "Adele Vance")
    {
        var activity = _bot.Message(AdelePersonal, "", user, userName);
        activity["attachments"] = new JsonArray(new JsonObject
        {
            ["contentType"] = "application/vnd.microsoft.teams.file.download.info",
            ["contentUrl"] = "https://contoso.sharepoint.com/personal/adele/Documents/Applications/" + name,
            ["name"] = name,
            ["content"] = new JsonObject
            {
                ["downloadUrl"] = downloadUrl, ["uniqueId"] = Guid.NewGuid().ToString(), ["fileType"] = Path.GetExtension(name).TrimStart('.'),
                ["etag"] = "1",
            },
        });
        var seen = _bot.Connector.Calls.ToHashSet(ReferenceEqualityComparer.Instance);
        await _bot.PostAsync(activity);
        return (await _bot.Connector.WaitForAsync(c => !seen.Contains(c) && c.ConversationId == AdelePersonal.Id && c.Card is not null)).Card!;
    }

    private static JsonObject AttachButton(JsonNode card) =>
        card["body"]!.AsArray().OfType<JsonObject>().Where(e => e["type"]?.GetValue<string>() == "Container")
            .SelectMany(c => c["items"]!.AsArray()).OfType<JsonObject>().Where(i => i["type"]?.GetValue<string>() == "ActionSet")
            .Select(a => a["actions"]![0]!["data"]!.AsObject()).Single();

    [Fact]
    public async Task A_file_sent_in_the_personal_chat_is_copied_attached_to_the_commitment_and_counts_as_evidence_for_Cumplido()
    {
        var received = await SendFileAsync("acta.pdf", _oneDrive.BaseUrl + "/acta.pdf");
        Assert.Contains("Archivo de evidencia recibido", Text(received));
        var button = AttachButton(received);
        Assert.Equal(_commitment.Id, button["commitmentId"]!.GetValue<string>());

        var attached = Text((await _bot.InvokeAsync(_bot.Execute(AdelePersonal, "commitment.attach", (JsonObject)button.DeepClone(), "ev-1",
            "29:adele", "Adele Vance")))["value"]);
        Assert.Contains("Archivo adjuntado como evidencia", attached);
        Assert.Contains("acta.pdf", attached);

        var stored = (await _bot.Get<CommitmentService>().GetAsync(_commitment.Id, default))!;
        var file = Assert.Single(stored.EvidenceFiles);
        Assert.Equal(("acta.pdf", "application/pdf", (long)Pdf.Length), (file.Name, file.ContentType, file.Size));
        Assert.StartsWith(FileAreas.Evidence + "/", file.FileId);
        Assert.Equal(Pdf, (await _bot.Get<BlobFileStore>().GetAsync(file.FileId, default))!.Content);

        // «Cumplido» with neither text nor link: the file is the evidence.
        var done = Text((await _bot.InvokeAsync(_bot.Execute(AdelePersonal, "commitment.done", new JsonObject
        {
            ["commitmentId"] = stored.Id, ["version"] = stored.Version.ToString(CultureInfo.InvariantCulture), ["kind"] = "",
        }, "ev-2", "29:adele", "Adele Vance")))["value"]);
        Assert.Contains("Compromiso cumplido", done);
        Assert.Equal(CommitmentStatus.Cumplido, (await _bot.Get<CommitmentService>().GetAsync(_commitment.Id, default))!.Status);
    }

    [Fact]
    public async Task A_file_that_is_too_big_of_a_refused_type_from_another_host_or_redirected_is_refused_in_Spanish()
    {
        Assert.Contains("supera el máximo", Text(await SendFileAsync("grande.pdf", _oneDrive.BaseUrl + "/grande.pdf")));
        var before = _downloads;
        Assert.Contains("solo se aceptan fotos", Text(await SendFileAsync("programa.exe", _oneDrive.BaseUrl + "/acta.pdf")));
        Assert.Contains("solo descargo archivos adjuntos en Teams",
            Text(await SendFileAsync("acta.pdf", "http://169.254.169.254/latest/meta-data")));
        Assert.Contains("solo descargo archivos adjuntos en Teams",
            Text(await SendFileAsync("acta.pdf", "https://127.0.0.1.attacker.example/acta.pdf")));
        Assert.Equal(before, _downloads); // refused before any request
        Assert.Contains("no se pudo descargar", Text(await SendFileAsync("acta.pdf", _oneDrive.BaseUrl + "/redirige.pdf")));
        Assert.Empty((await _bot.Get<CommitmentService>().GetAsync(_commitment.Id, default))!.EvidenceFiles);
    }

    [Fact]
    public async Task The_attach_button_only_works_for_the_person_the_file_came_from()
    {
        await _bot.RegisterAsync("29:user-1", "Alex Wilber", TestPeople.Adviser, "16-1");
        var button = AttachButton(await SendFileAsync("acta.pdf", _oneDrive.BaseUrl + "/acta.pdf"));

        var response = await _bot.InvokeAsync(_bot.Execute(Conversation.Personal("a:alex"), "commitment.attach", (JsonObject)button.DeepClone(),
            "ev-3", "29:user-1", "Alex Wilber"));

        Assert.Contains("no es válido para ti", Text(response));
        Assert.Empty((await _bot.Get<CommitmentService>().GetAsync(_commitment.Id, default))!.EvidenceFiles);
    }
}
