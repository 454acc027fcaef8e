using Bitacora.Bot.Commitments;
using Bitacora.Bot.Sessions;
using Bitacora.Bot.Summaries;
using Bitacora.Bot.Tests.Infrastructure;
using Bitacora.Bot.Tests.Registry;
using Bitacora.Testing;
using NodaTime;

namespace Bitacora.Bot.Tests.Coordination;

/// <summary>
/// The coordinator commands through the real pipeline: sample registry seeded, commitments created with
/// CommitmentService, sessions with SessionRepository. The app's clock starts at 2026-05-04 13:00 UTC (09:00 in Santiago).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class CoordinationCommandTests(AzuriteFixture azurite)
{
    private static readonly PersonRef Adviser = new("aad-alex", "Alex Wilber");

    internal static async Task<RegistryBot> StartWithDataAsync(AzuriteFixture azurite)
    {
        var bot = await RegistryBot.StartAsync(azurite);
        var service = bot.Get<CommitmentService>();
        async Task<Commitment> Add(string unit, string what, string responsible, LocalDate date) =>
            await service.CreateAsync(new NewCommitment(unit, what, new PersonRef("p-" + responsible, responsible), date,
                "Acta firmada", new CommitmentOrigin("s-1", "19:group-1@thread.v2")), Adviser, default);
        await Add("rbd:41201", "Plan de lectura compartida", "Verónica Lagos Orellana", new LocalDate(2026, 4, 20));
        await Add("rbd:41201", "Taller con familias", "Verónica Lagos Orellana", new LocalDate(2026, 5, 20));
        await Add("junji:16101001", "Registro de asistencia mensual", "Adele Vance", new LocalDate(2026, 5, 3));
        var done = await Add("junji:16101001", "Reunión de equipo técnico", "Adele Vance", new LocalDate(2026, 4, 10));
        await service.MarkDoneAsync(done.Id, null, new CommitmentEvidence("acta del 9 de abril", null), Adviser, null, default);
        await Add("junji:16301001", "Compromiso de otro territorio", "Ana María Figueroa Leal", new LocalDate(2026, 4, 1));
        return bot;
    }

    [Fact]
    public async Task Pendientes_lists_open_commitments_of_the_coordinators_territory_by_date_with_unit_and_responsible()
    {
        await using var bot = await StartWithDataAsync(azurite);

        var answer = await bot.SayAsync(SampleUser.Alex, "pendientes");

        var card = answer.Card.Text();
        Assert.Contains("Compromisos pendientes: 3", card);
        Assert.Contains("territorio 16-1 Diguillín", card);
        Assert.Contains("20-04-2026 · Plan de lectura compartida", card);
        Assert.Contains("Sala Cuna y Jardín Infantil Pequeños Exploradores · Responsable: Verónica Lagos Orellana", card);
        Assert.DoesNotContain("Reunión de equipo técnico", card); // met
        Assert.DoesNotContain("otro territorio", card);
        Assert.True(card.IndexOf("Plan de lectura", StringComparison.Ordinal) < card.IndexOf("Registro de asistencia", StringComparison.Ordinal)
                    && card.IndexOf("Registro de asistencia", StringComparison.Ordinal) < card.IndexOf("Taller con familias", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_unit_filter_narrows_the_list_and_a_bad_filter_answers_with_examples_only()
    {
        await using var bot = await StartWithDataAsync(azurite);

        var unit = (await bot.SayAsync(SampleUser.Alex, "pendientes unidad rbd 41201-5")).Card.Text();
        Assert.Contains("Compromisos pendientes: 2", unit);
        Assert.DoesNotContain("Registro de asistencia", unit);

        var bad = await bot.SayAsync(SampleUser.Alex, "pendientes territorio dieciséis");
        Assert.Null(bad.Card);
        Assert.Contains("No entendí el territorio «dieciséis»", bad.Text);
        Assert.Contains("Ejemplos: «pendientes territorio 16-1»", bad.Text);

        var period = await bot.SayAsync(SampleUser.Alex, "vencidos periodo 2026-3");
        Assert.Contains("No entendí el periodo «2026-3»", period.Text);

        var unknown = await bot.SayAsync(SampleUser.Alex, "resumen territorio 16-9");
        Assert.Equal("No hay un territorio 16-9 registrado en Bitácora.", unknown.Text);
    }

    [Fact]
    public async Task Coordinator_of_one_territory_is_refused_another_and_an_adviser_without_the_role_is_refused_in_spanish()
    {
        await using var bot = await StartWithDataAsync(azurite);

        var megan = await bot.SayAsync(SampleUser.Megan, "pendientes");
        Assert.Null(megan.Card);
        Assert.Equal("Este comando es para coordinadores/as territoriales o regionales y administradores/as de Bitácora.", megan.Text);

        var other = await bot.SayAsync(SampleUser.Alex, "vencidos territorio 16-2");
        Assert.Null(other.Card);
        Assert.Equal("Tu coordinación no incluye el territorio 16-2. Prueba el comando sin filtros para ver tu territorio o región.", other.Text);

        // A filter never widens a coordinator's scope: the region of 16-1 holds 16-2 as well.
        var region = await bot.SayAsync(SampleUser.Alex, "pendientes región 16");
        Assert.Null(region.Card);
        Assert.Equal("Tu coordinación no incluye la región 16. Prueba el comando sin filtros para ver tu territorio o región.", region.Text);

        var admin = (await bot.SayAsync(SampleUser.Patti, "vencidos territorio 16-2")).Card.Text();
        Assert.Contains("Compromiso de otro territorio", admin);
    }

    [Fact]
    public async Task Vencidos_counts_days_in_santiago_around_midnight()
    {
        await using var bot = await StartWithDataAsync(azurite);
        await bot.Get<CommitmentService>().CreateAsync(new NewCommitment("rbd:41202", "Informe de visita", new PersonRef("p-cn", "Carolina Neira Yáñez"),
            new LocalDate(2026, 5, 4), "Informe", new CommitmentOrigin("s-1", "19:group-1@thread.v2")), Adviser, default);

        // 2026-05-05 03:59 UTC is still 4 May, 23:59 in Santiago (UTC-4): the commitment due on 4 May is not overdue yet.
        bot.Pipeline.Time.SetUtcNow(new DateTimeOffset(2026, 5, 5, 3, 59, 0, TimeSpan.Zero));
        var before = (await bot.SayAsync(SampleUser.Alex, "vencidos")).Card.Text();
        Assert.Contains("Compromisos vencidos: 2", before);
        Assert.Contains("al 04-05-2026", before);
        Assert.Contains("14 días de atraso", before); // due 20 April
        Assert.Contains("\"text\":\"1 día de atraso\"", before); // due 3 May
        Assert.DoesNotContain("Informe de visita", before);

        bot.Pipeline.Time.SetUtcNow(new DateTimeOffset(2026, 5, 5, 4, 0, 0, TimeSpan.Zero));
        var after = (await bot.SayAsync(SampleUser.Alex, "vencidos")).Card.Text();
        Assert.Contains("Compromisos vencidos: 3", after);
        Assert.Contains("al 05-05-2026", after);
        Assert.Contains("Informe de visita", after);
        Assert.Contains("2 días de atraso", after);
        Assert.Contains("15 días de atraso", after);
    }

    [Fact]
    public async Task Participacion_counts_sessions_participants_and_answers_of_the_period()
    {
        await using var bot = await StartWithDataAsync(azurite);
        var sessions = bot.Get<SessionRepository>();
        var alex = new Participant("aad-alex", "Alex Wilber");
        var first = await sessions.StartAsync(new StartSession(SessionScope.Territory("16-1", "Diguillín"), "dep-ejecucion-evaluacion", 1,
            "2026", new DateOnly(2026, 4, 7), "Revisar compromisos", null, alex, null, new SessionUnit("rbd:41201", "Pequeños Exploradores")));
        await sessions.AddParticipantAsync(first.Id, new Participant("aad-megan", "Megan Bowen"));
        await sessions.StartAsync(new StartSession(SessionScope.Territory("16-1", "Diguillín"), "junji-bitacora-ett", 1,
            "2026", new DateOnly(2026, 5, 4), "Planificación", null, alex, null));
        await sessions.StartAsync(new StartSession(SessionScope.Territory("16-1", "Diguillín"), "junji-bitacora-ett", 1,
            "2026", new DateOnly(2026, 9, 1), "Segundo semestre", null, alex, null));

        var card = (await bot.SayAsync(SampleUser.Alex, "participación")).Card.Text();

        Assert.Contains("Participación · 1.er semestre 2026", card);
        Assert.Contains("\"title\":\"Sesiones\",\"value\":\"2\"", card);
        Assert.Contains("\"title\":\"Personas distintas\",\"value\":\"2\"", card);
        Assert.Contains("N°1 · 07-04-2026 · Pequeños Exploradores: 2 participantes, 0 respuestas", card);
        Assert.Contains("\"title\":\"Alex Wilber\",\"value\":\"2\"", card);
        Assert.DoesNotContain("01-09-2026", card);

        var year = (await bot.SayAsync(SampleUser.Alex, "participación periodo 2026")).Card.Text();
        Assert.Contains("\"title\":\"Sesiones\",\"value\":\"3\"", year);
    }

    [Fact]
    public async Task Resumen_gives_territory_totals_and_per_unit_met_due_overdue_and_force_majeure()
    {
        await using var bot = await StartWithDataAsync(azurite);
        var service = bot.Get<CommitmentService>();
        var pending = (await service.Store.ListByUnitAsync("rbd:41201", default)).Single(c => c.What == "Taller con familias");
        await Bitacora.Bot.Tests.Commitments.ForceMajeureTestData.ApproveAsync(bot.Pipeline.Services, "rbd:41201", ForceMajeureKind.Paro, "Paro comunal",
            new LocalDate(2026, 5, 1), new LocalDate(2026, 6, 15), [pending], Adviser);

        var card = (await bot.SayAsync(SampleUser.Alex, "resumen")).Card.Text();

        Assert.Contains("Resumen · 1.er semestre 2026", card);
        Assert.Contains("Territorio 16-1 Diguillín — totales", card);
        Assert.Contains("\"title\":\"Compromisos cumplidos\",\"value\":\"1 de 3 con la fecha ya alcanzada (4 en el periodo)\"", card);
        Assert.Contains("\"title\":\"Situaciones de fuerza mayor\",\"value\":\"1\"", card);
        Assert.Contains("Jardín Infantil Los Copihues (JUNJI 16101001)", card);
        Assert.Contains("\"title\":\"Cumplidos\",\"value\":\"1 de 2 con la fecha ya alcanzada (2 en el periodo)\"", card);
        Assert.Contains("Fuerza mayor · Paro desde el 01-05-2026: Paro comunal", card);
        Assert.Contains("Rúbrica: sin evaluar en el año.", card); // once, not a «sin evaluar» line per criterion
        Assert.DoesNotContain("Rúbrica · ", card);
        // The chart: one stacked bar per unit with commitments, and the same figures in words for clients without charts.
        var chart = Assert.Single(Charts(bot.Connector.Calls.Last(c => c.Card?.Text().Contains("Resumen · ") == true).Card!), c => c["type"]!.GetValue<string>() == "Chart.HorizontalBar.Stacked");
        var rows = chart["data"]!.AsArray();
        Assert.Equal(2, rows.Count);
        Assert.Contains(rows, r => r!["title"]!.GetValue<string>() == "Sala Cuna y Jardín Infantil Pequeños Exploradores"
            && r["data"]!.AsArray().Any(p => p!["legend"]!.GetValue<string>() == "Ajustados" && p["value"]!.GetValue<int>() == 1));
        Assert.Contains("Sala Cuna y Jardín Infantil Pequeños Exploradores: cumplidos 0, pendientes 0, vencidos 1, ajustados 1.", chart["fallback"]!["text"]!.GetValue<string>());
        // Units of 16-1 without commitments, sessions or situations share one line.
        Assert.Contains("Unidades sin movimiento", card);
    }

    private static IEnumerable<System.Text.Json.Nodes.JsonObject> Charts(System.Text.Json.Nodes.JsonObject card) =>
        card["body"]!.AsArray().OfType<System.Text.Json.Nodes.JsonObject>().Where(e => e["type"]!.GetValue<string>().StartsWith("Chart.", StringComparison.Ordinal));

    [Fact]
    public async Task The_semester_job_sends_each_summary_once_per_recipient_even_when_run_twice()
    {
        await using var bot = await StartWithDataAsync(azurite);
        // Adele (directive team of Los Copihues) and Alex (coordinator of 16-1) have a 1:1 chat with the bot.
        await bot.SayAsync(SampleUser.Adele, "quién soy");
        await bot.SayAsync(SampleUser.Alex, "quién soy");
        var job = bot.Get<SemesterSummaryJob>();
        var now = new DateTimeOffset(2026, 7, 31, 13, 0, 0, TimeSpan.Zero);
        bot.Pipeline.Time.SetUtcNow(now);

        // On the send date both informes wait for the professional's comments; at the deadline they go without them.
        var waiting = await job.RunAsync(now, default);
        Assert.Equal(0, waiting.Sent);
        Assert.Equal(2, waiting.WaitingForComments);
        var deadline = now.AddDays(bot.Get<SummaryOptions>().CommentsWaitDays);
        bot.Pipeline.Time.SetUtcNow(deadline);
        var first = await job.RunAsync(deadline, default);
        var second = await job.RunAsync(deadline, default);

        Assert.Equal(2, first.Sent);
        Assert.Equal(0, second.Sent);
        Assert.Equal(2, second.AlreadySent);
        var toAdele = bot.Connector.Calls.Where(c => c.ConversationId == "a:dm-user-id-2" && c.Card.Text().Contains("Informe de retroalimentación")).ToList();
        var summary = Assert.Single(toAdele).Card.Text();
        Assert.Contains("Informe de retroalimentación · 1.er semestre 2026", summary);
        Assert.Contains("Jardín Infantil Los Copihues", summary);
        Assert.Contains("\"title\":\"Cumplidos\",\"value\":\"1 de 2 con la fecha ya alcanzada (50 % de cumplimiento)\"", summary);
        Assert.Contains("\"type\":\"Chart.Donut\"", summary); // met / pending / overdue / adjusted, with a fallback in words
        Assert.Contains("Jardín Infantil Los Copihues: cumplidos 1, pendientes 0, vencidos 1, ajustados 0.", summary);
        var toAlex = Assert.Single(bot.Connector.Calls, c => c.ConversationId == "a:dm-user-id-0" && c.Card is not null && c.Card.Text().Contains("Informe de retroalimentación"));
        Assert.Contains("Territorio 16-1 Diguillín", toAlex.Card.Text());
        Assert.Equal(SummaryDeliveryState.Sent,
            await bot.Get<SummaryOutbox>().GetStateAsync("2026-1", "unit:junji:16101001", "user-id-2", default));
    }

    [Fact]
    public async Task Resumen_semestral_on_demand_shows_the_unit_a_directive_leads()
    {
        await using var bot = await StartWithDataAsync(azurite);

        var card = (await bot.SayAsync(SampleUser.Adele, "resumen semestral")).Card.Text();

        Assert.Contains("Jardín Infantil Los Copihues (JUNJI 16101001)", card);
        Assert.Contains("Cumplido: Reunión de equipo técnico (acta del 9 de abril)", card);
    }
}
