using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Bitacora.Bot.Commitments;
using Bitacora.Bot.Coordination;
using Bitacora.Bot.Guides;
using Bitacora.Bot.Sessions;
using Bitacora.Bot.Sessions.Flow;
using Bitacora.Bot.Summaries;
using Bitacora.E2E.Tests.Bot;
using Bitacora.E2E.Tests.Infrastructure;
using Bitacora.Testing;
using Bitacora.Testing.Playground;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NodaTime;

namespace Bitacora.E2E.Tests.Summaries;

/// <summary>
/// The informe sintético walked in the Agents Playground UI (headless Chromium) by the two people who act on it, with
/// comments at their maximum length (4 000 characters, several paragraphs): Alex Wilber (user-id-0, adviser and
/// territorial coordinator of 16-1: the UI's user) drafts the territory's «Comentarios del/la profesional» and
/// downloads a preview; Megan Bowen (user-id-1, adviser of 16-1, through the Playground's custom-activity API) rewrites
/// them and marks them ready; the scheduled send (the job's entry at the configured send moment) delivers the summary
/// card and the .docx to Alex as coordinator, who downloads it in Chromium; python-docx reads it: Megan's comments
/// paragraph for paragraph, the per-component tally and both charts. «resumen» shows the same tally. Screenshots of
/// every step in .artifacts/screenshots/ (bitacora-informe-*), the documents in .artifacts/documents/.
/// </summary>
[Collection(E2ECollection.Name)]
[Trait("Category", BotE2E.Category)]
public sealed class InformeBrowserE2ETests(BotHostFixture e2e)
{
    private const float Wait = 30_000;
    private const string Subject = "territory:16-1";

    /// <summary>Exactly <see cref="SummaryCommentFlow.MaxChars"/> characters in paragraphs, with accents, «», &amp; and markup-looking text.</summary>
    private static string Long(string who)
    {
        var text = new StringBuilder();
        for (var i = 1; text.Length < SummaryCommentFlow.MaxChars; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{i}. {who}: la comunidad de aprendizaje de Diguillín sostuvo el «Plan de Apoyo» con la unidad; ")
                .Append("se ajustó el cronograma por fuerza mayor & se acordó revisar <b>evidencias</b> en la próxima sesión (100 % de asistencia).\n\n");
        }
        var cut = text.ToString(0, SummaryCommentFlow.MaxChars).ToCharArray();
        if (char.IsWhiteSpace(cut[^1])) cut[^1] = '.';
        return new string(cut);
    }

    private async Task SeedSessionsAsync(ReportPeriod period)
    {
        var sessions = e2e.Services.GetRequiredService<SessionRepository>();
        var answers = e2e.Services.GetRequiredService<AnswerRepository>();
        var alex = new Participant("aad-alex", "Alex Wilber");
        var start = period.Start.AddDays(7);
        string[][] given = [[ClosedOptions.Yes, ClosedOptions.Partially, ClosedOptions.No], [ClosedOptions.Yes, ClosedOptions.Yes]];
        for (var i = 0; i < given.Length; i++)
        {
            var s = await sessions.StartAsync(new StartSession(SessionScope.Territory("16-1", "Diguillín"), "dep-ejecucion-evaluacion", 1,
                start.Year.ToString(CultureInfo.InvariantCulture), start.AddDays(14 * i), "Seguimiento del Plan de Apoyo", null, alex, null,
                new SessionUnit("junji:16101001", "Jardín Infantil Los Copihues")));
            string[] questions = ["ej-cond-claridad-que-hacer", "ej-cond-claridad-con-quien", "ej-cond-claridad-recursos"];
            for (var q = 0; q < given[i].Length; q++)
            {
                await answers.SaveAsync(new SaveAnswer(s.Id, questions[q], new ClosedAnswer(given[i][q]), null, alex, 1));
            }
        }
        // One commitment of the unit in the period, so the commitments chart is drawn too.
        await e2e.Services.GetRequiredService<CommitmentService>().CreateAsync(new NewCommitment("junji:16101001", "Registro de asistencia de las familias",
            new PersonRef("p-adele", "Adele Vance"), LocalDate.FromDateOnly(period.End), "Acta", new CommitmentOrigin("s-informe", "19:informe")),
            new PersonRef("aad-alex", "Alex Wilber"), default);
    }

    [Fact]
    public async Task Adviser_drafts_max_length_comments_a_colleague_marks_them_ready_and_the_coordinator_gets_the_docx_with_them_and_the_component_tally()
    {
        var today = e2e.Services.GetRequiredService<ChileTime>().Today;
        var period = ReportPeriod.SemesterOf(today);
        var (send, _) = SummarySchedule.WindowOf(e2e.Services.GetRequiredService<SummaryOptions>(), period)
                        ?? throw new InvalidOperationException("No send date configured in " + period.Key);
        var store = e2e.Services.GetRequiredService<SummaryCommentStore>();
        var chat = e2e.Config.PersonalChat.Id;
        var fileName = $"informe-sintetico-territorio-16-1-{period.Key}.docx";
        await SeedSessionsAsync(period);

        await using var browser = await PlaygroundBrowser.LaunchAsync();
        try
        {
            await browser.OpenAsync(e2e.Playground.BaseUri);
            var composer = browser.TextBox.Last;

            // 1. Alex drafts: 4 000 characters in paragraphs, «Guardar borrador».
            await composer.FillAsync("informe sintético territorio 16-1");
            await composer.PressAsync("Enter");
            var card = browser.Cards("Comentarios del/la profesional · ").Filter(new() { HasText = "Aún no hay comentarios" }).Last;
            await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = Wait });
            await Assertions.Expect(card).ToContainTextAsync("se envía sin ellos");
            await Assertions.Expect(card).ToContainTextAsync("Territorio 16-1 Diguillín");
            await browser.ScreenshotAsync(card, "bitacora-informe-1-comments-card");
            var alexs = Long("Alex");
            await card.GetByRole(AriaRole.Textbox).First.FillAsync(alexs);
            await PlaygroundBrowser.ClickButtonAsync(card, "Guardar borrador");
            card = browser.Cards("Borrador guardado por Alex Wilber").Last;
            await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = Wait });
            await Assertions.Expect(card).Not.ToContainTextAsync("⚠");
            Assert.Equal(alexs, await card.GetByRole(AriaRole.Textbox).First.InputValueAsync());
            var draft = await store.GetAsync(period.Key, Subject, default);
            Assert.Equal((alexs, false), (draft!.Text, draft.Ready));
            await browser.ScreenshotAsync(card, "bitacora-informe-2-draft-saved-max-length");

            // 2. Alex previews the document: a draft is not in it, and it says the comments are in preparation.
            await PlaygroundBrowser.ClickButtonAsync(card, "Descargar informe (.docx)");
            await Assertions.Expect(browser.Cards("Tu archivo está listo").Filter(new() { HasText = fileName }).Last).ToContainTextAsync("(vista previa)", new() { Timeout = Wait });
            var preview = await DownloadAsync(browser, fileName, "bitacora-informe-3-preview-file-card");
            Assert.Contains("aún están en preparación", AllText(preview));
            Assert.DoesNotContain("1. Alex:", AllText(preview));

            // 3. Megan rewrites them and marks them ready, from a newer copy of the card (a card in her own chat, in Teams).
            await composer.FillAsync("informe sintético territorio 16-1");
            await composer.PressAsync("Enter");
            var newer = await e2e.Client.WaitForMessageInAsync(chat, m => m.HasAdaptiveCard && m.Contains("Borrador guardado por Alex Wilber"));
            var megans = Long("Megan");
            await ActAsMeganAsync(chat, newer.MessageId, new JsonObject
            {
                ["verb"] = SummaryCommentAction.Ready, ["subject"] = Subject, ["period"] = period.Key, ["etag"] = draft.ETag, ["comments"] = megans,
            });
            var until = DateTime.UtcNow.AddMilliseconds(Wait); // fire and forget on the Playground's side: wait for the stored row
            while (await store.GetAsync(period.Key, Subject, default) is not { Ready: true, UpdatedBy: "Megan Bowen" })
            {
                Assert.True(DateTime.UtcNow < until, "Megan's «Listos para enviar» never reached the store.");
                await Task.Delay(100);
            }
            Assert.Equal(megans, (await store.GetAsync(period.Key, Subject, default))!.Text);
            card = browser.Cards("marcados por Megan Bowen").Last;
            await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = Wait });
            Assert.Equal(megans, await card.GetByRole(AriaRole.Textbox).First.InputValueAsync());
            await browser.ScreenshotAsync(card, "bitacora-informe-4-ready-by-megan");

            // 4. «resumen» of the territory shows the per-component tally, as facts and as a chart.
            await composer.FillAsync("resumen territorio 16-1");
            await composer.PressAsync("Enter");
            var resumen = browser.Cards("respuestas por componente").Last;
            await Assertions.Expect(resumen).ToBeVisibleAsync(new() { Timeout = Wait });
            await Assertions.Expect(resumen).ToContainTextAsync("Ejecución · Condiciones");
            await browser.ScreenshotAsync(resumen, "bitacora-informe-5-resumen-component-tally");
            // The chart is drawn (its legend shows; the facts write «sin respuesta» in lower case), not its textual fallback.
            await Assertions.Expect(resumen).ToContainTextAsync("Sin respuesta", new() { Timeout = Wait });
            await Assertions.Expect(resumen).Not.ToContainTextAsync(", Parcialmente ");

            // 5. The scheduled send at its configured moment: Alex, coordinator of 16-1, gets the card and the document.
            var run = await e2e.Services.GetRequiredService<SemesterSummaryJob>().RunAsync(send, default);
            Assert.True(run.Sent >= 1, run.ToString());
            var summary = browser.Cards("para la coordinación").Filter(new() { HasText = period.Key[..4] }).Last;
            await Assertions.Expect(summary).ToBeVisibleAsync(new() { Timeout = Wait });
            await Assertions.Expect(summary).ToContainTextAsync("Respuestas por componente");
            await Assertions.Expect(summary).ToContainTextAsync("Sin respuesta", new() { Timeout = Wait }); // the chart's legend
            await browser.ScreenshotAsync(summary, "bitacora-informe-6-coordinator-summary-card");
            var sent = await DownloadAsync(browser, fileName, "bitacora-informe-7-coordinator-file-card");

            var paragraphs = sent["paragraphs"]!.AsArray().Select(p => p!["text"]!.GetValue<string>()).ToList();
            var heading = paragraphs.IndexOf("Comentarios del/la profesional");
            Assert.True(heading >= 0, string.Join("\n", paragraphs));
            Assert.Equal(megans, paragraphs[heading + 1]);
            Assert.StartsWith("Redactados por Megan Bowen", paragraphs[heading + 2]);
            Assert.Contains("Respuestas por componente", paragraphs);
            // Other E2E tests may hold sessions of another guide in 16-1 this period (the suite shares one registry): the rows
            // are then prefixed by the guide's short name («DEP · Ejecución · Condiciones»). Only DEP's rows are checked.
            static string Title(JsonNode? row) => row![0]!.GetValue<string>();
            static bool IsDepConditions(string title) => title is "Ejecución · Condiciones" or "DEP · Ejecución · Condiciones";
            var tally = sent["tables"]!.AsArray().Select(t => t!.AsArray()).Single(t => t.Any(r => IsDepConditions(Title(r))));
            var severalGuides = tally.Any(r => Title(r).StartsWith("DEP · ", StringComparison.Ordinal));
            var dep = tally.Where(r => !severalGuides || Title(r).StartsWith("DEP · ", StringComparison.Ordinal)).ToList();
            Assert.Equal(6, dep.Count); // the six DEP components
            Assert.Matches(@"^Sí \d+ · Parcialmente \d+ · No \d+ · sin respuesta \d+; otras preguntas: \d+ de \d+ respondidas \(\d+ sesiones\)$",
                dep.Single(r => IsDepConditions(Title(r)))![1]!.GetValue<string>());
            // Commitments and Sí / Parcialmente / No per component; a third, the rubric levels, when another test of the suite
            // scored a unit of 16-1 (the rubric chart's words follow its image, one line per criterion).
            var rubricShown = paragraphs.Any(p => p.StartsWith("Coherencia entre etapas: ", StringComparison.Ordinal));
            Assert.Equal(rubricShown ? 3 : 2, sent["images"]!.AsArray().Count);
        }
        catch
        {
            await browser.ScreenshotAsync("bitacora-informe-FAILED");
            throw;
        }
    }

    /// <summary>The file card of <paramref name="fileName"/> → «Descargar» → Chromium's download, read by python-docx.</summary>
    private static async Task<JsonObject> DownloadAsync(PlaygroundBrowser browser, string fileName, string shot)
    {
        var card = browser.Cards("Tu archivo está listo").Filter(new() { HasText = fileName }).Last;
        await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = Wait });
        await browser.ScreenshotAsync(card, shot);
        var download = new TaskCompletionSource<IDownload>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnDownload(object? _, IDownload d) => download.TrySetResult(d);
        void OnPage(object? _, IPage page) => page.Download += OnDownload;
        browser.Page.Download += OnDownload;
        browser.Page.Context.Page += OnPage;
        try
        {
            await card.GetByRole(AriaRole.Link, new() { Name = "Descargar", Exact = true }).First.ClickAsync(new() { Timeout = Wait });
            var file = await download.Task.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(fileName, file.SuggestedFilename);
            var bytes = await File.ReadAllBytesAsync(await file.PathAsync());
            Directory.CreateDirectory(RepoPaths.Combine(".artifacts", "documents"));
            await File.WriteAllBytesAsync(RepoPaths.Combine(".artifacts", "documents", shot + ".docx"), bytes);
            return await PythonReader.ReadDocxAsync(bytes);
        }
        finally
        {
            browser.Page.Download -= OnDownload;
            browser.Page.Context.Page -= OnPage;
        }
    }

    private static string AllText(JsonObject read) =>
        string.Join("\n", read["paragraphs"]!.AsArray().Select(p => p!["text"]!.GetValue<string>())
            .Concat(read["tables"]!.AsArray().SelectMany(t => t!.AsArray()).SelectMany(r => r!.AsArray()).Select(c => c!.GetValue<string>())));

    /// <summary>
    /// Megan presses a button of the comments card: the Playground's invoke API only accepts the chat's own member, so her
    /// invoke goes through its custom-activity API, shaped from its own template (as in LogbookTeamBrowserE2ETests).
    /// </summary>
    private async Task ActAsMeganAsync(string chat, string cardMessageId, JsonObject data)
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
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["title"] = "Listos para enviar", ["verb"] = data["verb"]!.GetValue<string>(), ["data"] = data },
            ["trigger"] = "manual",
        };
        activity["from"] = new JsonObject { ["id"] = megan.Id, ["name"] = megan.Name, ["aadObjectId"] = megan.AadObjectId };
        await e2e.Client.SendCustomActivityAsync(activity);
    }
}
