using System.Globalization;
using System.Text.Json.Nodes;
using Bitacora.Bot.Commitments;
using Bitacora.Bot.Reminders;
using Bitacora.Bot.Sessions;
using Bitacora.Bot.Tests.Hosting;
using Bitacora.Bot.Tests.Infrastructure;
using Bitacora.Testing;
using NodaTime;

namespace Bitacora.Bot.Tests.Commitments;

/// <summary>
/// Cards never lose what was typed: a card older than the commitment still applies when only Bitácora's bookkeeping
/// changed it; a real conflict shows the current state with the inputs kept; a refusal keeps them too; the acting
/// person is never named as someone else. Real pipeline, Azurite, Monday 4 May 2026 09:00 Santiago.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class StaleCardTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Unit = "junji:16101001";
    private static readonly Conversation Group = Conversation.Group("19:ett-stale@thread.v2");
    private static readonly Conversation AdelePersonal = Conversation.Personal("a:personal-29:adele");

    private BotPipeline _bot = null!;

    public async Task InitializeAsync()
    {
        _bot = await BotPipeline.StartAsync(azurite);
        // The registry as the router's authorization needs it: the unit in 16-1, its adviser and its directive team.
        await _bot.RegisterUnitAsync(Unit, "Jardín Infantil Los Copihues", "16-1");
        await _bot.RegisterAsync("29:user-1", "Alex Wilber", TestPeople.Adviser, "16-1");
        await _bot.RegisterAsync("29:adele", "Adele Vance", TestPeople.DirectiveOf(Unit), "16-1");
        _bot.Connector.Members.Add(FakeConnector.TeamsMember("29:user-1", "aad-29:user-1", "Alex", "Wilber", "alexw@example.com"));
        _bot.Connector.Members.Add(FakeConnector.TeamsMember("29:adele", "aad-29:adele", "Adele", "Vance", "adelev@example.com"));
        await _bot.Get<SessionRepository>().StartAsync(new StartSession(
            SessionScope.Unit(Unit, "Jardín Infantil Los Copihues"), "junji-bitacora-ett", 1, "2026", new DateOnly(2026, 5, 4),
            "Revisar el PEI", null, new Participant("aad-29:user-1", "Alex Wilber"), Group.Id));
    }

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    private static string Text(JsonNode? node) => node?.ToJsonString(Json.Unescaped) ?? "";

    private async Task<Commitment> CreateAsync()
    {
        await _bot.PostAsync(_bot.MentionMessage(Group, "nuevo compromiso"));
        var form = (await _bot.Connector.WaitForAsync(c => Text(c.Card).Contains("Nuevo compromiso"))).Card!;
        var adele = form["body"]!.AsArray().First(e => e?["id"]?.GetValue<string>() == "responsible")!["choices"]!.AsArray()
            .Select(c => c!["value"]!.GetValue<string>()).Single(v => v.Contains("Adele Vance"));
        var response = await _bot.InvokeAsync(_bot.Execute(Group, "commitment.create", new JsonObject
        {
            ["what"] = "Actualizar el PEI con la comunidad", ["unit"] = Unit, ["responsible"] = adele, ["date"] = "2026-05-11",
            ["verification"] = "Acta del consejo",
        }, "form-card"));
        Assert.Contains("Compromiso registrado", Text(response));
        var store = _bot.Get<CommitmentStore>();
        var id = (await store.ListByUnitAsync(Unit, CancellationToken.None)).Single().Id;
        return (await _bot.Get<CommitmentService>().GetAsync(id, CancellationToken.None))!;
    }

    private static JsonObject Data(Commitment c, int version, string kind, params (string Key, string Value)[] inputs)
    {
        var data = new JsonObject { ["commitmentId"] = c.Id, ["version"] = version.ToString(CultureInfo.InvariantCulture), ["kind"] = kind };
        foreach (var (key, value) in inputs)
        {
            data[key] = value;
        }
        return data;
    }

    private Task<JsonObject> AsAdeleAsync(string verb, JsonObject data) =>
        _bot.InvokeAsync(_bot.Execute(AdelePersonal, verb, data, "rem-1", "29:adele", "Adele Vance"));

    private async Task<Commitment> StoredAsync(Commitment c) => (await _bot.Get<CommitmentService>().GetAsync(c.Id, CancellationToken.None))!;

    /// <summary>Runs the sweep at the commitment's first "after" reminder: it is sent and the commitment marked Vencido.</summary>
    private async Task SweepOverdueAsync(Commitment c)
    {
        var after = c.Reminders.Where(r => r.Kind.Phase == ReminderPhase.After).Min(r => r.DueUtc).ToDateTimeOffset();
        _bot.Time.SetUtcNow(after);
        await _bot.Get<ReminderSweep>().RunAsync(after, CancellationToken.None);
        Assert.Equal(CommitmentStatus.Vencido, (await StoredAsync(c)).Status);
    }

    [Fact]
    public async Task Cumplido_on_a_card_the_sweep_made_stale_is_applied()
    {
        var commitment = await CreateAsync();
        await SweepOverdueAsync(commitment); // version 2 by Bitácora: bookkeeping only

        var done = await AsAdeleAsync("commitment.done", Data(commitment, 1, "m3", ("evidenceText", "Acta firmada el lunes")));

        Assert.Contains("Compromiso cumplido", Text(done["value"]));
        Assert.DoesNotContain("antes que tú", Text(done["value"]));
        var stored = await StoredAsync(commitment);
        Assert.Equal((CommitmentStatus.Cumplido, "Acta firmada el lunes", 3), (stored.Status, stored.Evidence?.Text, stored.Version));
    }

    [Fact]
    public async Task A_real_conflict_shows_the_current_state_names_who_and_keeps_the_typed_evidence()
    {
        var commitment = await CreateAsync();
        var moved = await _bot.InvokeAsync(_bot.Execute(Group, "commitment.reschedule",
            Data(commitment, 1, "", ("newDate", "2026-05-15"), ("reason", "Consejo movido")), "rem-g"));
        Assert.Contains("Nueva fecha registrada", Text(moved["value"]));

        var late = Text((await AsAdeleAsync("commitment.done", Data(commitment, 1, "m3",
            ("evidenceText", "Acta firmada por el consejo"), ("evidenceLink", "https://junji.example/acta.pdf"))))["value"]);

        Assert.Contains("Alex Wilber actualizó este compromiso antes que tú", late);
        Assert.Contains("viernes 15 de mayo de 2026", late); // the current state
        Assert.Contains("Acta firmada por el consejo", late); // typed evidence kept in its input
        Assert.Contains("https://junji.example/acta.pdf", late);
        Assert.Contains("\"version\":\"2\"", late); // the next click applies on top of what is there now
        Assert.Equal(CommitmentStatus.Ajustado, (await StoredAsync(commitment)).Status);
    }

    [Fact]
    public async Task The_person_who_changed_it_from_another_card_is_not_named_as_a_stranger()
    {
        var commitment = await CreateAsync();
        await AsAdeleAsync("commitment.reschedule", Data(commitment, 1, "m3", ("newDate", "2026-05-18"), ("reason", "Feriado")));

        var again = Text((await AsAdeleAsync("commitment.done", Data(commitment, 1, "m3", ("evidenceText", "Acta"))))["value"]);

        Assert.Contains("Ya habías actualizado este compromiso", again);
        Assert.DoesNotContain("Adele Vance actualizó", again);
        Assert.Contains("Acta", again);
    }

    [Fact]
    public async Task Nueva_fecha_refused_for_the_same_date_keeps_the_reason()
    {
        var commitment = await CreateAsync();

        var refused = Text((await AsAdeleAsync("commitment.reschedule", Data(commitment, 1, "m3",
            ("newDate", "2026-05-11"), ("reason", "Se cruza con la visita de la supervisora"))))["value"]);

        Assert.Contains("La nueva fecha es igual a la actual.", refused);
        Assert.Contains("Se cruza con la visita de la supervisora", refused);
        Assert.Contains("2026-05-11", refused);
        Assert.Equal(1, (await StoredAsync(commitment)).Version);
    }

    [Fact]
    public async Task Evidence_longer_than_the_card_allows_is_refused_and_kept()
    {
        var commitment = await CreateAsync();
        var tooLong = new string('a', 1001);

        var refused = Text((await AsAdeleAsync("commitment.done", Data(commitment, 1, "m3", ("evidenceText", tooLong))))["value"]);

        Assert.Contains("«Evidencia» admite hasta 1000 caracteres (escribiste 1001)", refused);
        Assert.Contains(tooLong, refused);
        Assert.Equal(CommitmentStatus.Pendiente, (await StoredAsync(commitment)).Status);
    }
}
