using System.Globalization;
using System.Text.Json.Nodes;
using Bitacora.Bot.Commitments;
using Bitacora.Bot.Sessions;
using Bitacora.Bot.Tests.Hosting;
using Bitacora.Bot.Tests.Infrastructure;
using Bitacora.Testing;
using NodaTime;

namespace Bitacora.Bot.Tests.Commitments;

/// <summary>
/// «Gestionar»: correct (what, date, unit), reassign, cancel with a reason — through the real pipeline on Azurite, as
/// the adviser of 16-1 (Alex) and the unit's director (Adele), Monday 4 May 2026 09:00 Santiago. Reminders follow
/// every change; history keeps it; a stale card keeps what was typed and names who changed it.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ManageCommitmentTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Unit = "junji:16101001";
    private const string SameTerritoryUnit = "junji:16101002";
    private const string OtherTerritoryUnit = "junji:16201001";
    private static readonly Conversation Group = Conversation.Group("19:ett-manage@thread.v2");

    private BotPipeline _bot = null!;

    public async Task InitializeAsync()
    {
        _bot = await BotPipeline.StartAsync(azurite);
        _bot.Time.SetUtcNow(new DateTimeOffset(2026, 5, 4, 13, 0, 0, TimeSpan.Zero));
        await _bot.RegisterUnitAsync(Unit, "Jardín Infantil Los Copihues", "16-1");
        await _bot.RegisterUnitAsync(SameTerritoryUnit, "Jardín Infantil Las Araucarias", "16-1");
        await _bot.RegisterUnitAsync(OtherTerritoryUnit, "Jardín Infantil El Roble", "16-2");
        await _bot.RegisterAsync("29:user-1", "Alex Wilber", TestPeople.Adviser, "16-1");
        await _bot.RegisterAsync("29:adele", "Adele Vance", TestPeople.DirectiveOf(Unit), "16-1");
        _bot.Connector.Members.Add(FakeConnector.TeamsMember("29:user-1", "aad-29:user-1", "Alex", "Wilber", "alexw@example.com"));
        _bot.Connector.Members.Add(FakeConnector.TeamsMember("29:adele", "aad-29:adele", "Adele", "Vance", "adelev@example.com"));
        _bot.Connector.Members.Add(FakeConnector.TeamsMember("29:megan", "aad-29:megan", "Megan", "Bowen", "meganb@example.com"));
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
        var adele = Choices(form, "responsible").Single(v => v.Contains("Adele Vance"));
        var response = await _bot.InvokeAsync(_bot.Execute(Group, "commitment.create", new JsonObject
        {
            ["what"] = "Actualizar el PEI con la comunidad", ["unit"] = Unit, ["responsible"] = adele, ["date"] = "2026-05-11",
            ["verification"] = "Acta del consejo",
        }, "form-card"));
        Assert.Contains("Compromiso registrado", Text(response));
        var id = (await _bot.Get<CommitmentStore>().ListByUnitAsync(Unit, CancellationToken.None)).Single().Id;
        return (await StoredAsync(id))!;
    }

    private static IEnumerable<string> Choices(JsonNode card, string id) =>
        card.DescendantsWithId(id)["choices"]!.AsArray().Select(c => c!["value"]!.GetValue<string>());

    private Task<Commitment?> StoredAsync(string id) => _bot.Get<CommitmentService>().GetAsync(id, CancellationToken.None);

    private static JsonObject Data(Commitment c, int? version, params (string Key, string Value)[] inputs)
    {
        var data = new JsonObject { ["commitmentId"] = c.Id };
        if (version is { } v) data["version"] = v.ToString(CultureInfo.InvariantCulture);
        foreach (var (key, value) in inputs) data[key] = value;
        return data;
    }

    private async Task<string> ClickAsync(string verb, JsonObject data, string user = "29:user-1", string name = "Alex Wilber") =>
        Text((await _bot.InvokeAsync(_bot.Execute(Group, verb, data, "card-1", user, name)))["value"]);

    private async Task<string> MineAsync(string userId, string name)
    {
        var conversation = Conversation.Personal("a:dm-" + userId);
        var seen = _bot.Connector.Calls.ToHashSet(ReferenceEqualityComparer.Instance);
        await _bot.PostAsync(_bot.Message(conversation, "mis compromisos", userId, name));
        var reply = await _bot.Connector.WaitForAsync(c => !seen.Contains(c) && c.ConversationId == conversation.Id && (c.Text is not null || c.Card is not null));
        return reply.Card is null ? reply.Text ?? "" : Text(reply.Card);
    }

    [Fact]
    public async Task Gestionar_opens_a_card_with_the_current_values_and_a_picker_without_the_current_responsible()
    {
        var c = await CreateAsync();

        var card = JsonNode.Parse(await ClickAsync("commitment.manage", Data(c, null)))!;

        Assert.Equal("Actualizar el PEI con la comunidad", card.DescendantsWithId("what")["value"]!.GetValue<string>());
        Assert.Equal("2026-05-11", card.DescendantsWithId("date")["value"]!.GetValue<string>());
        Assert.Contains(SameTerritoryUnit, Choices(card, "unit"));
        Assert.DoesNotContain(OtherTerritoryUnit, Choices(card, "unit"));
        var people = Choices(card, "responsible").ToList();
        Assert.Contains(people, p => p.Contains("Megan Bowen"));
        Assert.DoesNotContain(people, p => p.Contains("Adele Vance"));
    }

    [Fact]
    public async Task A_corrected_date_re_derives_the_reminders_and_is_kept_in_the_history()
    {
        var c = await CreateAsync();

        var shown = await ClickAsync("commitment.edit", Data(c, 1, ("what", "Actualizar el PEI con toda la comunidad"),
            ("date", "2026-05-25"), ("unit", Unit)));

        Assert.Contains("Compromiso corregido", shown);
        var stored = (await StoredAsync(c.Id))!;
        Assert.Equal(("Actualizar el PEI con toda la comunidad", new LocalDate(2026, 5, 25), 2),
            (stored.What, stored.AccountabilityDate, stored.Version));
        Assert.NotEqual(c.Reminders, stored.Reminders);
        var santiago = DateTimeZoneProviders.Tzdb["America/Santiago"];
        Assert.Equal(new LocalDate(2026, 5, 25), stored.Reminders.Single(r => r.Kind.OffsetDays == 0).DueUtc.InZone(santiago).Date);
        Assert.Equal(new LocalDate(2026, 5, 11), c.Reminders.Single(r => r.Kind.OffsetDays == 0).DueUtc.InZone(santiago).Date);
        var history = await _bot.Get<CommitmentStore>().GetHistoryAsync(Unit, c.Id, CancellationToken.None);
        Assert.Contains(history, h => h.What == "qué" && h.To == "Actualizar el PEI con toda la comunidad" && h.By.Name == "Alex Wilber");
        Assert.Contains(history, h => h.What == "fecha" && h.From == "2026-05-11" && h.To == "2026-05-25");
    }

    [Fact]
    public async Task A_new_unit_of_the_same_territory_moves_the_commitment_with_its_history_another_territory_is_refused()
    {
        var c = await CreateAsync();

        var refused = await ClickAsync("commitment.edit", Data(c, 1, ("what", c.What), ("date", "2026-05-11"), ("unit", OtherTerritoryUnit)));
        Assert.Contains("es de otro territorio", refused);
        Assert.Equal(Unit, (await StoredAsync(c.Id))!.Unit);

        var moved = await ClickAsync("commitment.edit", Data(c, 1, ("what", c.What), ("date", "2026-05-11"), ("unit", SameTerritoryUnit)));

        Assert.Contains("Compromiso corregido", moved);
        Assert.Contains("Las Araucarias", moved);
        var store = _bot.Get<CommitmentStore>();
        Assert.Equal(SameTerritoryUnit, (await StoredAsync(c.Id))!.Unit);
        Assert.Empty(await store.ListByUnitAsync(Unit, CancellationToken.None));
        Assert.Single(await store.ListByUnitAsync(SameTerritoryUnit, CancellationToken.None));
        var history = await store.GetHistoryAsync(SameTerritoryUnit, c.Id, CancellationToken.None);
        Assert.Contains(history, h => h.What == "creado");
        Assert.Contains(history, h => h.What == "unidad" && h.From == Unit && h.To == SameTerritoryUnit);
        Assert.Empty(await store.GetHistoryAsync(Unit, c.Id, CancellationToken.None));
        Assert.Contains("Actualizar el PEI con la comunidad", await MineAsync("29:adele", "Adele Vance"));
    }

    [Fact]
    public async Task Reassigning_sends_the_commitment_and_its_reminders_to_the_new_responsible()
    {
        var c = await CreateAsync();
        var card = JsonNode.Parse(await ClickAsync("commitment.manage", Data(c, null)))!;
        var megan = Choices(card, "responsible").Single(v => v.Contains("Megan Bowen"));

        var shown = await ClickAsync("commitment.reassign", Data(c, 1, ("responsible", megan), ("reassignReason", "Adele está con licencia")),
            "29:adele", "Adele Vance");

        Assert.Contains("Compromiso reasignado", shown);
        Assert.Contains("Motivo de la reasignación: Adele está con licencia", shown);
        var stored = (await StoredAsync(c.Id))!;
        Assert.Equal(("Megan Bowen", "29:megan"), (stored.Responsible.Name, stored.Responsible.TeamsUserId));
        Assert.NotEmpty(stored.Reminders);
        var megans = await MineAsync("29:megan", "Megan Bowen");
        Assert.True(megans.Contains("Actualizar el PEI con la comunidad"), megans + " / " + stored.Responsible);
        Assert.Contains("No tienes compromisos abiertos", await MineAsync("29:adele", "Adele Vance"));
        var history = await _bot.Get<CommitmentStore>().GetHistoryAsync(Unit, c.Id, CancellationToken.None);
        Assert.Contains(history, h => h.What == "responsable" && h.From == "Adele Vance" && h.To == "Megan Bowen"
                                      && h.Why == "Adele está con licencia");
    }

    [Fact]
    public async Task Cancelling_needs_a_reason_keeps_the_typed_text_and_then_stops_every_reminder()
    {
        var c = await CreateAsync();

        var noReason = await ClickAsync("commitment.cancel", Data(c, 1, ("what", "Texto a medio editar")));
        Assert.Contains("Escribe el motivo de la cancelación", noReason);
        Assert.Contains("Texto a medio editar", noReason);

        var shown = await ClickAsync("commitment.cancel", Data(c, 1, ("cancelReason", "La unidad cambió de programa")));

        Assert.Contains("Compromiso cancelado", shown);
        Assert.Contains("Motivo de la cancelación: La unidad cambió de programa", shown);
        Assert.DoesNotContain("commitment.manage", shown);
        var stored = (await StoredAsync(c.Id))!;
        Assert.Equal((CommitmentStatus.Cancelado, "La unidad cambió de programa"), (stored.Status, stored.CancellationReason));
        Assert.Empty(stored.Reminders);
        Assert.Contains("No tienes compromisos abiertos", await MineAsync("29:adele", "Adele Vance"));
    }

    [Fact]
    public async Task A_stale_manage_card_shows_the_current_state_names_who_changed_it_and_keeps_what_was_typed()
    {
        var c = await CreateAsync();
        await _bot.InvokeAsync(_bot.Execute(Conversation.Personal("a:dm-adele"), "commitment.reschedule",
            Data(c, 1, ("newDate", "2026-05-15"), ("reason", "Consejo movido")), "rem-1", "29:adele", "Adele Vance"));

        var late = await ClickAsync("commitment.edit", Data(c, 1, ("what", "Actualizar el PEI y el reglamento"), ("date", "2026-05-20"),
            ("unit", Unit)));

        Assert.Contains("Adele Vance actualizó este compromiso antes que tú", late);
        Assert.Contains("viernes 15 de mayo de 2026", late);
        Assert.Contains("Actualizar el PEI y el reglamento", late);
        Assert.Contains("2026-05-20", late);
        Assert.Contains("\"version\":\"2\"", late);
        Assert.Equal(c.What, (await StoredAsync(c.Id))!.What);
    }
}

internal static class CardJson
{
    /// <summary>The first element of an Adaptive Card (at any depth) with this "id".</summary>
    public static JsonNode DescendantsWithId(this JsonNode card, string id) => Find(card, id)
        ?? throw new Xunit.Sdk.XunitException($"No element with id «{id}» in the card.");

    private static JsonNode? Find(JsonNode? node, string id) => node switch
    {
        JsonObject o when o["id"] is JsonValue v && v.TryGetValue<string>(out var s) && s == id => o,
        JsonObject o => o.Select(p => Find(p.Value, id)).FirstOrDefault(n => n is not null),
        JsonArray a => a.Select(n => Find(n, id)).FirstOrDefault(n => n is not null),
        _ => null,
    };
}
