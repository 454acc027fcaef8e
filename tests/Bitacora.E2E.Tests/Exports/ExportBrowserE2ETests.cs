using System.Text.Json.Nodes;
using Bitacora.Bot.Commitments;
using Bitacora.Bot.Files;
using Bitacora.Bot.Sessions.Flow;
using Bitacora.E2E.Tests.Bot;
using Bitacora.E2E.Tests.Infrastructure;
using Bitacora.Testing;
using Bitacora.Testing.Playground;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NodaTime;

namespace Bitacora.E2E.Tests.Exports;

/// <summary>
/// Issue 14 as a coordinator does it, in the Agents Playground UI (headless Chromium) with the real bot behind it:
/// «exportar» → the card → «Descargar» → Chromium downloads the .xlsx, which python3 + openpyxl reads; an expired link
/// opens the Spanish page; an adviser without the coordinator role gets no link.
/// </summary>
[Collection(E2ECollection.Name)]
[Trait("Category", BotE2E.Category)]
public sealed class ExportBrowserE2ETests(BotHostFixture e2e)
{
    private const float Wait = 30_000;

    [Fact(Skip = BotE2E.PendingReason)]
    public async Task Exportar_then_Descargar_downloads_the_xlsx_in_chromium_and_an_expired_link_shows_the_spanish_page()
    {
        // One commitment of territory 16-1 this year, whose text tries a formula injection.
        var year = e2e.Services.GetRequiredService<ChileTime>().Today.Year;
        var what = $"=HYPERLINK(\"http://evil.example\",\"Acta {Guid.NewGuid():N}\")";
        await e2e.Services.GetRequiredService<CommitmentService>().CreateAsync(new NewCommitment("rbd:41201", what,
            new PersonRef("p-veronica", "Verónica Lagos Orellana"), new LocalDate(year, 6, 30), "Acta firmada",
            new CommitmentOrigin("s-e2e", e2e.Config.PersonalChat.Id)), new PersonRef("aad-alex", "Alex Wilber"), default);

        await using var browser = await PlaygroundBrowser.LaunchAsync();
        try
        {
            await browser.OpenAsync(e2e.Playground.BaseUri);
            await browser.SendMessageAsync($"exportar periodo {year}");

            var card = browser.Cards("Tu archivo está listo").Last;
            await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = Wait });
            await Assertions.Expect(card).ToContainTextAsync($"bitacora-territorio-16-1-{year}.xlsx");
            await browser.ScreenshotAsync(card, "bitacora-exportar-descargar-card");

            // «Descargar» is an Action.OpenUrl: the Playground opens it in a new tab, whose response is an attachment.
            var download = new TaskCompletionSource<IDownload>(TaskCreationOptions.RunContinuationsAsynchronously);
            browser.Page.Download += (_, d) => download.TrySetResult(d);
            browser.Page.Context.Page += (_, page) => page.Download += (_, d) => download.TrySetResult(d);
            // Adaptive Cards render an Action.OpenUrl with the ARIA role "link".
            await card.GetByRole(AriaRole.Link, new() { Name = "Descargar", Exact = true }).First.ClickAsync(new() { Timeout = Wait });
            var file = await download.Task.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal($"bitacora-territorio-16-1-{year}.xlsx", file.SuggestedFilename);
            var path = await file.PathAsync();
            var book = await PythonReader.ReadXlsxAsync(await File.ReadAllBytesAsync(path));
            var commitments = book["sheets"]!.AsArray().OfType<JsonObject>().First(s => s["title"]!.GetValue<string>() == "Compromisos");
            var cell = commitments["rows"]!.AsArray().SelectMany(r => r!.AsArray()).OfType<JsonObject>()
                .Single(c => c["value"]?.ToString() == what);
            Assert.Equal("s", cell["type"]!.GetValue<string>());

            // A link past its time opens a Spanish page, not the file.
            var store = e2e.Services.GetRequiredService<BlobFileStore>();
            var stored = await store.SaveAsync(FileAreas.Temporary, "viejo.xlsx", "application/octet-stream", [1, 2, 3], default);
            var (expired, _) = e2e.Services.GetRequiredService<FileLinks>().Create(stored.Id, DateTimeOffset.UtcNow.AddMinutes(-1));
            var tab = await browser.Page.Context.NewPageAsync();
            var response = await tab.GotoAsync(expired.ToString());
            Assert.Equal(410, response!.Status);
            await Assertions.Expect(tab.GetByRole(AriaRole.Heading, new() { Name = "El enlace venció" })).ToBeVisibleAsync();
            await Assertions.Expect(tab.Locator("html")).ToHaveAttributeAsync("lang", "es-CL");
            await tab.ScreenshotAsync(new() { Path = Path.Combine(PlaygroundBrowser.ScreenshotDirectory, "bitacora-exportar-enlace-vencido.png") });
        }
        catch
        {
            await browser.ScreenshotAsync("bitacora-exportar-FAILED");
            throw;
        }
    }

    [Fact(Skip = BotE2E.PendingReason)]
    public async Task An_adviser_without_the_coordinator_role_gets_no_link()
    {
        var group = e2e.Config.GroupChat.Id;
        var megan = e2e.Config.Users.First(u => u.Id == "user-id-1");
        var activity = await e2e.Client.GetCustomActivityTemplateAsync(group, "install");
        activity["type"] = "message";
        activity.Remove("action");
        activity.Remove("membersAdded");
        activity["id"] = Guid.NewGuid().ToString();
        activity["text"] = $"<at>{e2e.Config.Bot.Name}</at> exportar";
        activity["textFormat"] = "plain";
        activity["entities"] = new JsonArray(new JsonObject
        {
            ["type"] = "mention",
            ["text"] = $"<at>{e2e.Config.Bot.Name}</at>",
            ["mentioned"] = new JsonObject { ["id"] = e2e.Config.Bot.Id, ["name"] = e2e.Config.Bot.Name },
        });
        activity["from"] = new JsonObject { ["id"] = megan.Id, ["name"] = megan.Name, ["aadObjectId"] = megan.AadObjectId };
        e2e.Client.MarkCheckpoint();

        await e2e.Client.SendCustomActivityAsync(activity);

        var reply = await e2e.Client.WaitForMessageInAsync(group, m => m.Contains("Este comando es para coordinadores"));
        Assert.DoesNotContain("/archivos/", reply.Raw.ToJsonString());
        await e2e.Client.AssertNoMessageAsync(m => m.IsIn(group) && m.Raw.ToJsonString().Contains("/archivos/"), TimeSpan.FromSeconds(2));
    }
}
