using Bitacora.Bot.Coordination;
using Bitacora.Bot.Guides;
using Bitacora.Bot.Sessions;
using Bitacora.Bot.Tests.Guides;

namespace Bitacora.Bot.Tests.Coordination;

/// <summary>The per-component tally of «resumen» and the informe sintético, on the shipped DEP and JUNJI guides.</summary>
public sealed class ComponentTallyTests
{
    private static readonly Participant Alex = new("aad-alex", "Alex Wilber");

    private static Answer A(string question, AnswerValue value) =>
        new("s", question, value, null, Alex, new DateTimeOffset(2026, 4, 1, 12, 0, 0, TimeSpan.Zero), 1, 1);

    private static Answer Closed(string question, string option) => A(question, new ClosedAnswer(option));

    [Fact]
    public void Dep_counts_si_parcialmente_no_per_component_over_the_sessions_and_the_open_questions_answered()
    {
        var dep = ShippedGuides.Dep;
        var first = new GuideFilling(dep, false, [
            Closed("ej-cond-claridad-que-hacer", ClosedOptions.Yes),
            Closed("ej-cond-claridad-con-quien", ClosedOptions.Partially),
            Closed("ej-cond-claridad-recursos", ClosedOptions.No),
            A("ej-cond-actores-involucrados", new TextAnswer("Equipo directivo y educadoras")),
            A("ej-cond-reportes-parciales", new TextAnswer("   ")), // blank: not an answer
            Closed("ej-seg-incumplimiento-indicador", ClosedOptions.Yes),
            Closed("pregunta-de-una-version-anterior", ClosedOptions.Yes), // unknown to the guide: ignored
        ]);
        var second = new GuideFilling(dep, false, [Closed("ej-cond-claridad-que-hacer", ClosedOptions.Yes)]);

        var rows = ComponentTally.Compute([first, second]);

        // Every component of both stages, in guide order, even those nobody answered.
        Assert.Equal(dep.Sections.Select(s => s.Title), rows.Select(r => r.Component));
        var condiciones = rows[0];
        Assert.Equal("Ejecución · Condiciones", condiciones.Label);
        Assert.Equal((2, 2, 1, 1), (condiciones.Times, condiciones.Yes, condiciones.Partially, condiciones.No));
        // 6 closed questions asked twice; 3 open questions asked twice, one answered.
        Assert.Equal((12, 8), (condiciones.ClosedAsked, condiciones.ClosedUnanswered));
        Assert.Equal((1, 6), (condiciones.OtherAnswered, condiciones.OtherAsked));
        var seguimiento = rows[1];
        Assert.Equal(("Ejecución · Seguimiento", 1, 4, 3), (seguimiento.Label, seguimiento.Yes, seguimiento.ClosedAsked, seguimiento.ClosedUnanswered));
        Assert.Equal("Evaluación · Evaluación del período anual", rows[4].Label);
        Assert.All(rows, r => Assert.False(r.FromLogbook));
    }

    [Fact]
    public void Junji_counts_the_records_per_meeting_and_the_period_logbook_once_leaving_background_out()
    {
        var junji = ShippedGuides.Junji;
        var record = (string rc) => new GuideFilling(junji, false, [A("rc-objetivo", new TextAnswer(rc)), A("rc-proyecciones-ue", new TextAnswer(rc))]);
        var logbook = new GuideFilling(junji, true, [
            A("plan-a-programas-modalidades", new TextAnswer("Programas")),
            A("plan-b-coordinacion", new TextAnswer("Coordinación")),
            A("region", new TextAnswer("Ñuble")), // background: not a component
            A("total-caett-proyectadas", new NumberAnswer(8)),
        ]);

        var rows = ComponentTally.Compute([record("N°1"), record("N°2"), logbook]);

        Assert.Equal(["Planificación (diagnóstico)", "Implementación · Organización de las comunidades de aprendizaje del ETT",
            "Implementación · Registro Comunidad de Aprendizaje", "Evaluación"], rows.Select(r => r.Label));
        Assert.All(rows, r => Assert.False(r.HasClosed));
        Assert.Equal((true, 1, 2, 7), (rows[0].FromLogbook, rows[0].Times, rows[0].OtherAnswered, rows[0].OtherAsked));
        Assert.Equal((1, 2), (rows[1].OtherAnswered, rows[1].OtherAsked));
        // Five record questions at each of the two meetings.
        Assert.Equal((false, 2, 4, 10), (rows[2].FromLogbook, rows[2].Times, rows[2].OtherAnswered, rows[2].OtherAsked));
        Assert.Equal((0, 2), (rows[3].OtherAnswered, rows[3].OtherAsked));
    }

    [Fact]
    public void A_unit_without_a_logbook_gets_only_its_records_and_nothing_without_sessions()
    {
        Assert.Empty(ComponentTally.Compute([]));
        var rows = ComponentTally.Compute([new GuideFilling(ShippedGuides.Junji, false, [])]);
        Assert.Equal("Implementación · Registro Comunidad de Aprendizaje", Assert.Single(rows).Label);
    }
}
