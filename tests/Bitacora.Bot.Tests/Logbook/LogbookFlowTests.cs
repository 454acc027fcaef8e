using System.Text.Json.Nodes;
using Bitacora.Bot.Commitments;
using Bitacora.Bot.Logbook;
using Bitacora.Bot.Registry.Storage;
using Bitacora.Bot.Sessions;
using Bitacora.Bot.Tests.Infrastructure;
using Bitacora.Bot.Tests.Sessions.Flow;
using Bitacora.Testing;
using NodaTime;

namespace Bitacora.Bot.Tests.Logbook;

/// <summary>
/// The JUNJI period logbook through the real pipeline (Azurite, the sample registry, the fake connector): filled once,
/// records N°1…3 numbered apart from DEP, prefill and write-back, carry-over, evaluation, the Word document.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class LogbookFlowTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Junji = "junji-bitacora-ett";
    private const string Dep = "dep-ejecucion-evaluacion";
    private BotPipeline _bot = null!;

    public async Task InitializeAsync()
    {
        _bot = await BotPipeline.StartAsync(azurite, settings: MeetingDriver.SeededRegistry);
        await _bot.RegisterAsync("29:user-1", "Alex Wilber", TestPeople.Adviser, "16-1");
    }

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    private static string Text(JsonNode? node) => MeetingDriver.Text(node);

    private async Task<MeetingDriver> StartAsync(MeetingDriver meeting, string guideId, string scopeId, string objective, string strategy, string date = "2026-05-04")
    {
        await meeting.TypeAsync("iniciar sesión", "Nueva sesión");
        await meeting.ClickAsync("session.create", new JsonObject
        {
            ["guideId"] = guideId, ["scopeId"] = scopeId, ["date"] = date, ["objective"] = objective, ["strategy"] = strategy,
        });
        return meeting;
    }

    private async Task<Session> CurrentAsync(MeetingDriver meeting) =>
        (await _bot.Get<SessionRepository>().GetCurrentForConversationAsync(meeting.Conversation.Id))!;

    [Fact]
    public async Task The_period_logbook_is_filled_once_and_records_one_to_three_carry_over_without_sharing_numbers_with_DEP()
    {
        // A DEP session about a unit of the same territory takes the territory's N°1 first.
        var dep = await StartAsync(new MeetingDriver(_bot, Conversation.Group("19:dep@thread.v2")), Dep, "unit:junji:16101001", "Condiciones", "Visita");
        Assert.Contains("Sesión N°1", Text(dep.Card));

        // First JUNJI meeting: Registro N°1 of the logbook (not N°2), the start form's fields, the first-meeting offer.
        var ett = new MeetingDriver(_bot, Conversation.Group("19:ett@thread.v2"));
        await StartAsync(ett, Junji, "territory:16-1", "Planificar el periodo", "Conversatorio");
        var record1 = Text(ett.Card);
        Assert.Contains("Registro Comunidad de Aprendizaje N°1", record1);
        Assert.Contains("Planificar el periodo", record1);
        Assert.Contains("Primera reunión del periodo", record1);
        Assert.Contains("Es el primer registro", record1);

        // The logbook: background prefilled from the registry, never typed.
        await ett.ClickAsync("logbook.open");
        Assert.Contains("Paso 1 de 7", Text(ett.Card));
        Assert.Equal("Diguillín", MeetingDriver.InputValue(ett.Card, "q.nombre-territorio"));
        Assert.Equal("1", MeetingDriver.InputValue(ett.Card, "q.numero-territorio"));
        Assert.Contains("Tomado del registro de territorios", Text(ett.Card));

        // Correcting the communes writes them back to the registry (and keeps the previous value as history).
        await ett.ClickAsync("logbook.save", new JsonObject { ["q.comunas-territorio"] = "Chillán, Chillán Viejo, Bulnes, Quillón, Pinto, San Ignacio, El Carmen" });
        Assert.Contains("También actualicé el registro del territorio", Text(ett.Card));
        Assert.Contains("Editado · antes:", Text(ett.Card));
        var territory = await _bot.Get<TerritoryStore>().GetAsync("16-1");
        Assert.Contains("El Carmen", territory!.Communes);

        // Staffing prefilled too: two educators of párvulos listed in the registry.
        await ett.ClickAsync("logbook.step", new JsonObject { ["goto"] = "dotacion-asesores" });
        Assert.Equal("2", MeetingDriver.InputValue(ett.Card, "q.dotacion-educador-parvulos"));

        // Topics and the projected total, then «lista».
        await ett.ClickAsync("logbook.step", new JsonObject { ["goto"] = "implementacion" });
        await ett.ClickAsync("logbook.save", new JsonObject
        {
            ["t.tematicas-caett.tematica"] = "Juego y aprendizaje", ["t.tematicas-caett.fecha"] = "2026-05-20",
            ["t.tematicas-caett.estrategia"] = "Revisión de casos", ["q.total-caett-proyectadas"] = "3",
        });
        Assert.Contains("Guardé 2 respuestas", Text(ett.Card));
        await ett.ClickAsync("logbook.filled");
        Assert.Contains("marcada como completa", Text(ett.Card));

        // Back to Registro N°1: only the record (1 section), Fecha / Objetivo / Estrategia already there.
        await ett.ClickAsync("logbook.record");
        var section = Text(ett.Card);
        Assert.Contains("Sección 1 de 1", section);
        Assert.Contains("Registro Comunidad de Aprendizaje N°1", section);
        Assert.DoesNotContain("Sesión N°", section);
        Assert.DoesNotContain("Antecedentes del territorio", section);
        Assert.Equal("Planificar el periodo", MeetingDriver.InputValue(ett.Card, "q.rc-objetivo"));
        Assert.Equal("Conversatorio", MeetingDriver.InputValue(ett.Card, "q.rc-estrategia"));
        Assert.Equal("2026-05-04", MeetingDriver.InputValue(ett.Card, "q.rc-fecha"));
        await ett.ClickAsync("session.answer", new JsonObject
        {
            ["q.rc-proyecciones-ue"] = "Visitar los jardines VTF con la pauta de juego", ["q.rc-proyecciones-ett"] = "Preparar un conversatorio sobre juego",
        });
        var first = await CurrentAsync(ett);
        Assert.Equal(1, first.Number);
        Assert.Equal("logbook:junji-bitacora-ett:16-1:2026", first.Logbook);
        await _bot.Get<CommitmentService>().CreateAsync(new NewCommitment("junji:16101001", "Enviar la pauta de juego a las UE",
            new PersonRef("aad-29:user-1", "Alex Wilber"), new LocalDate(2026, 6, 1), "Correo", new CommitmentOrigin(first.Id, ett.Conversation.Id)),
            new PersonRef("aad-29:user-1", "Alex Wilber"), default);
        await ett.FinishAsync();

        // Second meeting: N°2 starts with N°1's projections and the open commitment; nothing about the background.
        _bot.Time.Advance(TimeSpan.FromDays(14));
        await StartAsync(ett, Junji, "territory:16-1", "Analizar las visitas", "Revisión de casos", "2026-05-18");
        var record2 = Text(ett.Card);
        Assert.Contains("Registro Comunidad de Aprendizaje N°2", record2);
        Assert.Contains("Viene del Registro N°1", record2);
        Assert.Contains("Visitar los jardines VTF con la pauta de juego", record2);
        Assert.Contains("Preparar un conversatorio sobre juego", record2);
        Assert.Contains("Enviar la pauta de juego a las UE", record2);
        Assert.DoesNotContain("Primera reunión del periodo", record2);
        var topicId = MeetingDriver.Inputs(ett.Card)["topics"]["choices"]![0]!["value"]!.GetValue<string>();
        await ett.ClickAsync("logbook.record", new JsonObject { ["topics"] = topicId });
        Assert.Contains("Temáticas abordadas guardadas", Text(ett.Card));
        await ett.ClickAsync("session.answer", new JsonObject { ["q.rc-proyecciones-ue"] = "Acompañar a dos UE priorizadas" });
        await ett.FinishAsync();

        // Third meeting: N°3, and the evaluation is offered (3 of 3 projected held).
        _bot.Time.Advance(TimeSpan.FromDays(14));
        await StartAsync(ett, Junji, "territory:16-1", "Cerrar el semestre", "Conversatorio", "2026-06-01");
        var record3 = Text(ett.Card);
        Assert.Contains("Registro Comunidad de Aprendizaje N°3", record3);
        Assert.Contains("Acompañar a dos UE priorizadas", record3);
        Assert.Contains("Ya se realizaron las 3 CAETT proyectadas", record3);

        // The evaluation step on its own.
        await ett.ClickAsync("logbook.open", title: "Evaluación del periodo");
        Assert.Contains("Paso 7 de 7: Evaluación del periodo", Text(ett.Card));
        await ett.ClickAsync("logbook.evaluated", new JsonObject
        {
            ["q.ev-analisis-reflexion"] = "El juego guió las visitas", ["q.ev-proyeccion-proximo-periodo"] = "Sumar a los jardines familiares",
        });
        Assert.Contains("Evaluación del periodo cerrada", Text(ett.Card));

        // DEP keeps its own numbering: the next DEP session about the territory is N°2, not N°4.
        await dep.FinishAsync();
        await StartAsync(dep, Dep, "unit:junji:16101002", "Seguimiento", "Visita");
        Assert.Contains("Sesión N°2", Text(dep.Card));

        // The document, read back by DocumentFormat.OpenXml (and python-docx when installed).
        var logbook = (await _bot.Get<LogbookService>().GetAsync(new LogbookKey(Junji, "16-1", "2026"), default))!;
        Assert.NotNull(logbook.FilledAt);
        Assert.NotNull(logbook.EvaluatedAt);
        var view = await _bot.Get<LogbookFlow>().ViewAsync(logbook, _bot.Get<Bitacora.Bot.Guides.GuideCatalog>().Get(Junji), default);
        var bytes = _bot.Get<Bitacora.Bot.Logbook.Document.LogbookDocument>().Build(view, _bot.Time.GetUtcNow());
        var text = DocxReader.Paragraphs(bytes);
        foreach (var expected in new[]
                 {
                     "Bitácora del equipo técnico territorial", "Periodo lectivo 2026", "Diguillín", "El Carmen",
                     "REGISTRO COMUNIDAD DE APRENDIZAJE N°1", "REGISTRO COMUNIDAD DE APRENDIZAJE N°2", "REGISTRO COMUNIDAD DE APRENDIZAJE N°3",
                     "Planificar el periodo", "Analizar las visitas", "Cerrar el semestre", "4 de mayo de 2026", "18 de mayo de 2026",
                     "Visitar los jardines VTF con la pauta de juego", "Preparar un conversatorio sobre juego", "Acompañar a dos UE priorizadas",
                     "Juego y aprendizaje", "N°2", "El juego guió las visitas", "Sumar a los jardines familiares",
                 })
        {
            Assert.Contains(expected, text);
        }
        await DocxReader.AssertPythonDocxReadsAsync(bytes, ["REGISTRO COMUNIDAD DE APRENDIZAJE N°3", "Acompañar a dos UE priorizadas", "El Carmen"]);

        // «bitácora descargar» in the chat: the files feature's card with a short-lived link that downloads this document.
        await _bot.PostAsync(_bot.Message(ett.Conversation, "bitácora descargar"));
        var delivered = await _bot.Connector.WaitForAsync(c => c.Card is { } card && Text(card).Contains("bitacora-16-1-2026.docx"));
        Assert.Contains("documento Word generado (3 registros", Text(delivered.Card));
        var url = delivered.Card!["actions"]!.AsArray().OfType<JsonObject>().Single(a => a["title"]!.GetValue<string>() == "Descargar")["url"]!.GetValue<string>();
        var download = await _bot.Client.GetAsync(new Uri(url).PathAndQuery);
        Assert.True(download.IsSuccessStatusCode);
        var downloaded = await download.Content.ReadAsByteArrayAsync();
        Assert.Contains("REGISTRO COMUNIDAD DE APRENDIZAJE N°3", DocxReader.Paragraphs(downloaded));
    }

    [Fact]
    public async Task Fifty_advisers_adding_topics_to_the_logbook_at_once_are_all_stored_and_a_bad_number_is_shown_not_saved()
    {
        var ett = new MeetingDriver(_bot, Conversation.Group("19:fifty@thread.v2"));
        foreach (var i in Enumerable.Range(1, 50))
        {
            await _bot.RegisterAsync($"29:adviser-{i}", $"Asesora {i:D2}", TestPeople.Adviser, "16-1");
        }
        await ett.TypeAsync("bitácora 16-1 2026", "Bitácora del periodo 2026");
        await ett.ClickAsync("logbook.step", new JsonObject { ["goto"] = "implementacion" });
        var card = ett.Card;

        var clicks = Enumerable.Range(1, 50).Select(i =>
        {
            var data = MeetingDriver.ActionData(card, "logbook.save");
            data["t.tematicas-caett.tematica"] = $"Temática {i:D2}";
            data["t.tematicas-caett.fecha"] = "15-06-2026";
            return _bot.Execute(ett.Conversation, "logbook.save", data, ett.CardActivityId, $"29:adviser-{i}", $"Asesora {i:D2}");
        }).ToList();
        var responses = await Task.WhenAll(clicks.Select(c => Task.Run(() => _bot.InvokeAsync(c))));
        Assert.All(responses, r => Assert.Equal("application/vnd.microsoft.card.adaptive", r["type"]!.GetValue<string>()));
        var key = new LogbookKey(Junji, "16-1", "2026");
        var stored = (TableAnswer)(await _bot.Get<AnswerRepository>().GetAsync(key.Id, "tematicas-caett"))!.Value;
        Assert.Equal(Enumerable.Range(1, 50).Select(i => $"Temática {i:D2}"), stored.Rows.Select(r => r.Cells["tematica"]).Order());

        await ett.ClickAsync("logbook.save", new JsonObject { ["q.total-caett-proyectadas"] = "ocho" }, card: card);
        var final = Text(ett.Card);
        Assert.Contains("«ocho» no es un número", final);
        Assert.Equal("ocho", MeetingDriver.InputValue(ett.Card, "q.total-caett-proyectadas"));
        Assert.Contains("Fila 50", final);
        Assert.Null(await _bot.Get<AnswerRepository>().GetAsync(key.Id, "total-caett-proyectadas"));
    }

    [Fact]
    public async Task The_topics_table_refuses_the_row_that_would_pass_what_storage_keeps_with_a_message_and_the_row_still_typed()
    {
        var ett = new MeetingDriver(_bot, Conversation.Group("19:full-table@thread.v2"));
        await ett.TypeAsync("bitácora 16-1 2026", "Bitácora del periodo 2026");
        await ett.ClickAsync("logbook.step", new JsonObject { ["goto"] = "implementacion" });
        static string Long(char c, int i) => $"Fila {i}: " + new string(c, AnswerRules.MaxTextLength - 8);
        JsonObject Row(int i) => new()
        {
            ["t.tematicas-caett.tematica"] = Long('t', i), ["t.tematicas-caett.fecha"] = "15-06-2026", ["t.tematicas-caett.estrategia"] = Long('e', i),
        };
        var key = new LogbookKey(Junji, "16-1", "2026");
        async Task<TableAnswer> StoredAsync() => (TableAnswer)(await _bot.Get<AnswerRepository>().GetAsync(key.Id, "tematicas-caett"))!.Value;

        // Three rows with both texts at their maximum: 24 000 characters of text, stored (Azurite enforces Table
        // Storage's 64 KiB per property, so this also proves the bound is under it).
        for (var i = 1; i <= 3; i++) await ett.ClickAsync("logbook.save", Row(i));
        Assert.Equal(3, (await StoredAsync()).Rows.Length);

        await ett.ClickAsync("logbook.save", Row(4));

        Assert.Contains("La tabla llegó a su tamaño máximo y esta fila no cabe: acórtala e inténtalo de nuevo.", Text(ett.Card));
        Assert.Equal(Long('t', 4), MeetingDriver.InputValue(ett.Card, "t.tematicas-caett.tematica"));
        Assert.Equal(Long('e', 4), MeetingDriver.InputValue(ett.Card, "t.tematicas-caett.estrategia"));
        Assert.Equal(3, (await StoredAsync()).Rows.Length);
        Assert.True(AnswerRules.FitsStorage(await StoredAsync()));

        // Shortened, it fits.
        await ett.ClickAsync("logbook.save", new JsonObject { ["t.tematicas-caett.tematica"] = "Fila 4, resumida", ["t.tematicas-caett.estrategia"] = "Conversatorio" });
        var stored = await StoredAsync();
        Assert.Equal([Long('t', 1), Long('t', 2), Long('t', 3), "Fila 4, resumida"], stored.Rows.Select(r => r.Cells["tematica"]));
        Assert.DoesNotContain("tamaño máximo", Text(ett.Card));
    }

    [Fact]
    public async Task A_stale_logbook_card_never_overwrites_a_newer_value_it_shows_both_and_keeps_what_was_typed()
    {
        await _bot.RegisterAsync("29:user-2", "Megan Bowen", TestPeople.Adviser, "16-1");
        var ett = new MeetingDriver(_bot, Conversation.Group("19:stale@thread.v2"));
        await ett.TypeAsync("bitácora 16-1 2026", "Bitácora del periodo 2026");
        var stale = ett.Card;
        var key = new LogbookKey(Junji, "16-1", "2026");
        async Task<string> StoredAsync() => ((TextAnswer)(await _bot.Get<AnswerRepository>().GetAsync(key.Id, "comunas-territorio"))!.Value).Text;

        // Megan saves the communes from her card; Alex's card still shows the registry's value.
        await ett.ClickAsync("logbook.save", new JsonObject { ["q.comunas-territorio"] = "Chillán, Bulnes" }, userId: "29:user-2", userName: "Megan Bowen", card: stale);
        Assert.Equal("Chillán, Bulnes", await StoredAsync());

        // Alex saves from the old card: nothing written, both values shown, his text still in the input.
        await ett.ClickAsync("logbook.save", new JsonObject { ["q.comunas-territorio"] = "Chillán, Pinto" }, card: stale);
        Assert.Contains("Mientras escribías, Megan Bowen guardó otra respuesta a esta pregunta: «Chillán, Bulnes»", Text(ett.Card));
        Assert.Equal("Chillán, Pinto", MeetingDriver.InputValue(ett.Card, "q.comunas-territorio"));
        Assert.Equal("Chillán, Bulnes", await StoredAsync());

        // «Guardar la mía» (the re-rendered card knows the newest revision): his value wins, hers goes to history.
        await ett.ClickAsync("logbook.save", new JsonObject { ["q.comunas-territorio"] = "Chillán, Pinto" }, title: "Guardar la mía");
        Assert.Equal("Chillán, Pinto", await StoredAsync());
        Assert.Contains("Editado · antes: Chillán, Bulnes", Text(ett.Card));

        // Again from the stale card, then «Quedarme con la de …»: the current value stays and the card shows it.
        await ett.ClickAsync("logbook.save", new JsonObject { ["q.comunas-territorio"] = "Chillán, Quillón" }, userId: "29:user-2", userName: "Megan Bowen", card: stale);
        Assert.Contains("Quedarme con la de Alex Wilber", Text(ett.Card));
        await ett.ClickAsync("logbook.open", title: "Quedarme con la de Alex Wilber");
        Assert.Equal("Chillán, Pinto", MeetingDriver.InputValue(ett.Card, "q.comunas-territorio"));
        Assert.Equal("Chillán, Pinto", await StoredAsync());
    }

    [Fact]
    public async Task A_step_full_of_maximum_length_answers_stays_within_the_card_budget_and_a_blank_preview_keeps_the_answer()
    {
        var ett = new MeetingDriver(_bot, Conversation.Group("19:long@thread.v2"));
        await ett.TypeAsync("bitácora 16-1 2026", "Bitácora del periodo 2026");
        await ett.ClickAsync("logbook.step", new JsonObject { ["goto"] = "planificacion" });
        var open = MeetingDriver.Inputs(ett.Card).Keys.Where(k => k.StartsWith("q.", StringComparison.Ordinal)).ToList();
        Assert.Equal(7, open.Count);
        var inputs = new JsonObject();
        foreach (var (id, i) in open.Select((id, i) => (id, i)))
        {
            inputs[id] = string.Concat(Enumerable.Repeat($"Planificación {i} ñandú «áéíóú». ", 200))[..4000];
        }
        await ett.ClickAsync("logbook.save", inputs);
        Assert.Contains("Guardé 7 respuestas", Text(ett.Card));
        Assert.True(Bitacora.Bot.Cards.CardBudget.FitsDesign(ett.Card), $"{Bitacora.Bot.Cards.CardBudget.Measure(ett.Card)} bytes");
        Assert.Contains("vista previa de 4000 caracteres", Text(ett.Card));

        // The previewed inputs are empty: saving the card as it is keeps every answer, and changes only what was typed.
        var previewed = open.Where(id => MeetingDriver.InputValue(ett.Card, id) == "").ToList();
        Assert.NotEmpty(previewed);
        var blank = new JsonObject();
        foreach (var id in open) blank[id] = MeetingDriver.InputValue(ett.Card, id) ?? "";
        blank[previewed[0]] = "Corta";
        await ett.ClickAsync("logbook.save", blank);
        Assert.Contains("Guardé 1 respuesta", Text(ett.Card));
        var key = new LogbookKey(Junji, "16-1", "2026");
        foreach (var id in open)
        {
            var stored = ((TextAnswer)(await _bot.Get<AnswerRepository>().GetAsync(key.Id, id[2..]))!.Value).Text;
            Assert.Equal(id == previewed[0] ? "Corta" : inputs[id]!.GetValue<string>(), stored);
        }
    }
}
