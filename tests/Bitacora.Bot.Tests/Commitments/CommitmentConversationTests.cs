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
/// Commitments in Teams through the real pipeline: /api/messages, Azurite, the loopback connector, the app's sweep
/// driven on the fake clock. The clock starts Monday 4 May 2026, 09:00 in Santiago (13:00 UTC).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class CommitmentConversationTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Unit = "junji:16101001";
    private static readonly Conversation Group = Conversation.Group("19:ett-nuble@thread.v2");
    private static readonly Conversation AdelePersonal = Conversation.Personal("a:personal-29:adele");
    private static readonly DateTimeOffset ThreeDaysBefore = new(2026, 5, 6, 13, 0, 0, TimeSpan.Zero); // Wed 09:00 Santiago: 3 working days before Mon 11
    private static readonly DateTimeOffset OnTheDay = new(2026, 5, 11, 13, 0, 0, TimeSpan.Zero);

    private BotPipeline _bot = null!;
    private Session _session = null!;

    public async Task InitializeAsync()
    {
        _bot = await BotPipeline.StartAsync(azurite);
        // The registry as the router's authorization needs it: the unit in 16-1, its adviser and its directive team.
        await _bot.RegisterUnitAsync(Unit, "Jardín Infantil Los Copihues", "16-1");
        await _bot.RegisterAsync("29:user-1", "Alex Wilber", TestPeople.Adviser, "16-1");
        await _bot.RegisterAsync("29:adele", "Adele Vance", TestPeople.DirectiveOf(Unit), "16-1");
        // Members as the Teams members API returns them (objectId, givenName/surname, email, userPrincipalName).
        _bot.Connector.Members.Add(FakeConnector.TeamsMember("29:user-1", "aad-29:user-1", "Alex", "Wilber", "alexw@example.com"));
        _bot.Connector.Members.Add(FakeConnector.TeamsMember("29:adele", "aad-29:adele", "Adele", "Vance", "adelev@example.com"));
        _session = await _bot.Get<SessionRepository>().StartAsync(new StartSession(
            SessionScope.Unit(Unit, "Jardín Infantil Los Copihues"), "junji-bitacora-ett", 1, "2026", new DateOnly(2026, 5, 4),
            "Revisar el PEI", null, new Participant("aad-29:user-1", "Alex Wilber"), Group.Id));
    }

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    private static string Text(JsonNode? node) => node?.ToJsonString(Json.Unescaped) ?? "";

    private async Task<JsonObject> FormAsync()
    {
        await _bot.PostAsync(_bot.MentionMessage(Group, "nuevo compromiso"));
        var call = await _bot.Connector.WaitForAsync(c => Text(c.Card).Contains("Nuevo compromiso"));
        return call.Card!;
    }

    private static string AdeleChoice(JsonObject form) =>
        form["body"]!.AsArray().First(e => e?["id"]?.GetValue<string>() == "responsible")!["choices"]!.AsArray()
            .Select(c => c!["value"]!.GetValue<string>()).Single(v => v.Contains("Adele Vance"));

    private async Task<Commitment> CreateAsync(string what = "Actualizar el PEI con la comunidad")
    {
        var form = await FormAsync();
        var response = await _bot.InvokeAsync(_bot.Execute(Group, "commitment.create", new JsonObject
        {
            ["what"] = what,
            ["unit"] = Unit,
            ["responsible"] = AdeleChoice(form),
            ["date"] = "2026-05-11",
            ["verification"] = "Acta del consejo",
        }, "form-card"));
        Assert.Contains("Compromiso registrado", Text(response));
        var id = (await _bot.Get<CommitmentStore>().ListBySessionAsync(_session.Id, CancellationToken.None)).Single(s => s.What == what).Id;
        return (await _bot.Get<CommitmentService>().GetAsync(id, CancellationToken.None))!;
    }

    private async Task<SweepReport> SweepAtAsync(DateTimeOffset at)
    {
        _bot.Time.SetUtcNow(at);
        return await _bot.Get<ReminderSweep>().RunAsync(at, CancellationToken.None);
    }

    private static JsonObject Data(Commitment c, string kind, params (string Key, string Value)[] inputs)
    {
        var data = new JsonObject { ["commitmentId"] = c.Id, ["version"] = c.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), ["kind"] = kind };
        foreach (var (key, value) in inputs)
        {
            data[key] = value;
        }
        return data;
    }

    [Fact]
    public async Task The_summary_button_of_a_finished_session_records_commitments_in_that_session()
    {
        var sessions = _bot.Get<SessionRepository>();
        await sessions.FinishAsync(_session.Id, null);
        Assert.Null(await sessions.GetCurrentForConversationAsync(Group.Id)); // finishing clears the pointer

        // The summary card's «Nuevo compromiso» button.
        await _bot.InvokeAsync(_bot.Execute(Group, "commitment.new", new JsonObject { ["sessionId"] = _session.Id }, "summary-card"));
        var form = (await _bot.Connector.WaitForAsync(c => Text(c.Card).Contains("Nuevo compromiso"))).Card!;
        Assert.Contains("N°1", Text(form));
        Assert.DoesNotContain("No hay una sesión en curso", Text(form));
        var create = form["actions"]!.AsArray().Single(a => a?["verb"]?.GetValue<string>() == "commitment.create")!["data"]!.AsObject();
        Assert.Equal(_session.Id, create["sessionId"]!.GetValue<string>());

        var data = (JsonObject)create.DeepClone();
        data["what"] = "Socializar el plan con las familias";
        data["unit"] = Unit;
        data["responsible"] = AdeleChoice(form);
        data["date"] = "2026-05-11";
        data["verification"] = "Acta";
        var response = await _bot.InvokeAsync(_bot.Execute(Group, "commitment.create", data, "form-card"));
        Assert.Contains("Compromiso registrado", Text(response));
        Assert.DoesNotContain("Sin sesión asociada", Text(response));
        var inSession = await _bot.Get<CommitmentStore>().ListBySessionAsync(_session.Id, CancellationToken.None);
        Assert.Contains(inSession, c => c.What == "Socializar el plan con las familias");
    }

    [Fact]
    public async Task The_form_refuses_bad_input_in_Spanish_and_keeps_what_was_typed()
    {
        var form = await FormAsync();
        var formJson = Text(form);
        Assert.Contains("Adele Vance", formJson);
        Assert.Contains("Jardín Infantil Los Copihues", formJson);
        Assert.Contains("N°1", formJson); // linked to the conversation's session

        var response = await _bot.InvokeAsync(_bot.Execute(Group, "commitment.create", new JsonObject
        {
            ["what"] = "  ",
            ["unit"] = "",
            ["responsible"] = "",
            ["date"] = "2026-02-30",
            ["verification"] = "Registro fotográfico",
        }, "form-card"));
        var card = Text(response["value"]);
        Assert.Contains("Escribe qué se compromete.", card);
        Assert.Contains("Elige la unidad.", card);
        Assert.Contains("Elige a la persona responsable.", card);
        Assert.Contains("La fecha de rendición de cuentas no es válida", card);
        Assert.Contains("Registro fotográfico", card); // typed value kept

        response = await _bot.InvokeAsync(_bot.Execute(Group, "commitment.create", new JsonObject
        {
            ["what"] = "Actualizar el PEI",
            ["unit"] = Unit,
            ["responsible"] = AdeleChoice(form),
            ["date"] = "2026-05-01",
            ["verification"] = "",
        }, "form-card"));
        card = Text(response["value"]);
        Assert.Contains("no puede estar en el pasado", card);
        Assert.Contains("Actualizar el PEI", card);
        Assert.Contains("2026-05-01", card);
        Assert.Empty(await _bot.Get<CommitmentStore>().ListBySessionAsync(_session.Id, CancellationToken.None));
    }

    [Fact]
    public async Task A_commitment_reminds_its_responsible_in_a_new_1to1_and_Cumplido_closes_it()
    {
        var commitment = await CreateAsync();
        Assert.Equal("Adele Vance", commitment.Responsible.Name);
        Assert.Equal(new LocalDate(2026, 5, 11), commitment.AccountabilityDate);
        Assert.Equal(_session.Id, commitment.Origin.SessionId);
        var line = Assert.Single(await _bot.Get<Bitacora.Bot.Sessions.Flow.ISessionCommitmentsSource>().ListAsync(_session.Id, CancellationToken.None));
        Assert.Equal(("Actualizar el PEI con la comunidad", "Adele Vance", new DateOnly(2026, 5, 11)), (line.Text, line.Responsible, line.DueDate));
        var created = Text(_bot.Connector.Calls.Last(c => c.IsUpdate).Card);
        Assert.Contains("miércoles 6 de mayo de 2026, 09:00", created); // derived reminder dates (working days), es-CL, Santiago
        Assert.Contains("3 días hábiles antes", created);

        Assert.Equal(0, (await SweepAtAsync(ThreeDaysBefore.AddMinutes(-5))).Sent);
        _bot.Connector.Clear();
        var report = await SweepAtAsync(ThreeDaysBefore);
        var outbox = await _bot.Get<ReminderOutbox>().GetAsync(commitment.Id, "m3", commitment.Reminders.Single(r => r.Kind.OffsetDays == -3).DueUtc.ToUnixTimeTicks(), CancellationToken.None);
        Assert.True(report.Sent == 1, $"{report} {outbox?.LastError} {string.Join(",", commitment.Reminders)}");
        var create = await _bot.Connector.WaitForAsync(c => c.Method == "POST" && c.Path == "/v3/conversations");
        Assert.Equal("29:adele", create.Body!["members"]![0]!["id"]!.GetValue<string>());
        Assert.Equal("tenant-1", create.Body["tenantId"]!.GetValue<string>());
        var reminder = await _bot.Connector.WaitForAsync(c => c.IsSend && c.ConversationId == AdelePersonal.Id && c.Card is not null);
        Assert.Contains("faltan 3 días hábiles para la fecha de rendición de cuentas (el lunes 11)", Text(reminder.Card));
        Assert.DoesNotContain("Si ya recibiste", Text(reminder.Card));

        var entry = await _bot.Get<ReminderOutbox>().GetAsync(commitment.Id, "m3", commitment.Reminders.Single(r => r.Kind.OffsetDays == -3).DueUtc.ToUnixTimeTicks(), CancellationToken.None);
        var reminderId = entry!.ActivityId!;
        Assert.False(string.IsNullOrEmpty(reminderId));

        // Cumplido without evidence is refused on the card.
        var refused = await _bot.InvokeAsync(_bot.Execute(AdelePersonal, "commitment.done", Data(commitment, "m3"), reminderId, "29:adele", "Adele Vance"));
        Assert.Contains("al menos uno", Text(refused["value"]));

        _bot.Connector.Clear();
        var done = await _bot.InvokeAsync(_bot.Execute(AdelePersonal, "commitment.done",
            Data(commitment, "m3", ("evidenceText", "Acta firmada"), ("evidenceLink", "https://junji.example/acta.pdf")),
            reminderId, "29:adele", "Adele Vance"));
        Assert.Contains("Compromiso cumplido", Text(done["value"]));
        // The refused click's own card update may still arrive after Clear(); wait for the one that carries the evidence.
        var update = await _bot.Connector.WaitForAsync(c => c.IsUpdate && c.ActivityId == reminderId && Text(c.Card).Contains("Acta firmada"));
        Assert.Contains("Acta firmada", Text(update.Card));
        var notice = await _bot.Connector.WaitForAsync(c => c.IsSend && c.ConversationId == Group.Id && c.Text is not null);
        Assert.StartsWith("Adele Vance marcó como cumplido el compromiso «Actualizar el PEI con la comunidad»", notice.Text);

        var stored = await _bot.Get<CommitmentService>().GetAsync(commitment.Id, CancellationToken.None);
        Assert.Equal(CommitmentStatus.Cumplido, stored!.Status);
        Assert.Contains(await _bot.Get<CommitmentStore>().GetHistoryAsync(stored.Unit, stored.Id, CancellationToken.None),
            h => h.By.Name == "Adele Vance" && h.To == "Cumplido");

        _bot.Connector.Clear();
        Assert.Equal(0, (await SweepAtAsync(OnTheDay)).Sent);
        Assert.Equal(0, (await SweepAtAsync(OnTheDay.AddDays(1))).Sent);
        Assert.DoesNotContain(_bot.Connector.Calls, c => c.Card is not null);
    }

    [Fact]
    public async Task When_the_1to1_is_forbidden_the_reminder_goes_to_the_session_conversation_with_a_mention()
    {
        var commitment = await CreateAsync();
        _bot.Connector.Clear();
        _bot.Connector.FailNext(1, 403, when: c => c.Path == "/v3/conversations");

        var report = await SweepAtAsync(ThreeDaysBefore);

        Assert.Equal(1, report.SentToFallback);
        var sent = await _bot.Connector.WaitForAsync(c => c.IsSend && c.ConversationId == Group.Id && c.Card is not null);
        Assert.Contains("<at>Adele Vance</at>", sent.Text);
        var mention = sent.Activity!["entities"]!.AsArray().Single(e => e!["type"]!.GetValue<string>() == "mention")!;
        Assert.Equal("29:adele", mention["mentioned"]!["id"]!.GetValue<string>());
        Assert.Equal("<at>Adele Vance</at>", mention["text"]!.GetValue<string>());
        Assert.Contains("faltan 3 días", Text(sent.Card));
        Assert.DoesNotContain(_bot.Connector.Calls, c => c.ConversationId == AdelePersonal.Id);
        Assert.NotNull(commitment);
    }

    [Fact]
    public async Task Nueva_fecha_moves_the_date_and_rederives_the_reminders()
    {
        var commitment = await CreateAsync();
        await SweepAtAsync(ThreeDaysBefore);
        _bot.Connector.Clear();

        var missing = await _bot.InvokeAsync(_bot.Execute(AdelePersonal, "commitment.reschedule",
            Data(commitment, "m3", ("reason", "Paro comunal")), "rem-1", "29:adele", "Adele Vance"));
        Assert.Contains("Elige una nueva fecha válida.", Text(missing["value"]));
        Assert.Contains("Paro comunal", Text(missing["value"])); // typed reason kept

        var moved = await _bot.InvokeAsync(_bot.Execute(AdelePersonal, "commitment.reschedule",
            Data(commitment, "m3", ("newDate", "2026-05-20"), ("reason", "Paro comunal")), "rem-1", "29:adele", "Adele Vance"));
        Assert.Contains("Nueva fecha registrada", Text(moved["value"]));
        Assert.Contains("miércoles 20 de mayo de 2026", Text(moved["value"]));
        var notice = await _bot.Connector.WaitForAsync(c => c.IsSend && c.ConversationId == Group.Id && c.Text is not null);
        Assert.Contains("Paro comunal", notice.Text);

        var stored = (await _bot.Get<CommitmentService>().GetAsync(commitment.Id, CancellationToken.None))!;
        Assert.Equal(CommitmentStatus.Ajustado, stored.Status);
        Assert.Contains(stored.Reminders, r => r.Kind.OffsetDays == 0 && r.DueUtc == Instant.FromUtc(2026, 5, 20, 13, 0));

        _bot.Connector.Clear();
        Assert.Equal(0, (await SweepAtAsync(OnTheDay)).Sent); // the old day no longer reminds
        Assert.Equal(1, (await SweepAtAsync(new DateTimeOffset(2026, 5, 17, 13, 0, 0, TimeSpan.Zero).AddDays(1))).Sent); // Mon 18 (Sun 17 is not working)
        var reminder = await _bot.Connector.WaitForAsync(c => c.IsSend && c.ConversationId == AdelePersonal.Id && c.Card is not null);
        Assert.Contains("miércoles 20 de mayo de 2026", Text(reminder.Card));
    }

    [Fact]
    public async Task Two_people_acting_on_the_same_card_at_once_one_wins_the_other_sees_the_current_state()
    {
        var commitment = await CreateAsync();
        // The fallback card in the group: two members click at the same moment on version 1.
        var first = _bot.InvokeAsync(_bot.Execute(Group, "commitment.done", Data(commitment, "m3", ("evidenceText", "Acta A")), "rem-g", "29:adele", "Adele Vance"));
        var second = _bot.InvokeAsync(_bot.Execute(Group, "commitment.reschedule", Data(commitment, "m3", ("newDate", "2026-05-29")), "rem-g", "29:user-1", "Alex Wilber"));
        var answers = (await Task.WhenAll(first, second)).Select(a => Text(a["value"])).ToList();

        Assert.Single(answers, a => a.Contains("antes que tú"));
        var stored = (await _bot.Get<CommitmentService>().GetAsync(commitment.Id, CancellationToken.None))!;
        Assert.Equal(2, stored.Version);
        var winner = answers.Single(a => !a.Contains("antes que tú"));
        Assert.Contains(stored.Status == CommitmentStatus.Cumplido ? "Compromiso cumplido" : "Nueva fecha registrada", winner);
        var loser = answers.Single(a => a.Contains("antes que tú"));
        Assert.Contains(stored.Status == CommitmentStatus.Cumplido ? "Adele Vance actualizó" : "Alex Wilber actualizó", loser);
    }

    [Fact]
    public async Task Mis_compromisos_lists_open_commitments_in_the_personal_chat_only()
    {
        var commitment = await CreateAsync();
        await CreateAsync("Planificar la jornada de reflexión");
        _bot.Connector.Clear();

        await _bot.PostAsync(_bot.Message(AdelePersonal, "Mis compromisos", "29:adele", "Adele Vance"));
        var list = await _bot.Connector.WaitForAsync(c => c.Card is not null && c.ConversationId == AdelePersonal.Id);
        var json = Text(list.Card);
        Assert.Contains("Mis compromisos", json);
        Assert.Contains("Actualizar el PEI con la comunidad", json);
        Assert.Contains("Planificar la jornada de reflexión", json);
        Assert.Contains("lunes 11 de mayo de 2026", json);
        Assert.Contains("commitment.show", json);

        var shown = await _bot.InvokeAsync(_bot.Execute(AdelePersonal, "commitment.show", new JsonObject { ["commitmentId"] = commitment.Id }, "list", "29:adele", "Adele Vance"));
        Assert.True(Text(shown).Contains("Listo"), Text(shown));
        var card = await _bot.Connector.WaitForAsync(c => Text(c.Card).Contains("Marcar como cumplido"));
        Assert.Contains("Solicitar ajuste por fuerza mayor", Text(card.Card));

        await _bot.PostAsync(_bot.MentionMessage(Group, "mis compromisos"));
        var answer = await _bot.Connector.WaitForAsync(c => c.ConversationId == Group.Id && (c.Text ?? "").Contains("chat personal"));
        Assert.Null(answer.Card);

        _bot.Connector.Clear();
        await _bot.PostAsync(_bot.Message(Conversation.Personal("a:someone"), "mis compromisos", "29:nobody", "Nadie"));
        var none = await _bot.Connector.WaitForAsync(c => c.ConversationId == "a:someone" && c.Text is not null);
        Assert.Equal("No tienes compromisos abiertos.", none.Text);
    }
}
