using Bitacora.Bot.Commitments;
using Bitacora.Bot.Guides;
using Bitacora.Bot.Rubric;
using Bitacora.Bot.Sessions;
using Bitacora.Bot.Tests.Registry;
using Bitacora.Testing;
using NodaTime;

namespace Bitacora.Bot.Tests.Exports;

/// <summary>
/// The sample registry plus what an export of territory 16-1, first semester 2026, holds: four commitments (one with an
/// injected formula as its text, one met, two adjusted by a strike), one in territory 16-3, a session with answers and
/// participants, and two rubric scores. The app's clock is 2026-05-04 13:00 UTC.
/// </summary>
internal static class ExportData
{
    public const string Injected = "=HYPERLINK(\"http://evil.example/robar\",\"Ver acta\")";
    public static readonly PersonRef Adviser = new("aad-alex", "Alex Wilber");

    public static async Task<RegistryBot> StartAsync(AzuriteFixture azurite)
    {
        var bot = await RegistryBot.StartAsync(azurite);
        var service = bot.Get<CommitmentService>();
        async Task<Commitment> Add(string unit, string what, string responsible, LocalDate date, CommitmentSource? source = null) =>
            await service.CreateAsync(new NewCommitment(unit, what, new PersonRef("p-" + responsible, responsible), date,
                "Acta firmada", new CommitmentOrigin("s-1", "19:group-1@thread.v2"), source), Adviser, default);
        var reading = await Add("rbd:41201", "Plan de lectura compartida", "Verónica Lagos Orellana", new LocalDate(2026, 4, 20));
        var families = await Add("rbd:41201", "Taller con familias", "Verónica Lagos Orellana", new LocalDate(2026, 5, 20));
        await Add("junji:16101001", Injected, "Adele Vance", new LocalDate(2026, 5, 3));
        var done = await Add("junji:16101001", "Reunión de equipo técnico", "Adele Vance", new LocalDate(2026, 4, 10),
            new CommitmentSource("s-1", "ej-cond-claridad-que-hacer", "¿Lo que deben hacer?", "No"));
        await service.MarkDoneAsync(done.Id, null, new CommitmentEvidence("acta del 9 de abril", null), Adviser, null, default);
        await Add("junji:16301001", "Compromiso de otro territorio", "Ana María Figueroa Leal", new LocalDate(2026, 4, 1));
        await Add("rbd:41201", "Compromiso del segundo semestre", "Verónica Lagos Orellana", new LocalDate(2026, 9, 1));
        await Bitacora.Bot.Tests.Commitments.ForceMajeureTestData.ApproveAsync(bot.Pipeline.Services, "rbd:41201", ForceMajeureKind.Paro, "Paro comunal",
            new LocalDate(2026, 4, 15), new LocalDate(2026, 6, 15), [reading, families], Adviser);

        var sessions = bot.Get<SessionRepository>();
        var alex = new Participant("aad-alex", "Alex Wilber");
        var session = await sessions.StartAsync(new StartSession(SessionScope.Territory("16-1", "Diguillín"), "dep-ejecucion-evaluacion", 1,
            "2026", new DateOnly(2026, 4, 7), "Revisar compromisos", null, alex, null, new SessionUnit("rbd:41201", "Pequeños Exploradores")));
        await sessions.AddParticipantAsync(session.Id, alex);
        await sessions.AddParticipantAsync(session.Id, new Participant("aad-megan", "@Megan Bowen"));
        var answers = bot.Get<AnswerRepository>();
        await answers.SaveAsync(new SaveAnswer(session.Id, "ej-cond-claridad-que-hacer", new ClosedAnswer(ClosedOptions.Partially),
            "Falta socializar el plan", alex, 1));
        await answers.SaveAsync(new SaveAnswer(session.Id, "ej-cond-actores-involucrados", new TextAnswer("-2+3 equipo directivo"), null, alex, 1));
        // Attendance: Alex ticked present by Megan, a guest typed by name; Megan took part but nobody marked her.
        await bot.Get<Bitacora.Bot.Attendance.AttendanceStore>().MarkAsync(Bitacora.Bot.Attendance.AttendanceStore.SessionPartition(session.Id),
            [(new Bitacora.Bot.Registry.Identity.PersonIdentity("Alex Wilber", null, "aad-alex", null), false, true),
             (new Bitacora.Bot.Registry.Identity.PersonIdentity("María José Rojas", null, null, null), true, true)],
            "Megan Bowen", new DateTimeOffset(2026, 4, 7, 13, 0, 0, TimeSpan.Zero), default);

        var rubric = bot.Get<RubricScoreRepository>();
        await rubric.SaveAsync(new SaveRubricScore("rbd:41201", "2026", "dep-ejecucion-evaluacion", "rubrica-etapas-ejecucion-evaluacion",
            "condiciones", "medianamente-logrado", "Acta de la sesión N°1", alex));
        await rubric.SaveAsync(new SaveRubricScore("rbd:41201", "2026", "dep-ejecucion-evaluacion", "rubrica-etapas-ejecucion-evaluacion",
            "participacion", "logrado", null, alex));
        return bot;
    }
}
