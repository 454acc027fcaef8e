using System.Text.Json.Nodes;
using Bitacora.Bot.Registry.Identity;
using Bitacora.Bot.Registry.Storage;
using Bitacora.Bot.Tests.Infrastructure;
using Bitacora.Testing;
using Microsoft.Extensions.Logging;

namespace Bitacora.Bot.Tests.Registry;

/// <summary>
/// The registry in Teams through the real pipeline: the sample registry seeded in Azurite, activities posted to
/// /api/messages as Teams sends them, answers read from the loopback connector.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class TerritoryInTeamsTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private RegistryBot _bot = null!;

    public async Task InitializeAsync() => _bot = await RegistryBot.StartAsync(azurite);

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    [Fact]
    public async Task A_coordinator_sees_the_territory_background_of_their_territory()
    {
        var reply = await _bot.SayAsync(SampleUser.Alex, "territorio");

        var card = reply.Card;
        Assert.NotNull(card);
        Assert.Equal("1.5", card["version"]!.GetValue<string>());
        var json = card.Text();
        Assert.Contains("Antecedentes del territorio y del ETT", json);
        Assert.Contains("Territorio 16-1 — Diguillín", json);
        Assert.Contains("Región de Ñuble", json);
        Assert.Contains("Chillán, Chillán Viejo, Bulnes, Quillón, Pinto, San Ignacio", json);
        // Units per programme (6+9+2+1+0+2+1+1+1) with the total.
        Assert.Contains("""{"title":"Jardín Infantil VTF","value":"9"}""", json);
        Assert.Contains("""{"title":"Modalidad en Comunidades Indígenas","value":"0"}""", json);
        Assert.Contains("""{"title":"Total de unidades","value":"23"}""", json);
        // Staff per discipline: count and names.
        Assert.Contains("""{"title":"Educador/a de párvulos (2)","value":"Alex Wilber, Camila Rojas Muñoz"}""", json);
        Assert.Contains("""{"title":"Asesor/a intercultural (0)","value":"—"}""", json);
        Assert.Contains("""{"title":"Total del equipo","value":"6"}""", json);
        // Learning community organisation.
        Assert.Contains("Mensual, primer martes de cada mes (09:00 a 12:00)", json);
        Assert.Contains("Secretaría de actas rotativa", json);
        // Not an administrator: no edit button.
        Assert.Null(card.ActionData("Editar"));
    }

    [Theory]
    [InlineData("territorio 16-2")]
    [InlineData("territorio Punilla Itata")]
    [InlineData("territorio punilla")]
    public async Task An_adviser_asking_for_another_territory_is_refused_in_Spanish_and_it_is_logged(string text)
    {
        var reply = await _bot.SayAsync(SampleUser.Megan, text);

        Assert.Null(reply.Card);
        Assert.Equal("No trabajas en el territorio 16-2 ni lo coordinas, así que no puedo mostrarte sus antecedentes.", reply.Text);
        Assert.Contains(_bot.Logs.Entries, e => e.Level == LogLevel.Warning && e.Category.EndsWith("VerbGate", StringComparison.Ordinal)
                                                  && e.Message.Contains("meganb@example.com") && e.Message.Contains("Territory 16-2"));
    }

    [Fact]
    public async Task An_adviser_sees_their_own_territory_and_a_directive_team_member_too()
    {
        var megan = await _bot.SayAsync(SampleUser.Megan, "Territorio 16-01");
        var adele = await _bot.SayAsync(SampleUser.Adele, "territorio diguillin");

        Assert.Contains("Territorio 16-1 — Diguillín", megan.Card.Text());
        Assert.Contains("Territorio 16-1 — Diguillín", adele.Card.Text());
    }

    [Fact]
    public async Task Someone_not_in_the_registry_is_told_how_to_get_registered_and_it_is_logged()
    {
        var conv = Conversation.Personal("a:dm-stranger");
        var activity = RegistryBot.As(_bot.Pipeline.Message(conv, "territorio 16-1"), "29:stranger", "Persona Desconocida",
            "7d9c1a52-0000-4000-8000-000000000001");

        var reply = await _bot.SendAsync(activity, conv);

        Assert.StartsWith("No te encuentro en el registro de Bitácora", reply.Text);
        Assert.Contains(_bot.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("(not in registry)")
                                                  && e.Message.Contains("29:stranger"));
    }

    [Fact]
    public async Task An_unknown_territory_gets_the_list_of_valid_ones()
    {
        var reply = await _bot.SayAsync(SampleUser.Alex, "territorio 16-9");
        var byName = await _bot.SayAsync(SampleUser.Alex, "territorio Valdivia");

        Assert.Equal("No encuentro el territorio «16-9». Los territorios del registro son: 16-1 Diguillín, 16-2 Punilla Itata. "
                     + "Escribe, por ejemplo, «territorio 16-1».", reply.Text);
        Assert.Contains("«Valdivia»", byName.Text);
    }

    [Fact]
    public async Task Territorio_works_with_the_bot_mention_in_a_group_chat()
    {
        var group = Conversation.Group("19:ett-diguillin@thread.v2");
        var activity = RegistryBot.As(_bot.Pipeline.MentionMessage(group, "territorio"), SampleUser.Alex);

        var reply = await _bot.SendAsync(activity, group);

        Assert.Contains("Territorio 16-1 — Diguillín", reply.Card.Text());
    }

    [Fact]
    public async Task An_administrator_edits_the_territory_on_the_card_and_everyone_sees_the_update()
    {
        var shown = await _bot.SayAsync(SampleUser.Patti, "territorio 16-1");
        var edit = shown.Card!.ActionData("Editar");
        Assert.NotNull(edit);
        Assert.Equal("territory.edit", edit["verb"]!.GetValue<string>());
        var stored = await _bot.Get<TerritoryStore>().GetAsync("16-1");
        Assert.Equal(stored!.ETag, edit["etag"]!.GetValue<string>());

        var formResponse = await _bot.ClickAsync(SampleUser.Patti, edit, "card-16-1");
        var form = formResponse["value"]!.AsObject();
        Assert.Equal("application/vnd.microsoft.card.adaptive", formResponse["type"]!.GetValue<string>());
        Assert.Equal("Diguillín", form.InputValue("f_name"));
        Assert.Equal("9", form.InputValue("f_units_jardin_vtf"));
        Assert.Equal("Alex Wilber, Camila Rojas Muñoz", form.InputValue("f_staff_educador_parvulos"));
        Assert.Equal("Alex Wilber", form.InputValue("f_representative"));

        var save = form.ActionData("Guardar")!;
        var inputs = form.Inputs();
        inputs["f_name"] = "Diguillín Norte";
        inputs["f_units_jardin_vtf"] = "10";
        inputs["f_staff_nutricionista"] = "Constanza Vergara Lagos, Tomás Leal Soto";
        inputs["f_meetingFrequency"] = "Quincenal";
        foreach (var (key, value) in inputs) save[key] = value?.DeepClone();
        var savedResponse = await _bot.ClickAsync(SampleUser.Patti, save, "card-16-1");

        var saved = savedResponse["value"]!.AsObject();
        Assert.Contains("Cambios guardados.", saved.Text());
        Assert.Contains("Territorio 16-1 — Diguillín Norte", saved.Text());
        Assert.Contains("""{"title":"Total de unidades","value":"24"}""", saved.Text());
        Assert.Contains("""{"title":"Nutricionista (2)","value":"Constanza Vergara Lagos, Tomás Leal Soto"}""", saved.Text());
        var after = await _bot.Get<TerritoryStore>().GetAsync("16-1");
        Assert.Equal("Diguillín Norte", after!.Name);
        Assert.Equal(10, after.UnitsByProgramme["jardin_vtf"]);
        Assert.Equal("Quincenal", after.Organisation.MeetingFrequency);
        Assert.Equal(stored.Communes, after.Communes);
        Assert.Equal(after.ETag, saved.ActionData("Editar")!["etag"]!.GetValue<string>());
        // The card message itself is replaced for everyone in the conversation.
        var update = await _bot.Connector.WaitForAsync(c => c.IsUpdate && c.ActivityId == "card-16-1" && c.Card.Text().Contains("Diguillín Norte"));
        Assert.NotNull(update);
    }

    [Fact]
    public async Task A_concurrent_change_is_not_overwritten_and_the_form_shows_the_current_values()
    {
        var shown = await _bot.SayAsync(SampleUser.Patti, "territorio 16-2");
        var form = (await _bot.ClickAsync(SampleUser.Patti, shown.Card!.ActionData("Editar")!, "card-16-2"))["value"]!.AsObject();

        // Another administrator (or an import) changes the territory meanwhile.
        var store = _bot.Get<TerritoryStore>();
        var current = await store.GetAsync("16-2");
        var other = await store.UpdateAsync(current! with { Name = "Punilla Itata Costa" });
        Assert.Equal(WriteOutcome.Updated, other.Outcome);

        var save = form.ActionData("Guardar")!;
        var inputs = form.Inputs();
        inputs["f_name"] = "Punilla";
        inputs["f_representative"] = "Ignacio Bravo Contreras";
        foreach (var (key, value) in inputs) save[key] = value?.DeepClone();
        var response = await _bot.ClickAsync(SampleUser.Patti, save, "card-16-2");

        var card = response["value"]!.AsObject();
        Assert.Contains("Otra persona modificó este territorio mientras lo editabas", card.Text());
        Assert.Contains("Tus cambios en nombre, organización de la comunidad de aprendizaje no se guardaron.", card.Text());
        Assert.Equal("Punilla Itata Costa", card.InputValue("f_name"));
        Assert.Equal(other.Value!.ETag, card.ActionData("Guardar")!["etag"]!.GetValue<string>());
        var stored = await store.GetAsync("16-2");
        Assert.Equal("Punilla Itata Costa", stored!.Name);
        Assert.Equal("Francisca Henríquez Toro", stored.Organisation.Representative);
    }

    [Fact]
    public async Task Bad_input_keeps_the_form_as_typed_and_writes_nothing()
    {
        var shown = await _bot.SayAsync(SampleUser.Patti, "territorio 16-1");
        var before = await _bot.Get<TerritoryStore>().GetAsync("16-1");
        var form = (await _bot.ClickAsync(SampleUser.Patti, shown.Card!.ActionData("Editar")!, "card-x"))["value"]!.AsObject();

        var save = form.ActionData("Guardar")!;
        var inputs = form.Inputs();
        inputs["f_name"] = "   ";
        inputs["f_communes"] = " , ";
        inputs["f_units_pmi"] = "-2";
        inputs["f_units_ceci"] = "tres";
        inputs["f_otherAgreements"] = "Acuerdo nuevo que no debe perderse";
        foreach (var (key, value) in inputs) save[key] = value?.DeepClone();
        var response = await _bot.ClickAsync(SampleUser.Patti, save, "card-x");

        var card = response["value"]!.AsObject();
        var json = card.Text();
        Assert.Contains("Revisa el formulario; no se guardó nada:", json);
        Assert.Contains("El nombre del territorio no puede quedar vacío.", json);
        Assert.Contains("Indica al menos una comuna.", json);
        Assert.Contains("«Modalidad Programa de Mejoramiento a la Infancia (PMI)» debe ser un número entero mayor o igual a 0 (dice «-2»).", json);
        Assert.Contains("(dice «tres»)", json);
        Assert.Equal("-2", card.InputValue("f_units_pmi"));
        Assert.Equal("tres", card.InputValue("f_units_ceci"));
        Assert.Equal("Acuerdo nuevo que no debe perderse", card.InputValue("f_otherAgreements"));
        Assert.Equal(before!.ETag, card.ActionData("Guardar")!["etag"]!.GetValue<string>());
        var after = await _bot.Get<TerritoryStore>().GetAsync("16-1");
        Assert.Equal(before.ETag, after!.ETag);
    }

    [Fact]
    public async Task A_non_administrator_clicking_a_stale_Editar_or_Guardar_is_refused()
    {
        var shown = await _bot.SayAsync(SampleUser.Patti, "territorio 16-1", Conversation.Group("19:g@thread.v2"));
        var edit = shown.Card!.ActionData("Editar")!;
        var before = await _bot.Get<TerritoryStore>().GetAsync("16-1");

        var editResponse = await _bot.ClickAsync(SampleUser.Alex, edit, "card-g", Conversation.Group("19:g@thread.v2"));
        var save = new JsonObject { ["verb"] = "territory.save", ["territoryId"] = "16-1", ["etag"] = before!.ETag, ["f_name"] = "X", ["f_communes"] = "Chillán" };
        var saveResponse = await _bot.ClickAsync(SampleUser.Megan, save, "card-g", Conversation.Group("19:g@thread.v2"));

        Assert.Equal("application/vnd.microsoft.activity.message", editResponse["type"]!.GetValue<string>());
        Assert.Equal("Esta acción es solo para administradores/as de Bitácora.", editResponse["value"]!.GetValue<string>());
        Assert.Equal("Esta acción es solo para administradores/as de Bitácora.", saveResponse["value"]!.GetValue<string>());
        Assert.Equal(before.ETag, (await _bot.Get<TerritoryStore>().GetAsync("16-1"))!.ETag);
        Assert.Contains(_bot.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("alexw@example.com")
                                                  && e.Message.Contains("Administrador"));
    }

    [Fact]
    public async Task Personas_is_for_coordinators_only()
    {
        var alex = await _bot.SayAsync(SampleUser.Alex, "personas");
        var megan = await _bot.SayAsync(SampleUser.Megan, "personas del territorio 16-1");

        Assert.Contains("Personas del territorio 16-1 — Diguillín", alex.Text);
        Assert.Contains("Megan Bowen (meganb@example.com): Asesor/a ETT · cuenta de Teams vinculada", alex.Text);
        Assert.Contains("Javiera Soto Peña (j.soto@junji.example): Asesor/a ETT · aún sin cuenta de Teams vinculada", alex.Text);
        Assert.Equal("Este comando es para coordinadores/as territoriales o regionales y administradores/as de Bitácora.", megan.Text);
    }
}
