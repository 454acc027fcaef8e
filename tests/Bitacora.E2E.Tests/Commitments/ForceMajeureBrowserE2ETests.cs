using System.Globalization;
using System.Text.Json.Nodes;
using Bitacora.Bot.Commitments;
using Bitacora.Bot.Commitments.ForceMajeure;
using Bitacora.E2E.Tests.Bot;
using Bitacora.E2E.Tests.Infrastructure;
using Bitacora.Testing;
using Bitacora.Testing.Playground;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NodaTime;

namespace Bitacora.E2E.Tests.Commitments;

/// <summary>
/// Issue 12's «force-majeure request → approval → adjusted commitments» as people do it, in the Agents Playground UI
/// (headless Chromium) with the real bot: Alex Wilber (the UI's user, responsible for two commitments of JUNJI 16101001)
/// opens a commitment from «mis compromisos», requests a force-majeure adjustment for both on one card; Megan Bowen (the
/// adviser who recorded them; another Playground user, acting through its custom-activity API) approves it on the card
/// she receives; Alex sees the outcome card and the adjusted commitments in «mis compromisos».
/// </summary>
[Collection(E2ECollection.Name)]
[Trait("Category", BotE2E.Category)]
public sealed class ForceMajeureBrowserE2ETests(BotHostFixture e2e)
{
    private const float Wait = 30_000;
    private const string Unit = "junji:16101001";

    [Fact]
    public async Task Request_on_one_card_approval_by_the_adviser_and_the_adjusted_commitments_in_mis_compromisos()
    {
        var chat = e2e.Config.PersonalChat.Id;
        var tag = Guid.NewGuid().ToString("N")[..5];
        var whatA = $"Actualizar el PEI {tag}";
        var whatB = $"Taller con familias {tag}";
        var zone = DateTimeZoneProviders.Tzdb["America/Santiago"];
        var today = SystemClock.Instance.GetCurrentInstant().InZone(zone).Date;
        var newDate = today.PlusDays(30);
        var service = e2e.Services.GetRequiredService<CommitmentService>();
        var alex = new PersonRef("alexw@example.com", "Alex Wilber", "user-id-0", "00000000-0000-0000-0000-0000000000020", "alexw@example.com");
        var megan = new PersonRef("meganb@example.com", "Megan Bowen");
        async Task<Commitment> Create(string what) => await service.CreateAsync(new NewCommitment(Unit, what, alex, today.PlusDays(10),
            "Acta del consejo", new CommitmentOrigin("chat:" + chat, chat)), megan, CancellationToken.None);
        var a = await Create(whatA);
        var b = await Create(whatB);

        await using var browser = await PlaygroundBrowser.LaunchAsync();
        ILocator? card = null;
        try
        {
            await browser.OpenAsync(e2e.Playground.BaseUri);

            // Alex: «mis compromisos» → «Ver y responder» on A → «Solicitar ajuste por fuerza mayor».
            await browser.TextBox.Last.FillAsync("mis compromisos");
            await browser.TextBox.Last.PressAsync("Enter");
            card = browser.Cards("Mis compromisos").Filter(new() { HasText = whatA }).Last;
            await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = Wait });
            var item = card.Locator(".ac-container").Filter(new() { HasText = whatA })
                .Filter(new() { Has = browser.Page.GetByRole(AriaRole.Button, new() { Name = "Ver y responder" }) }).Last;
            await PlaygroundBrowser.ClickButtonAsync(item, "Ver y responder");
            card = browser.Cards(whatA).Filter(new() { HasText = "Medio de verificación" }).Last;
            await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = Wait });
            await PlaygroundBrowser.ClickButtonAsync(card, "Solicitar ajuste por fuerza mayor");

            // The request: kind, description, documentation, A reprogrammed (pre-chosen) to a new date, B suspended.
            card = browser.Cards("Compromisos afectados").Filter(new() { HasText = whatB }).Last;
            await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = Wait });
            await browser.ChooseAsync(PlaygroundBrowser.ComboBox(card, "Tipo de situación"), "Paro");
            await PlaygroundBrowser.FillAsync(card, "Descripción de la situación", $"Paro comunal de funcionarios {tag}");
            await PlaygroundBrowser.FillAsync(card, "Documentación (qué respalda la solicitud)", "Oficio del sostenedor");
            await PlaygroundBrowser.FillAsync(card, "Nueva fecha (ajustar o reprogramar): " + whatA,
                newDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            await browser.ChooseAsync(PlaygroundBrowser.ComboBox(card, "Decisión: " + whatB), "Suspender");
            await browser.ScreenshotAsync(card, "bitacora-force-majeure-request");
            e2e.Client.MarkCheckpoint();
            await PlaygroundBrowser.ClickButtonAsync(card, "Enviar solicitud");

            card = browser.Cards("Tu solicitud por fuerza mayor está en revisión").Filter(new() { HasText = tag }).Last;
            await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = Wait });
            await Assertions.Expect(card).ToContainTextAsync("Solicitud enviada a Megan Bowen");
            Assert.Equal(CommitmentStatus.Pendiente, (await service.GetAsync(a.Id, CancellationToken.None))!.Status);
            var request = (await e2e.Services.GetRequiredService<ForceMajeureService>().Store.ListByUnitAsync(Unit, CancellationToken.None))
                .First(r => r.Description.Contains(tag, StringComparison.Ordinal));
            Assert.Equal(2, request.Items.Count);
            // The UI's date picker reads typed ISO text as UTC midnight, which in America/Santiago is the day before
            // (PLAYGROUND-NOTES.md); what it shows is what it sends, so the date that counts is the request's.
            var chosen = request.Items.Single(i => i.CommitmentId == a.Id).NewDate!.Value;
            Assert.InRange(Period.Between(chosen, newDate, PeriodUnits.Days).Days, 0, 1);
            newDate = chosen;

            // Megan's card went to her own 1:1, created through the connector as in Teams (POST /v3/conversations with her
            // id): the Playground keeps other users' chats off the UI's WebSocket, so the bot's log shows where it went.
            var meganChat = MeganChatFromBotLog();
            // Megan approves on her card (another user: the Playground's custom-activity API, as an Action.Submit).
            await ApproveAsMeganAsync(meganChat, request, newDate);
            card = browser.Cards("fue aprobada").Filter(new() { HasText = tag }).Last;
            await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = Wait });
            await Assertions.Expect(card).ToContainTextAsync("Suspender");
            await browser.ScreenshotAsync(card, "bitacora-force-majeure-approved");

            // Alex: the adjusted commitments in «mis compromisos».
            await browser.TextBox.Last.FillAsync("mis compromisos");
            await browser.TextBox.Last.PressAsync("Enter");
            card = browser.Cards("Mis compromisos").Filter(new() { HasText = whatA }).Filter(new() { HasText = "Suspendido por fuerza mayor" }).Last;
            await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = Wait });
            var itemA = card.Locator(".ac-container").Filter(new() { HasText = whatA })
                .Filter(new() { Has = browser.Page.GetByRole(AriaRole.Button, new() { Name = "Ver y responder" }) }).Last;
            await Assertions.Expect(itemA).ToContainTextAsync(newDate.ToString("dddd d 'de' MMMM 'de' yyyy", CultureInfo.GetCultureInfo("es-CL")));
            await Assertions.Expect(itemA).ToContainTextAsync("Ajustado");
            var screenshot = await browser.ScreenshotAsync(card, "bitacora-force-majeure-mis-compromisos");
            Assert.True(File.Exists(screenshot), screenshot);

            var storedA = (await service.GetAsync(a.Id, CancellationToken.None))!;
            var storedB = (await service.GetAsync(b.Id, CancellationToken.None))!;
            Assert.Equal((CommitmentStatus.Ajustado, newDate), (storedA.Status, storedA.AccountabilityDate));
            Assert.Equal((CommitmentStatus.Suspendido, 0), (storedB.Status, storedB.Reminders.Count));
        }
        catch
        {
            await browser.ScreenshotAsync("bitacora-force-majeure-FAILED");
            if (card is not null)
            {
                await browser.DumpHtmlAsync(card, "bitacora-force-majeure-FAILED-card");
            }
            throw;
        }
    }

    /// <summary>Readable text of exactly <paramref name="length"/> characters ending in a marker, to see truncation.</summary>
    private static string Long(string start, int length, string end)
        => LongText.Of(start, length, end, " y la comunidad educativa no pudo asistir");

    /// <summary>
    /// Every text of the request and the review at the card's maximum (description and documentation 1000, link 2000,
    /// adjusted action 500, the adviser's comment 1000), a commitment whose «qué» is itself 500 characters long; then the
    /// suspended commitment is taken up again with «Reanudar» (500-character reason) and has reminders again.
    /// </summary>
    [Fact]
    public async Task Maximum_length_request_and_review_then_the_suspended_commitment_is_resumed()
    {
        var chat = e2e.Config.PersonalChat.Id;
        var tag = Guid.NewGuid().ToString("N")[..5];
        var zone = DateTimeZoneProviders.Tzdb["America/Santiago"];
        var today = SystemClock.Instance.GetCurrentInstant().InZone(zone).Date;
        var service = e2e.Services.GetRequiredService<CommitmentService>();
        var alex = new PersonRef("alexw@example.com", "Alex Wilber", "user-id-0", "00000000-0000-0000-0000-0000000000020", "alexw@example.com");
        var megan = new PersonRef("meganb@example.com", "Megan Bowen");
        var whatA = Long($"Plan de convivencia {tag}: revisar con cada estamento", 500, "FIN-A");
        var whatB = $"Jornada de puertas abiertas {tag}";
        async Task<Commitment> Create(string what) => await service.CreateAsync(new NewCommitment(Unit, what, alex, today.PlusDays(12),
            "Acta del consejo", new CommitmentOrigin("chat:" + chat, chat)), megan, CancellationToken.None);
        var a = await Create(whatA);
        var b = await Create(whatB);
        var description = Long($"Toma del establecimiento {tag} por apoderados desde el lunes", 1000, "FIN-DESCRIPCION");
        var docs = Long("Oficio del sostenedor y acta de carabineros", 1000, "FIN-DOCUMENTACION");
        var prefix = "https://contoso.sharepoint.com/sites/jardin/";
        var link = prefix + new string('d', 2000 - prefix.Length - 7) + "FIN.pdf";
        Assert.Equal(2000, link.Length);
        var adjusted = Long("Revisar el plan de convivencia en dos jornadas", 500, "FIN-AJUSTE");
        var note = Long("Aprobado con el oficio y el acta", 1000, "FIN-NOTA");
        var resumeWhy = Long("Terminó la toma y el jardín volvió a funcionar", 500, "FIN-REANUDAR");

        await using var browser = await PlaygroundBrowser.LaunchAsync();
        ILocator? card = null;
        try
        {
            await browser.OpenAsync(e2e.Playground.BaseUri);
            var anchor = await e2e.Client.SendMessageAsync(chat, "ayuda");
            await e2e.Client.InvokeAdaptiveCardActionAsync(chat, anchor.MessageId, "commitment.show",
                new JsonObject { ["commitmentId"] = a.Id }, "Ver y responder");
            card = browser.Cards("FIN-A").Filter(new() { HasText = "Medio de verificación" }).Last;
            await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = Wait });
            await PlaygroundBrowser.ClickButtonAsync(card, "Solicitar ajuste por fuerza mayor");

            card = browser.Cards("Compromisos afectados").Filter(new() { HasText = whatB }).Last;
            await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = Wait });
            await browser.ChooseAsync(PlaygroundBrowser.ComboBox(card, "Tipo de situación"), "Toma del establecimiento");
            await PlaygroundBrowser.FillAsync(card, "Descripción de la situación", description);
            await PlaygroundBrowser.FillAsync(card, "Documentación (qué respalda la solicitud)", docs);
            await PlaygroundBrowser.FillAsync(card, "Enlace a la documentación (opcional)", link);
            // The inputs' labels name the 500-character action by its start only (the whole text is their heading).
            var labelA = ForceMajeureViews.LabelWhat(whatA);
            Assert.EndsWith("…", labelA);
            await browser.ChooseAsync(PlaygroundBrowser.ComboBox(card, "Decisión: " + labelA), "Ajustar");
            await PlaygroundBrowser.FillAsync(card, "Nueva fecha (ajustar o reprogramar): " + labelA,
                today.PlusDays(40).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            await PlaygroundBrowser.FillAsync(card, "Acción ajustada (solo ajustar, opcional): " + labelA, adjusted);
            await browser.ChooseAsync(PlaygroundBrowser.ComboBox(card, "Decisión: " + whatB), "Suspender");
            await browser.ScreenshotAsync(card, "bitacora-force-majeure-long-request");
            e2e.Client.MarkCheckpoint();
            await PlaygroundBrowser.ClickButtonAsync(card, "Enviar solicitud");

            card = browser.Cards("Tu solicitud por fuerza mayor está en revisión").Filter(new() { HasText = tag }).Last;
            await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = Wait });
            await Assertions.Expect(card).ToContainTextAsync(description);
            await Assertions.Expect(card).ToContainTextAsync(docs);
            await browser.ScreenshotAsync(card, "bitacora-force-majeure-long-in-review");
            var request = (await e2e.Services.GetRequiredService<ForceMajeureService>().Store.ListByUnitAsync(Unit, CancellationToken.None))
                .First(r => r.Description.Contains(tag, StringComparison.Ordinal));
            Assert.Equal((description, docs, link), (request.Description, request.DocumentationText, request.DocumentationLink));
            Assert.Equal(adjusted, request.Items.Single(i => i.CommitmentId == a.Id).NewWhat);

            await ApproveAsMeganAsync(MeganChatFromBotLog(), request, request.Items.Single(i => i.CommitmentId == a.Id).NewDate!.Value, note);
            card = browser.Cards("fue aprobada").Filter(new() { HasText = tag }).Last;
            await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = Wait });
            await Assertions.Expect(card).ToContainTextAsync(note);
            await Assertions.Expect(card).ToContainTextAsync(adjusted);
            // The adjusted wording is now the commitment's title: the decision line does not repeat it.
            await Assertions.Expect(card).Not.ToContainTextAsync("acción ajustada");
            Assert.Equal(1, CountOf(await card.InnerTextAsync(), adjusted));
            await browser.ScreenshotAsync(card, "bitacora-force-majeure-long-approved");
            Assert.Equal(CommitmentStatus.Suspendido, (await service.GetAsync(b.Id, CancellationToken.None))!.Status);

            // «Reanudar» on the suspended commitment's card.
            anchor = await e2e.Client.SendMessageAsync(chat, "ayuda");
            await e2e.Client.InvokeAdaptiveCardActionAsync(chat, anchor.MessageId, "commitment.show",
                new JsonObject { ["commitmentId"] = b.Id }, "Ver y responder");
            card = browser.Cards(whatB).Filter(new() { HasText = "Suspendido" }).Last;
            await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = Wait });
            await PlaygroundBrowser.ClickButtonAsync(card, "Reanudar");
            var date = card.GetByLabel("Nueva fecha de rendición de cuentas").First;
            await date.FillAsync(today.PlusDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            await date.PressAsync("Enter");
            await browser.Page.Keyboard.PressAsync("Escape"); // closes the calendar popup, which covers the button
            await PlaygroundBrowser.FillAsync(card, "Motivo", resumeWhy);
            await browser.ScreenshotAsync(card, "bitacora-commitment-resume-form");
            await PlaygroundBrowser.ClickButtonAsync(card, "Reanudar compromiso");
            card = browser.Cards("Compromiso reanudado").Filter(new() { HasText = whatB }).Last;
            await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = Wait });
            await Assertions.Expect(card).ToContainTextAsync("Pendiente");
            await browser.ScreenshotAsync(card, "bitacora-commitment-resumed");
            var resumed = (await service.GetAsync(b.Id, CancellationToken.None))!;
            Assert.Equal(CommitmentStatus.Pendiente, resumed.Status);
            Assert.InRange(Period.Between(today.PlusDays(29), resumed.AccountabilityDate, PeriodUnits.Days).Days, 0, 1);
            Assert.NotEmpty(resumed.Reminders);
        }
        catch
        {
            await browser.ScreenshotAsync("bitacora-force-majeure-long-FAILED");
            if (card is not null)
            {
                await browser.DumpHtmlAsync(card, "bitacora-force-majeure-long-FAILED-card");
            }
            throw;
        }
    }

    private string MeganChatFromBotLog()
    {
        var sends = System.Text.RegularExpressions.Regex.Matches(e2e.BotDiagnostics(),
            @"POST \S+/v3/conversations/([0-9a-f-]+)%40test\.user/activities");
        Assert.NotEmpty(sends);
        return sends[^1].Groups[1].Value + "@test.user";
    }

    private async Task ApproveAsMeganAsync(string conversationId, ForceMajeureRequest request, LocalDate newDate,
        string note = "Aprobado con el oficio del sostenedor")
    {
        var megan = e2e.Config.Users.First(u => u.Id == "user-id-1");
        var activity = await e2e.Client.GetCustomActivityTemplateAsync(e2e.Config.PersonalChat.Id, "install");
        activity["conversation"] = new JsonObject { ["id"] = conversationId, ["conversationType"] = "personal" };
        activity["type"] = "message";
        activity.Remove("action");
        activity.Remove("membersAdded");
        activity["id"] = Guid.NewGuid().ToString();
        activity["text"] = "";
        var value = new JsonObject
        {
            ["verb"] = "fm.approve",
            ["requestId"] = request.Id,
            ["version"] = request.Version.ToString(CultureInfo.InvariantCulture),
            ["fmNote"] = note,
        };
        foreach (var item in request.Items)
        {
            value[ForceMajeureViews.DecisionId(item.CommitmentId)] = item.Decision.ToString();
            value[ForceMajeureViews.DateId(item.CommitmentId)] =
                item.NewDate is { } d ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "";
            value[ForceMajeureViews.WhatId(item.CommitmentId)] = item.NewWhat ?? "";
        }
        Assert.Contains(request.Items, i => i.NewDate == newDate);
        activity["value"] = value;
        activity["from"] = new JsonObject { ["id"] = megan.Id, ["name"] = megan.Name, ["aadObjectId"] = megan.AadObjectId };
        await e2e.Client.SendCustomActivityAsync(activity);
    }

    private static int CountOf(string text, string part)
    {
        var (count, at) = (0, 0);
        while ((at = text.IndexOf(part, at, StringComparison.Ordinal)) >= 0)
        {
            (count, at) = (count + 1, at + part.Length);
        }
        return count;
    }
}
