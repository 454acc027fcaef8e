using System.Text.Json.Nodes;
using Bitacora.Bot.Logbook;
using Bitacora.Bot.Sessions;
using Bitacora.Bot.Sessions.Flow;
using Bitacora.E2E.Tests.Bot;
using Bitacora.E2E.Tests.Infrastructure;
using Bitacora.Testing.Playground;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Bitacora.E2E.Tests.Logbook;

/// <summary>
/// The JUNJI period logbook walked in the Agents Playground UI (headless Chromium) by two members of the team, with
/// every field typed at its maximum length. The Playground UI is always its current user (Alex Wilber, user-id-0) and
/// re-renders every card on any message from the Playground's own copy of it (PLAYGROUND-NOTES.md); a save pressed on
/// a card replaces that copy, so a second person saving from the card Alex looks at would just refresh it. The stale
/// case is therefore built as it happens in a real chat: the logbook card is asked for twice, Megan Bowen (user-id-1,
/// through the Playground's custom-activity API) saves from the newer copy, and Alex types into the older one.
/// Screenshots of every step go to .artifacts/screenshots/.
/// </summary>
[Collection(E2ECollection.Name)]
[Trait("Category", BotE2E.Category)]
public sealed class LogbookTeamBrowserE2ETests(BotHostFixture e2e)
{
    private const float Wait = 30_000;
    private const int MaxText = 4000;

    private static string Long(string what) => string.Concat(Enumerable.Repeat($"{what}: acompañamiento «pertinente» en Ñuble. ", 100))[..MaxText];

    [Fact]
    public async Task Two_advisers_walk_the_logbook_with_maximum_length_inputs_and_a_stale_save_shows_both_values()
    {
        var chat = e2e.Config.PersonalChat.Id;
        var period = SessionPeriods.ForDate(e2e.Services.GetRequiredService<ChileTime>().Today);
        var key = new LogbookKey("junji-bitacora-ett", "16-1", period);
        var answers = e2e.Services.GetRequiredService<AnswerRepository>();

        await using var browser = await PlaygroundBrowser.LaunchAsync();
        ILocator? card = null;
        try
        {
            await browser.OpenAsync(e2e.Playground.BaseUri);
            var composer = browser.TextBox.Last;
            await composer.FillAsync($"bitácora 16-1 {period}");
            await composer.PressAsync("Enter");
            card = browser.Cards("Paso 1 de 7").Last;
            await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = Wait });
            var message = await e2e.Client.WaitForMessageInAsync(chat, m => m.HasAdaptiveCard && m.Contains("Paso 1 de 7"));

            // Steps 2–4 hold the registry's own background (written back to the territory registry that every test of
            // this fixture shares): looked at, not retyped. Steps 5–7: every empty field at 4 000 characters.
            for (var step = 2; step <= 7; step++)
            {
                await PlaygroundBrowser.ClickButtonAsync(card, "Siguiente ▶");
                card = browser.Cards($"Paso {step} de 7").Last;
                await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = Wait });
                if (step < 5 || await FillEmptyAsync(card, $"Paso {step}") == 0)
                {
                    await browser.ScreenshotAsync(card, $"bitacora-logbook-max-step-{step}");
                    continue;
                }
                await PlaygroundBrowser.ClickButtonAsync(card, "Guardar");
                card = browser.Cards($"Paso {step} de 7").Filter(new() { HasText = "Guardé" }).Last;
                await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = Wait });
                await Assertions.Expect(card).Not.ToContainTextAsync("⚠");
                await browser.ScreenshotAsync(card, $"bitacora-logbook-max-step-{step}");
                if (step == 5) await StaleSaveAsync();
            }
            Assert.NotNull(await answers.GetAsync(key.Id, "ev-analisis-reflexion"));

            // Step 5 (planificación), full of long answers, hence previews with empty «Reemplazar» inputs: Megan saves the
            // first question from her card; Alex, whose card on screen predates her save, types a replacement and saves.
            async Task StaleSaveAsync()
            {
                var question = e2e.Services.GetRequiredService<Bitacora.Bot.Guides.GuideCatalog>().Get(key.GuideId).PeriodView()
                    .FindSection("planificacion")!.Questions[0];
                var older = browser.Cards("Guardé 7 respuestas").Last;
                await composer.FillAsync($"bitácora 16-1 {period}");
                await composer.PressAsync("Enter");
                var newer = await e2e.Client.WaitForMessageInAsync(chat, m => m.HasAdaptiveCard && m.Contains("Paso 1 de 7") && m.MessageId != message.MessageId);
                await Assertions.Expect(browser.Cards("Paso 1 de 7").Last).ToBeVisibleAsync(new() { Timeout = Wait });

                var megans = Long("Megan");
                await SaveAsMeganAsync(chat, newer.MessageId, new JsonObject
                {
                    ["verb"] = "logbook.save", ["logbookId"] = key.Id, ["stepId"] = "planificacion", ["q." + question.Id] = megans,
                });
                // Fire and forget on the Playground's side: wait until the bot has stored it.
                var until = DateTime.UtcNow.AddMilliseconds(Wait);
                while ((await answers.GetAsync(key.Id, question.Id))?.Value is not TextAnswer { Text: var stored } || stored != megans)
                {
                    Assert.True(DateTime.UtcNow < until, "Megan's save never reached the logbook.");
                    await Task.Delay(100);
                }
                Assert.Equal("Megan Bowen", (await answers.GetAsync(key.Id, question.Id))!.Respondent.Name);
                card = older;
                var alexs = Long("Alex");
                await card.GetByRole(AriaRole.Textbox).First.FillAsync(alexs);
                await PlaygroundBrowser.ClickButtonAsync(card, "Guardar");
                card = browser.Cards("Mientras escribías").Last;
                await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = Wait });
                await Assertions.Expect(card).ToContainTextAsync("guardó otra respuesta");
                Assert.Equal(alexs, await card.GetByRole(AriaRole.Textbox).First.InputValueAsync());
                Assert.Equal(megans, ((TextAnswer)(await answers.GetAsync(key.Id, question.Id))!.Value).Text);
                await browser.ScreenshotAsync(card, "bitacora-logbook-stale-save-conflict");

                // «Guardar la mía»: Alex's text is stored, Megan's goes to the history shown under the field.
                await PlaygroundBrowser.ClickButtonAsync(card, "Guardar la mía");
                card = browser.Cards("Paso 5 de 7").Filter(new() { HasText = "Editado · antes: Megan:" }).Last;
                await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = Wait });
                Assert.Equal(alexs, ((TextAnswer)(await answers.GetAsync(key.Id, question.Id))!.Value).Text);
                await browser.ScreenshotAsync(card, "bitacora-logbook-stale-save-mine-kept");
            }
        }
        catch
        {
            await browser.ScreenshotAsync("bitacora-logbook-team-FAILED");
            if (card is not null)
            {
                await browser.DumpHtmlAsync(card, "bitacora-logbook-team-FAILED-card");
            }
            throw;
        }
    }

    /// <summary>
    /// Megan presses «Guardar» on her copy of the card: the Playground's invoke API only accepts the chat's own member
    /// (UserNotFound for anyone else), so her invoke goes through its custom-activity API, shaped from its own template.
    /// </summary>
    private async Task SaveAsMeganAsync(string chat, string cardMessageId, JsonObject data)
    {
        var megan = e2e.Config.Users.First(u => u.Id == "user-id-1");
        var activity = await e2e.Client.GetCustomActivityTemplateAsync(chat, "install");
        activity["type"] = "invoke";
        activity["name"] = "adaptiveCard/action";
        activity.Remove("action");
        activity.Remove("membersAdded");
        activity["id"] = Guid.NewGuid().ToString();
        activity["replyToId"] = cardMessageId;
        activity["value"] = new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["title"] = "Guardar", ["verb"] = "logbook.save", ["data"] = data },
            ["trigger"] = "manual",
        };
        activity["from"] = new JsonObject { ["id"] = megan.Id, ["name"] = megan.Name, ["aadObjectId"] = megan.AadObjectId };
        await e2e.Client.SendCustomActivityAsync(activity);
    }

    /// <summary>Fills the card's empty fields as a person would, at maximum length; returns how many it filled.</summary>
    private static async Task<int> FillEmptyAsync(ILocator card, string what)
    {
        var filled = 0;
        foreach (var input in await card.Locator("textarea, input[type=text], input[type=date]").AllAsync())
        {
            if (!string.IsNullOrEmpty(await input.InputValueAsync())) continue;
            // Told apart by what a person reads in them: the date columns ask for DD-MM-AAAA, numbers for a number.
            var placeholder = await input.GetAttributeAsync("placeholder") ?? "";
            var type = await input.GetAttributeAsync("type");
            var text = type == "date" ? DateTime.Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)
                : placeholder.Contains("AAAA", StringComparison.Ordinal) ? "15-06-" + DateTime.Today.Year
                : placeholder.StartsWith("Número", StringComparison.Ordinal) ? "12"
                : Long($"{what} {placeholder}");
            await input.FillAsync(text);
            filled++;
        }
        return filled;
    }
}
