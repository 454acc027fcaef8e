using System.Globalization;
using System.Text.Json.Nodes;
using Bitacora.Bot.Commitments;
using Bitacora.Bot.Commitments.ForceMajeure;
using Bitacora.Bot.Reminders;
using Bitacora.Bot.Tests.Hosting;
using Bitacora.Bot.Tests.Infrastructure;
using Bitacora.Testing;
using NodaTime;

namespace Bitacora.Bot.Tests.Commitments;

/// <summary>
/// Force majeure as a process, through the real pipeline and Azurite, on Monday 4 May 2026 09:00 Santiago: the unit's
/// director (Adele) requests on one card for several commitments; the adviser who recorded them (Alex) gets the card to
/// approve, reject or ask for more; only the approval changes the commitments (each with its own decision), their
/// reminders and history; stale cards keep what was typed and show the current state.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ForceMajeureProcessTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Unit = "junji:16101001";
    private static readonly Conversation AdelePersonal = Conversation.Personal("a:personal-29:adele");
    private static readonly Conversation AlexPersonal = Conversation.Personal("a:personal-29:user-1");

    private BotPipeline _bot = null!;
    private PersonRef _alex = null!;
    private PersonRef _adele = null!;

    public async Task InitializeAsync()
    {
        _bot = await BotPipeline.StartAsync(azurite);
        await _bot.RegisterUnitAsync(Unit, "Jardín Infantil Los Copihues", "16-1");
        var alex = await _bot.RegisterAsync("29:user-1", "Alex Wilber", TestPeople.Adviser, "16-1");
        var adele = await _bot.RegisterAsync("29:adele", "Adele Vance", TestPeople.DirectiveOf(Unit), "16-1");
        _alex = new PersonRef(alex.Email, alex.Name, alex.TeamsUserId, alex.AadObjectId, alex.Email);
        _adele = new PersonRef(adele.Email, adele.Name, adele.TeamsUserId, adele.AadObjectId, adele.Email);
    }

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    private static string Text(JsonNode? node) => node?.ToJsonString(Json.Unescaped) ?? "";

    private Task<Commitment> CreateAsync(string what) =>
        _bot.Get<CommitmentService>().CreateAsync(new NewCommitment(Unit, what, _adele, new LocalDate(2026, 5, 11), "Acta",
            new CommitmentOrigin("s-1", "19:ett@thread.v2")), _alex, default);

    private async Task<Commitment> StoredAsync(Commitment c) => (await _bot.Get<CommitmentService>().GetAsync(c.Id, default))!;

    private Task<JsonObject> AsAdeleAsync(string verb, JsonObject data) =>
        _bot.InvokeAsync(_bot.Execute(AdelePersonal, verb, data, "fm-card", "29:adele", "Adele Vance"));

    private Task<JsonObject> AsAlexAsync(string verb, JsonObject data) =>
        _bot.InvokeAsync(_bot.Execute(AlexPersonal, verb, data, "review-card"));

    private static JsonObject Fields(params (string Key, string Value)[] fields)
    {
        var o = new JsonObject();
        foreach (var (key, value) in fields) o[key] = value;
        return o;
    }

    /// <summary>Adele sends a valid request: c1 reprogrammed to 1 June, c2 suspended, c3 dropped.</summary>
    private async Task<ForceMajeureRequest> RequestAsync(Commitment c1, Commitment c2, Commitment c3)
    {
        var sent = Text((await AsAdeleAsync("fm.request", Fields(("unit", Unit), ("fmKind", "Paro"), ("fmStart", "2026-05-04"),
            ("fmEnd", "2026-05-08"), ("fmDescription", "Paro comunal de funcionarios"), ("fmDocs", "Oficio del sostenedor"),
            ("fmLink", "https://junji.example/oficio.pdf"),
            (ForceMajeureViews.DecisionId(c1.Id), "Reprogramar"), (ForceMajeureViews.DateId(c1.Id), "2026-06-01"),
            (ForceMajeureViews.DecisionId(c2.Id), "Suspender"), (ForceMajeureViews.DecisionId(c3.Id), "Eliminar"))))["value"]);
        Assert.Contains("Solicitud enviada a Alex Wilber", sent);
        Assert.Contains("Tu solicitud por fuerza mayor está en revisión", sent);
        return (await _bot.Get<ForceMajeureService>().Store.ListByUnitAsync(Unit, default)).First();
    }

    private static JsonObject Review(ForceMajeureRequest r, int? version = null, params (string Key, string Value)[] inputs)
    {
        var data = Fields(inputs);
        data["requestId"] = r.Id;
        data["version"] = (version ?? r.Version).ToString(CultureInfo.InvariantCulture);
        foreach (var item in r.Items)
        {
            data[ForceMajeureViews.DecisionId(item.CommitmentId)] ??= item.Decision.ToString();
            data[ForceMajeureViews.DateId(item.CommitmentId)] ??= item.NewDate is { } d ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "";
        }
        return data;
    }

    [Fact]
    public async Task A_request_changes_nothing_until_approved_then_each_commitment_gets_its_decision_reminders_and_history()
    {
        var c1 = await CreateAsync("Actualizar el PEI con la comunidad");
        var c2 = await CreateAsync("Taller con familias");
        var c3 = await CreateAsync("Jornada de reflexión pedagógica");

        await _bot.PostAsync(_bot.Message(AdelePersonal, "fuerza mayor", "29:adele", "Adele Vance"));
        var form = Text((await _bot.Connector.WaitForAsync(c => c.Card is not null && Text(c.Card).Contains("Solicitud por fuerza mayor"))).Card);
        Assert.Contains("Taller con familias", form);
        Assert.Contains("Toma del establecimiento", form);
        Assert.Contains("Reducción presupuestaria", form);

        // Server-side limits equal the card's; what was typed stays on the card.
        var invalid = Text((await AsAdeleAsync("fm.request", Fields(("unit", Unit), ("fmKind", ""), ("fmStart", "2026-05-04"),
            ("fmDescription", new string('x', 1001)), ("fmLink", "oficio.pdf"), (ForceMajeureViews.DecisionId(c1.Id), "Reprogramar"))))["value"]);
        Assert.Contains("Elige el tipo de situación.", invalid);
        Assert.Contains("«Descripción» admite hasta 1000 caracteres (escribiste 1001)", invalid);
        Assert.Contains("El enlace no es válido", invalid);
        Assert.Contains("elige la nueva fecha para ajustar o reprogramar", invalid);
        Assert.Contains("oficio.pdf", invalid);
        Assert.Empty(await _bot.Get<ForceMajeureService>().Store.ListByUnitAsync(Unit, default));

        var request = await RequestAsync(c1, c2, c3);
        Assert.All(new[] { c1, c2, c3 }, c => Assert.Equal(CommitmentStatus.Pendiente, StoredAsync(c).Result.Status));
        var review = await _bot.Connector.WaitForAsync(c => c.IsSend && c.ConversationId == AlexPersonal.Id && Text(c.Card).Contains("por revisar"));
        Assert.Contains("Paro comunal de funcionarios", Text(review.Card));

        // Alex changes c1's decision to «Ajustar» with a new wording before approving.
        var approved = Text((await AsAlexAsync("fm.approve", Review(request, null, (ForceMajeureViews.DecisionId(c1.Id), "Ajustar"),
            (ForceMajeureViews.WhatId(c1.Id), "Actualizar el PEI en dos jornadas"), ("fmNote", "Con respaldo del sostenedor"))))["value"]);
        Assert.Contains("Solicitud por fuerza mayor: Aprobada", approved);

        var a1 = await StoredAsync(c1);
        Assert.Equal((CommitmentStatus.Ajustado, new LocalDate(2026, 6, 1), "Actualizar el PEI en dos jornadas", ForceMajeureDecision.Ajustar),
            (a1.Status, a1.AccountabilityDate, a1.What, a1.ForceMajeureDecision));
        Assert.NotEmpty(a1.Reminders);
        Assert.All(a1.Reminders, r => Assert.True(r.DueUtc > Instant.FromUtc(2026, 5, 20, 0, 0)));
        var a2 = await StoredAsync(c2);
        Assert.Equal((CommitmentStatus.Suspendido, 0), (a2.Status, a2.Reminders.Count));
        var a3 = await StoredAsync(c3);
        Assert.Equal((CommitmentStatus.Eliminado, 0), (a3.Status, a3.Reminders.Count));

        var store = _bot.Get<CommitmentStore>();
        var evt = (await store.GetForceMajeureAsync(Unit, Assert.Single(a1.ForceMajeureEventIds), default))!;
        Assert.Equal((ForceMajeureKind.Paro, 3, new LocalDate(2026, 6, 1), "Adele Vance", "Alex Wilber"),
            (evt.Kind, evt.CommitmentIds.Count, evt.NewDate, evt.RecordedBy.Name, evt.ApprovedBy?.Name));
        var history = await store.GetHistoryAsync(Unit, c1.Id, default);
        Assert.Contains(history, h => h is { What: "fuerza mayor", To: "Ajustar" } && h.By.Name == "Alex Wilber" && h.Why!.Contains("Paro"));
        Assert.Contains(history, h => h is { What: "qué", To: "Actualizar el PEI en dos jornadas" });
        Assert.Contains(await store.GetHistoryAsync(Unit, c3.Id, default), h => h is { What: "estado", To: "Eliminado" });

        var outcome = await _bot.Connector.WaitForAsync(c => c.IsSend && c.ConversationId == AdelePersonal.Id && Text(c.Card).Contains("fue aprobada"));
        Assert.Contains("Suspender", Text(outcome.Card));

        // «mis compromisos»: the adjusted and the suspended one, not the dropped one.
        _bot.Connector.Clear();
        await _bot.PostAsync(_bot.Message(AdelePersonal, "mis compromisos", "29:adele", "Adele Vance"));
        var mine = Text((await _bot.Connector.WaitForAsync(c => c.Card is not null && Text(c.Card).Contains("Mis compromisos"))).Card);
        Assert.Contains("Actualizar el PEI en dos jornadas", mine);
        Assert.Contains("Suspendido por fuerza mayor", mine);
        Assert.DoesNotContain("Jornada de reflexión", mine);

        // The old reminders no longer fire (the day before and the day itself of the old date).
        _bot.Connector.Clear();
        var sweep = await _bot.Get<ReminderSweep>().RunAsync(new DateTimeOffset(2026, 5, 11, 13, 0, 0, TimeSpan.Zero), default);
        Assert.Equal(0, sweep.Sent);
    }

    [Fact]
    public async Task More_information_goes_back_and_forth_then_a_rejection_leaves_the_commitments_as_they_were()
    {
        var c1 = await CreateAsync("Actualizar el PEI con la comunidad");
        var c2 = await CreateAsync("Taller con familias");
        var c3 = await CreateAsync("Jornada de reflexión pedagógica");
        var request = await RequestAsync(c1, c2, c3);

        var empty = Text((await AsAlexAsync("fm.moreInfo", Review(request, null, (ForceMajeureViews.DecisionId(c2.Id), "Reprogramar"))))["value"]);
        Assert.Contains("Escribe qué información necesitas.", empty);
        Assert.Contains("\"value\":\"Reprogramar\"", empty); // the changed decision is kept

        var asked = Text((await AsAlexAsync("fm.moreInfo", Review(request, null, ("fmNote", "¿Cuántos días duró el paro?"))))["value"]);
        Assert.Contains("Se pidió más información", asked);
        var toAdele = await _bot.Connector.WaitForAsync(c => c.IsSend && c.ConversationId == AdelePersonal.Id && Text(c.Card).Contains("Piden más información"));
        Assert.Contains("¿Cuántos días duró el paro?", Text(toAdele.Card));
        Assert.Contains("fm.answer", Text(toAdele.Card));

        _bot.Connector.Clear();
        var answered = Text((await AsAdeleAsync("fm.answer", Fields(("requestId", request.Id), ("version", "2"),
            ("fmAnswer", "Cinco días hábiles"), ("fmLink", "https://junji.example/acta-paro.pdf"))))["value"]);
        Assert.Contains("está en revisión", answered);
        var again = await _bot.Connector.WaitForAsync(c => c.IsSend && c.ConversationId == AlexPersonal.Id && Text(c.Card).Contains("por revisar"));
        Assert.Contains("Cinco días hábiles", Text(again.Card));

        var rejected = Text((await AsAlexAsync("fm.reject", Review(request, 3, ("fmNote", "El paro no afectó al jardín"))))["value"]);
        Assert.Contains("Solicitud por fuerza mayor: Rechazada", rejected);
        await _bot.Connector.WaitForAsync(c => c.IsSend && c.ConversationId == AdelePersonal.Id && Text(c.Card).Contains("fue rechazada"));
        foreach (var c in new[] { c1, c2, c3 })
        {
            var now = await StoredAsync(c);
            Assert.Equal((CommitmentStatus.Pendiente, 1, 0), (now.Status, now.Version, now.ForceMajeureEventIds.Count));
        }
    }

    [Fact]
    public async Task Stale_cards_keep_what_was_typed_show_the_current_state_and_apply_nothing()
    {
        var c1 = await CreateAsync("Actualizar el PEI con la comunidad");
        var c2 = await CreateAsync("Taller con familias");
        var c3 = await CreateAsync("Jornada de reflexión pedagógica");
        var request = await RequestAsync(c1, c2, c3);

        // Adele moves c1 herself after sending the request: the approval refuses, shows the new date, keeps the note.
        var moved = await AsAdeleAsync("commitment.reschedule", Fields(("commitmentId", c1.Id), ("version", "1"), ("kind", ""),
            ("newDate", "2026-05-18"), ("reason", "Consejo movido")));
        Assert.Contains("Nueva fecha registrada", Text(moved["value"]));
        var stale = Text((await AsAlexAsync("fm.approve", Review(request, null, ("fmNote", "Aprobado con oficio"))))["value"]);
        Assert.Contains("cambió desde que se envió la solicitud", stale);
        Assert.Contains("lunes 18 de mayo de 2026", stale);
        Assert.Contains("Aprobado con oficio", stale);
        Assert.Equal(CommitmentStatus.Pendiente, (await StoredAsync(c2)).Status);

        // An older card of the request (version 1) is refused too, naming nobody as a stranger, keeping the note.
        var refreshed = (await _bot.Get<ForceMajeureService>().GetAsync(request.Id, default))!;
        Assert.Equal(2, refreshed.Version);
        var old = Text((await AsAlexAsync("fm.approve", Review(request, 1, ("fmNote", "Aprobado con oficio"))))["value"]);
        Assert.Contains("ya actualizó esta solicitud", old);
        Assert.Contains("Aprobado con oficio", old);

        // The card as now shown (version 2) applies.
        var approved = Text((await AsAlexAsync("fm.approve", Review(refreshed, null, ("fmNote", "Aprobado con oficio"))))["value"]);
        Assert.Contains("Aprobada", approved);
        Assert.Equal(new LocalDate(2026, 6, 1), (await StoredAsync(c1)).AccountabilityDate);
        Assert.Equal(CommitmentStatus.Suspendido, (await StoredAsync(c2)).Status);

        // Approving again (another reviewer's old card) changes nothing.
        var twice = Text((await AsAlexAsync("fm.approve", Review(refreshed)))["value"]);
        Assert.Contains("Alex Wilber ya aprobó esta solicitud", twice);
    }

    [Fact]
    public async Task Nobody_approves_their_own_request()
    {
        var c1 = await CreateAsync("Actualizar el PEI con la comunidad");
        var fm = _bot.Get<ForceMajeureService>();
        var items = new[] { new ForceMajeureItem(c1.Id, c1.What, 1, ForceMajeureDecision.Suspender) };
        var request = await fm.SubmitAsync(new ForceMajeureSubmission(Unit, ForceMajeureKind.Huelga, new LocalDate(2026, 5, 4), null,
            "Huelga", null, null, items, null), _alex, default);

        var result = await fm.ApproveAsync(request.Id, request.Version, items, null, _alex, default);

        Assert.Equal(ForceMajeureTextKeys.RefuseSelf, Assert.IsType<ForceMajeureResult.Refused>(result).ReasonKey);
        Assert.Equal(CommitmentStatus.Pendiente, (await StoredAsync(c1)).Status);
    }
}
