using Bitacora.Bot.Commitments;
using Bitacora.Bot.Rubric;
using Bitacora.Bot.Sessions;
using Bitacora.Bot.Sessions.Flow;
using Bitacora.E2E.Tests.Bot;
using Bitacora.E2E.Tests.Infrastructure;
using Bitacora.Testing.Playground;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NodaTime;

namespace Bitacora.E2E.Tests.Coordination;

/// <summary>
/// «resumen», «participación» and «resumen semestral» as a coordinator sees them in the Playground UI: each card carries
/// its chart (Chart.*), screenshots in .artifacts/screenshots/ (bitacora-resumen-charts, bitacora-participacion-charts,
/// bitacora-resumen-semestral-charts).
/// </summary>
[Collection(E2ECollection.Name)]
[Trait("Category", BotE2E.Category)]
public sealed class SummaryChartsBrowserE2ETests(BotHostFixture e2e)
{
    private const float Wait = 30_000;

    private async Task SeedAsync(DateOnly today)
    {
        var adviser = new PersonRef("aad-alex", "Alex Wilber");
        var service = e2e.Services.GetRequiredService<CommitmentService>();
        var semesterStart = today.Month <= 7 ? new DateOnly(today.Year, 1, 1) : new DateOnly(today.Year, 8, 1);
        async Task<Commitment> Add(string unit, string what, DateOnly date) => await service.CreateAsync(new NewCommitment(unit, what,
            new PersonRef("p-" + unit, "Equipo directivo"), LocalDate.FromDateOnly(date), "Acta", new CommitmentOrigin("s-charts", "19:charts")), adviser, default);
        var met = await Add("rbd:41201", "Plan de lectura compartida", semesterStart.AddDays(10));
        await service.MarkDoneAsync(met.Id, null, new CommitmentEvidence("acta", null), adviser, null, default);
        await Add("rbd:41201", "Taller con familias", semesterStart.AddDays(20));
        await Add("rbd:41201", "Registro de asistencia", today.AddDays(10) <= new DateOnly(today.Year, today.Month <= 7 ? 7 : 12, 31) ? today.AddDays(10) : today);
        await Add("junji:16101001", "Reunión de equipo técnico", semesterStart.AddDays(15));

        var sessions = e2e.Services.GetRequiredService<SessionRepository>();
        var people = new[] { new Participant("aad-alex", "Alex Wilber"), new Participant("aad-megan", "Megan Bowen"), new Participant("aad-adele", "Adele Vance") };
        for (var i = 0; i < 3; i++)
        {
            var s = await sessions.StartAsync(new StartSession(SessionScope.Territory("16-1", "Diguillín"), "dep-ejecucion-evaluacion", 1,
                today.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), semesterStart.AddDays(7 + 14 * i), "Seguimiento", null, people[0], null,
                new SessionUnit("rbd:41201", "Pequeños Exploradores")));
            foreach (var p in people.Take(i + 1))
            {
                await sessions.AddParticipantAsync(s.Id, p);
            }
        }
        await e2e.Services.GetRequiredService<RubricScoreRepository>().SaveAsync(new SaveRubricScore("rbd:41201",
            today.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), "dep-ejecucion-evaluacion", "rubrica-etapas-ejecucion-evaluacion",
            "condiciones", "logrado", "Acta N°1", people[0]));
    }

    [Fact(Skip = BotE2E.PendingReason)]
    public async Task Resumen_participacion_and_resumen_semestral_show_their_charts()
    {
        await SeedAsync(e2e.Services.GetRequiredService<ChileTime>().Today);
        await using var browser = await PlaygroundBrowser.LaunchAsync();
        try
        {
            await browser.OpenAsync(e2e.Playground.BaseUri);

            foreach (var (command, title, legend, fallback, shot) in new[]
                     {
                         ("resumen", "Resumen · ", "Pendientes", ": cumplidos ", "bitacora-resumen-charts"),
                         ("participación", "Sesiones por persona", "Participantes", " participantes.", "bitacora-participacion-charts"),
                         ("resumen semestral territorio 16-1", "para la coordinación", "Pendientes", ": cumplidos ", "bitacora-resumen-semestral-charts"),
                         ("resumen semestral rbd 41201-5", "para el equipo directivo", "Pendientes", ": cumplidos ", "bitacora-resumen-semestral-unidad-charts"),
                     })
            {
                await browser.SendMessageAsync(command);
                var card = browser.Cards(title).Last;
                await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = Wait });
                // The chart is drawn (its legend shows), not replaced by its textual fallback.
                await Assertions.Expect(card).ToContainTextAsync(legend, new() { Timeout = Wait });
                await Assertions.Expect(card).Not.ToContainTextAsync(fallback);
                var path = await browser.ScreenshotAsync(card, shot);
                Assert.True(File.Exists(path), path);
            }
        }
        catch
        {
            await browser.ScreenshotAsync("bitacora-charts-FAILED");
            throw;
        }
    }
}
