using Bitacora.Bot.Logbook;
using Bitacora.Bot.Sessions;
using Bitacora.E2E.Tests.Bot;
using Bitacora.E2E.Tests.Infrastructure;
using Bitacora.Testing.Playground;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Bitacora.E2E.Tests.Logbook;

/// <summary>
/// The JUNJI topics table («Temáticas de las comunidades de aprendizaje del ETT») filled in the Agents Playground UI
/// (headless Chromium) with both texts of every row at their maximum: three rows are stored, the fourth would pass what
/// Table Storage keeps in one property, so the card says so and keeps the row typed; shortened, it is saved. The
/// logbook of period 2025 (the other logbook tests of this fixture use the current one). Screenshots in
/// .artifacts/screenshots/.
/// </summary>
[Collection(E2ECollection.Name)]
[Trait("Category", BotE2E.Category)]
public sealed class LogbookTableFullBrowserE2ETests(BotHostFixture e2e)
{
    private const float Wait = 30_000;
    private const string Period = "2025";
    private const string Topic = "Contextos, temáticas, contenidos, problemáticas identificadas";
    private const string Strategy = "Estrategias para su desarrollo (capacitación, conversatorio, revisión de casos, etc.)";

    private static string Long(string what) =>
        string.Concat(Enumerable.Repeat($"{what}: juego, lenguaje y convivencia en las salas cuna de Ñuble. ", 60))[..AnswerRules.MaxTextLength];

    [Fact]
    public async Task The_fourth_row_at_maximum_length_is_refused_with_a_message_and_stays_typed_and_a_shorter_one_is_saved()
    {
        var key = new LogbookKey("junji-bitacora-ett", "16-1", Period);
        var answers = e2e.Services.GetRequiredService<AnswerRepository>();
        await using var browser = await PlaygroundBrowser.LaunchAsync();
        ILocator? card = null;
        try
        {
            await browser.OpenAsync(e2e.Playground.BaseUri);
            await browser.SendMessageAsync($"bitácora 16-1 {Period}");
            card = browser.Cards("Paso 1 de 7").Last;
            await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = Wait });
            for (var step = 2; !await card.GetByText("Temáticas de las comunidades de aprendizaje del ETT").First.IsVisibleAsync(); step++)
            {
                Assert.True(step <= 7, "no step shows the topics table");
                await PlaygroundBrowser.ClickButtonAsync(card, "Siguiente ▶");
                card = browser.Cards($"Paso {step} de 7").Last;
                await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = Wait });
            }

            for (var row = 1; row <= 3; row++)
            {
                await PlaygroundBrowser.FillAsync(card, Topic, Long($"Temática {row}"));
                await PlaygroundBrowser.FillAsync(card, Strategy, Long($"Estrategia {row}"));
                await PlaygroundBrowser.ClickButtonAsync(card, "Guardar");
                card = browser.Cards("Temáticas de las comunidades").Filter(new() { HasText = $"Fila {row}" }).Last;
                await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = Wait });
            }
            Assert.Equal(3, ((TableAnswer)(await answers.GetAsync(key.Id, "tematicas-caett"))!.Value).Rows.Length);

            var fourth = Long("Temática 4");
            await PlaygroundBrowser.FillAsync(card, Topic, fourth);
            await PlaygroundBrowser.FillAsync(card, Strategy, Long("Estrategia 4"));
            await PlaygroundBrowser.ClickButtonAsync(card, "Guardar");
            card = browser.Cards("La tabla llegó a su tamaño máximo y esta fila no cabe: acórtala e inténtalo de nuevo.").Last;
            await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = Wait });
            Assert.Equal(fourth, await card.GetByLabel(Topic).Or(card.GetByPlaceholder(Topic)).First.InputValueAsync());
            Assert.Equal(3, ((TableAnswer)(await answers.GetAsync(key.Id, "tematicas-caett"))!.Value).Rows.Length);
            await browser.ScreenshotAsync(card, "bitacora-logbook-table-full");

            await PlaygroundBrowser.FillAsync(card, Topic, "Temática 4: juego y lenguaje (resumida)");
            await PlaygroundBrowser.FillAsync(card, Strategy, "Conversatorio");
            await PlaygroundBrowser.ClickButtonAsync(card, "Guardar");
            card = browser.Cards("Temáticas de las comunidades").Filter(new() { HasText = "Fila 4" }).Last;
            await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = Wait });
            await Assertions.Expect(card).Not.ToContainTextAsync("tamaño máximo");
            var stored = (TableAnswer)(await answers.GetAsync(key.Id, "tematicas-caett"))!.Value;
            Assert.Equal("Temática 4: juego y lenguaje (resumida)", stored.Rows[^1].Cells["tematica"]);
            Assert.Equal(4, stored.Rows.Length);
            await browser.ScreenshotAsync(card, "bitacora-logbook-table-full-shortened");
        }
        catch
        {
            await browser.ScreenshotAsync("bitacora-logbook-table-full-FAILED");
            if (card is not null) await browser.DumpHtmlAsync(card, "bitacora-logbook-table-full-FAILED-card");
            throw;
        }
    }
}
