using System.Text.Json.Nodes;
using Bitacora.Bot.Commitments;
using Bitacora.Bot.Commitments.Chat;
using Bitacora.E2E.Tests.Bot;
using Bitacora.E2E.Tests.Infrastructure;
using Bitacora.Testing;
using Bitacora.Testing.Playground;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NodaTime;

namespace Bitacora.E2E.Tests.Commitments;

/// <summary>
/// «Gestionar» as an adviser does it in the Agents Playground UI (headless Chromium, real bot), with every text at the
/// card's maximum length: correct what (500 characters), reassign from the static responsible list (Data.Query typeahead
/// is off in Development: the Playground renders no choices for it) with a 500-character reason, cancel with a
/// 500-character reason. Each result card must show the whole text; screenshots under .artifacts/screenshots/.
/// </summary>
[Collection(E2ECollection.Name)]
[Trait("Category", BotE2E.Category)]
public sealed class ManageCommitmentBrowserE2ETests(BotHostFixture e2e)
{
    private const float Wait = 30_000;
    private const string Unit = "junji:16101001";

    /// <summary>Readable text of exactly <paramref name="length"/> characters ending in a marker, to see truncation.</summary>
    private static string Long(string start, int length, string end)
        => LongText.Of(start, length, end, " y revisar con el equipo directivo cada acción del plan");

    [Fact]
    public async Task Edit_reassign_and_cancel_with_maximum_length_texts_show_everything_typed()
    {
        var chat = e2e.Config.PersonalChat.Id;
        var tag = Guid.NewGuid().ToString("N")[..5];
        var zone = DateTimeZoneProviders.Tzdb["America/Santiago"];
        var today = SystemClock.Instance.GetCurrentInstant().InZone(zone).Date;
        var service = e2e.Services.GetRequiredService<CommitmentService>();
        var alex = new PersonRef("alexw@example.com", "Alex Wilber", "user-id-0", "00000000-0000-0000-0000-0000000000020", "alexw@example.com");
        var megan = new PersonRef("meganb@example.com", "Megan Bowen");
        var created = await service.CreateAsync(new NewCommitment(Unit, $"Revisar el PEI {tag}", alex, today.PlusDays(10), "Acta",
            new CommitmentOrigin("chat:" + chat, chat)), megan, CancellationToken.None);
        var what = Long($"Corregido {tag}: actualizar el PEI con toda la comunidad educativa", CreateCommitmentAction.MaxWhat, "FIN-QUE");
        var reassignWhy = Long($"Reasignado {tag} porque la directora asumió la coordinación", ManageCommitmentAction.MaxReason, "FIN-REASIGNAR");
        var cancelWhy = Long($"Cancelado {tag} porque la acción se reemplazó por otra", ManageCommitmentAction.MaxReason, "FIN-CANCELAR");

        await using var browser = await PlaygroundBrowser.LaunchAsync();
        ILocator? card = null;
        try
        {
            await browser.OpenAsync(e2e.Playground.BaseUri);
            // The commitment's card, as «Ver y responder» in «mis compromisos» posts it.
            var anchor = await e2e.Client.SendMessageAsync(chat, "ayuda");
            await e2e.Client.InvokeAdaptiveCardActionAsync(chat, anchor.MessageId, "commitment.show",
                new JsonObject { ["commitmentId"] = created.Id }, "Ver y responder");
            card = browser.Cards($"Revisar el PEI {tag}").Filter(new() { HasText = "Medio de verificación" }).Last;
            await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = Wait });

            // 1. Correct «qué» with 500 characters.
            await PlaygroundBrowser.ClickButtonAsync(card, "Gestionar");
            card = browser.Cards("Gestionar compromiso").Filter(new() { HasText = $"Revisar el PEI {tag}" }).Last;
            await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = Wait });
            await PlaygroundBrowser.FillAsync(card, "¿Qué se compromete?", what);
            await browser.ScreenshotAsync(card, "bitacora-manage-edit-form");
            await PlaygroundBrowser.ClickButtonAsync(card, "Guardar cambios");
            card = browser.Cards("Compromiso corregido").Filter(new() { HasText = "FIN-QUE" }).Last;
            await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = Wait });
            await Assertions.Expect(card).ToContainTextAsync(what);
            await browser.ScreenshotAsync(card, "bitacora-manage-edited");
            Assert.Equal(what, (await service.GetAsync(created.Id, CancellationToken.None))!.What);

            // 2. Reassign from the static list (the first person offered) with a 500-character reason.
            await PlaygroundBrowser.ClickButtonAsync(card, "Gestionar");
            card = browser.Cards("Gestionar compromiso").Filter(new() { HasText = "FIN-QUE" }).Last;
            await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = Wait });
            await PlaygroundBrowser.ComboBox(card, "Nueva persona responsable").ClickAsync();
            var option = browser.Page.GetByRole(AriaRole.Option).First;
            await Assertions.Expect(option).ToBeVisibleAsync(new() { Timeout = Wait });
            await browser.ScreenshotAsync("bitacora-manage-responsible-options"); // the static list (no Data.Query here)
            var picked = (await option.InnerTextAsync()).Trim();
            await option.ClickAsync();
            await PlaygroundBrowser.FillAsync(card, "Motivo (opcional)", reassignWhy);
            await browser.ScreenshotAsync(card, "bitacora-manage-reassign-form");
            await PlaygroundBrowser.ClickButtonAsync(card, "Reasignar");
            card = browser.Cards("Compromiso reasignado").Filter(new() { HasText = "FIN-QUE" }).Last;
            await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = Wait });
            await browser.ScreenshotAsync(card, "bitacora-manage-reassigned");
            var reassigned = (await service.GetAsync(created.Id, CancellationToken.None))!;
            Assert.NotEqual("Alex Wilber", reassigned.Responsible.Name);
            Assert.StartsWith(reassigned.Responsible.Name, picked, StringComparison.Ordinal);
            await Assertions.Expect(card).ToContainTextAsync(reassigned.Responsible.Name);
            await Assertions.Expect(card).ToContainTextAsync("Motivo de la reasignación: " + reassignWhy); // all of it
            var history = await e2e.Services.GetRequiredService<CommitmentStore>().GetHistoryAsync(Unit, created.Id, CancellationToken.None);
            Assert.Contains(history, h => h.What == "responsable" && h.Why == reassignWhy);

            // 3. Cancel with a 500-character reason: the card shows all of it.
            await PlaygroundBrowser.ClickButtonAsync(card, "Gestionar");
            card = browser.Cards("Gestionar compromiso").Filter(new() { HasText = "FIN-QUE" }).Last;
            await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = Wait });
            await PlaygroundBrowser.FillAsync(card, "Motivo de la cancelación", cancelWhy);
            await PlaygroundBrowser.ClickButtonAsync(card, "Cancelar compromiso");
            card = browser.Cards("Compromiso cancelado").Filter(new() { HasText = "FIN-CANCELAR" }).Last;
            await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = Wait });
            await Assertions.Expect(card).ToContainTextAsync(cancelWhy);
            await Assertions.Expect(card.GetByRole(AriaRole.Button, new() { Name = "Gestionar" })).ToHaveCountAsync(0);
            await browser.ScreenshotAsync(card, "bitacora-manage-cancelled");
            var cancelled = (await service.GetAsync(created.Id, CancellationToken.None))!;
            Assert.Equal((CommitmentStatus.Cancelado, cancelWhy), (cancelled.Status, cancelled.CancellationReason));
        }
        catch
        {
            await browser.ScreenshotAsync("bitacora-manage-FAILED");
            if (card is not null)
            {
                await browser.DumpHtmlAsync(card, "bitacora-manage-FAILED-card");
            }
            throw;
        }
    }
}
