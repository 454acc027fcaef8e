using System.Text.Json.Nodes;
using Bitacora.Bot.Cards;
using Bitacora.Bot.Hosting;
using Bitacora.Bot.Tests.Infrastructure;
using Bitacora.Testing;

namespace Bitacora.Bot.Tests.Sessions.Flow;

/// <summary>
/// Issue 11, "stage and context everywhere" on the summary: components named with their stage, lead-ins kept (once per
/// group), a Sí / Parcialmente / No / sin respuesta tally per component in words and as a Chart.* with a text
/// fallback, long answers previewed, and its commitment count updated in place when one is created from it.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class SummaryCardTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private BotPipeline _bot = null!;

    public async Task InitializeAsync()
    {
        _bot = await BotPipeline.StartAsync(azurite, settings: MeetingDriver.SeededRegistry);
        await _bot.RegisterAsync("29:user-1", "Alex Wilber", TestPeople.Adviser, "16-1");
    }

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    private static string Text(JsonNode? node) => MeetingDriver.Text(node);

    [Fact]
    public async Task The_summary_names_stages_keeps_lead_ins_charts_the_tally_previews_long_answers_and_counts_new_commitments()
    {
        var meeting = new MeetingDriver(_bot, Conversation.Group("19:summary-" + Guid.NewGuid().ToString("N")[..8] + "@thread.v2"));
        await meeting.TypeAsync("iniciar sesión", "Nueva sesión");
        await meeting.ClickAsync("session.create", new JsonObject
        {
            ["guideId"] = "dep-ejecucion-evaluacion", ["scopeId"] = "unit:junji:16101001", ["date"] = "2026-05-04", ["objective"] = "Revisar", ["strategy"] = "",
        });
        var longAnswer = string.Concat(Enumerable.Repeat("La directora y el equipo técnico revisaron el plan con las familias. ", 58))[..4000];
        await meeting.ClickAsync("session.answer", new JsonObject
        {
            ["q.ej-cond-actores-involucrados"] = longAnswer,
            ["q.ej-cond-claridad-que-hacer"] = "si",
            ["q.ej-cond-claridad-con-quien"] = "parcialmente",
            ["q.ej-cond-claridad-recursos"] = "no",
        });
        await meeting.FinishAsync();
        var summary = meeting.Card;
        var json = Text(summary);

        // Components with their stage; the lead-in once for the questions it introduces; questions numbered.
        Assert.Contains("Etapa de Ejecución · Condiciones (1 de 3) — 4 de 9 respondidas", json);
        Assert.Contains("Etapa de Evaluación · Condiciones (1 de 3) — 0 de", json);
        Assert.Equal(1, Occurrences(json, "Los actores involucrados tienen claridad de:"));
        Assert.Contains("2. ¿Lo que deben hacer?", json);
        // The tally in words on the component, and as a chart whose fallback has the same figures.
        Assert.Contains("Sí 1 · Parcialmente 1 · No 1 · sin respuesta 3", json);
        var chart = summary["body"]!.AsArray().Single(e => e?["type"]?.GetValue<string>() == "Chart.HorizontalBar.Stacked")!;
        var row = chart["data"]!.AsArray().First(r => r!["title"]!.GetValue<string>() == "Ejecución · Condiciones")!;
        Assert.Equal([1, 1, 1, 3], row["data"]!.AsArray().Select(p => p!["value"]!.GetValue<int>()));
        Assert.Equal(["Sí", "Parcialmente", "No", "sin respuesta"], row["data"]!.AsArray().Select(p => p!["legend"]!.GetValue<string>()));
        Assert.Contains("Ejecución · Condiciones: Sí 1 · Parcialmente 1 · No 1 · sin respuesta 3", chart["fallback"]!["text"]!.GetValue<string>());
        // Compact: the 4 000-character answer is a preview; the card stays within the design budget.
        Assert.DoesNotContain(longAnswer, json);
        Assert.Contains(longAnswer[..150], json);
        Assert.True(CardBudget.Measure(summary) <= CardBudget.DesignBytes, $"summary is {CardBudget.Measure(summary)} bytes");
        Assert.Contains("Compromisos registrados en esta sesión: 0", json);

        // «Nuevo compromiso» on the summary → the form → «Registrar»: the summary (for everyone) now counts it.
        var seen = _bot.Connector.Calls.ToHashSet(ReferenceEqualityComparer.Instance);
        await meeting.ClickAsync("commitment.new", card: summary);
        var form = (await _bot.Connector.WaitForAsync(c => !seen.Contains(c) && c.Card is { } f && Text(f).Contains("commitment.create"))).Card!;
        var create = MeetingDriver.ActionData(form, "commitment.create");
        create["what"] = "Socializar el plan con las familias";
        create["unit"] = "junji:16101001";
        create["responsible"] = MeetingDriver.Inputs(form)["responsible"]["choices"]![0]!["value"]!.GetValue<string>();
        create["date"] = "2026-05-20";
        create["verification"] = "Acta";
        var created = await _bot.InvokeAsync(_bot.Execute(meeting.Conversation, "commitment.create", create, "form-card"));
        Assert.Contains("Compromiso registrado", Text(created));
        await _bot.Get<SharedCardUpdates>().WhenIdleAsync();
        var updated = await _bot.Connector.WaitForAsync(c => c.IsUpdate && c.ActivityId == meeting.CardActivityId
                                                             && Text(c.Card).Contains("Compromisos registrados en esta sesión: 1"));
        Assert.Contains("Socializar el plan con las familias", Text(updated.Card));
    }

    private static int Occurrences(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }
}
