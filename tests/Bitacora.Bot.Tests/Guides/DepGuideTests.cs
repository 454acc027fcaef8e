using Bitacora.Bot.Guides;

namespace Bitacora.Bot.Tests.Guides;

public sealed class DepGuideTests
{
    // Every guiding question of seed 000_99176af91c5f4a8c.txt, as the seed writes it (typos included), with the
    // component it belongs to and the kind the brief asks for (closed for yes/no, open for ¿Cómo/¿De qué forma/¿Qué actores).
    public static TheoryData<string, string, QuestionKind> SeedQuestions => new()
    {
        { "ejecucion-condiciones", "¿Qué actores del EE están involucrados directamente en la etapa de ejecución del Plan?", QuestionKind.Open },
        { "ejecucion-condiciones", "¿Lo que deben hacer?", QuestionKind.Closed },
        { "ejecucion-condiciones", "¿Con quién deben hacerlo?", QuestionKind.Closed },
        { "ejecucion-condiciones", "¿Con qué recursos trabajarán?", QuestionKind.Closed },
        { "ejecucion-condiciones", "¿Cuándo deberán rendir cuentas de los avances logrados y los resultados finales obtenidos", QuestionKind.Closed },
        { "ejecucion-condiciones", "¿Elaboraron los instrumentos con los que se deberá hacer el seguimiento?", QuestionKind.Closed },
        { "ejecucion-condiciones", "¿Informaron de los estados de avance, indicando fechas y documentación a entregar? (medios de verificación)", QuestionKind.Closed },
        { "ejecucion-condiciones", "¿Cómo obtendrá los reportes parciales de la etapa?", QuestionKind.Open },
        { "ejecucion-condiciones", "¿Cómo asegurar las condiciones óptimas para una ejecución y un acompañamiento efectivo a las tareas comprometidas?", QuestionKind.Open },
        { "ejecucion-seguimiento", "¿Elaborará y ejecutará los procedimientos e instrumentos para atender situaciones de incumplimiento de algún indicador?", QuestionKind.Closed },
        { "ejecucion-seguimiento", "¿Definirá el procedimiento para realizar alguna modificación a los elementos del Plan de Apoyo? (Entre otros).", QuestionKind.Closed },
        { "ejecucion-seguimiento", "¿Cómo se definirá lo qué será considerado como una situación de “fuerza mayor” (por la que podría suspenderse la ejecución de alguna meta)?", QuestionKind.Open },
        { "ejecucion-retroalimentacion", "¿Definirá quién, en qué términos y mediante qué estrategias procederá a entregar retroalimentación a los actores involucrados en el proceso de apoyo técnico pedagógico?", QuestionKind.Closed },
        { "ejecucion-retroalimentacion", "¿Ha determinado cuáles serán los estímulos positivos para quienes cumplan objetivos?", QuestionKind.Closed },
        { "ejecucion-retroalimentacion", "¿Ha establecido cómo se tratará el incumplimiento de las tareas?", QuestionKind.Closed },
        { "ejecucion-retroalimentacion", "¿Ha establecido de qué forma la retroalimentación sería un medio para ajustar, si es necesario, el Plan de Apoyo?", QuestionKind.Closed },
        { "evaluacion-condiciones", "¿Ha establecido fecha, lugar y hora para el proceso de entrega de la información obtenida por los responsables de las tareas planificadas?", QuestionKind.Closed },
        { "evaluacion-condiciones", "¿Ha clarificado la forma en que se deben completar los instrumentos para la recopilación de los resultados finales?", QuestionKind.Closed },
        { "evaluacion-condiciones", "¿Ha establecido la forma cómo se ha orientado, a los responsables de los procedimientos del proceso de seguimiento, de la entrega y comunicación clara de los productos?", QuestionKind.Closed },
        { "evaluacion-condiciones", "¿Ha considerado un “plan B” para afrontar los imprevistos durante la evaluación?", QuestionKind.Closed },
        { "evaluacion-condiciones", "¿De qué manera se garantizará una participación fluida de los actores involucrados en esta etapa?", QuestionKind.Open },
        { "evaluacion-condiciones", "¿Ha considerado una forma efectiva de comunicar los resultados del apoyo técnico pedagógico a toda la comunidad educativa?", QuestionKind.Closed },
        { "evaluacion-periodo-anual", "¿De qué forma se realizará la programación de la jornada de evaluación anual?", QuestionKind.Open },
        { "evaluacion-periodo-anual", "¿Ha determinado cómo distribuirá responsabilidades para la jornada, tanto para la conducción como para la sistematización de ideas y comentarios?", QuestionKind.Closed },
        { "evaluacion-periodo-anual", "¿Ha definido qué elementos relevará en la jornada para motivar a los actores involucrados?", QuestionKind.Closed },
        { "evaluacion-periodo-anual", "¿Ha establecido cómo, a partir de la información y análisis que se realice, entregará una retroalimentación efectiva tanto para aspectos negativos como positivos del proceso?", QuestionKind.Closed },
        { "evaluacion-periodo-anual", "¿De qué forma enfatizará, en relación a su cumplimiento, el principal objetivo del apoyo técnico pedagógico y el desarrollo de capacidades (evidencia de prácticas)?", QuestionKind.Open },
        { "evaluacion-ciclo", "¿De qué forma se realizará la programación de la jornada de evaluación del ciclo?", QuestionKind.Open },
        { "evaluacion-ciclo", "¿Ha decidido cómo distribuirá responsabilidades para la jornada, tanto para la conducción como para la sistematización de ideas y comentarios?", QuestionKind.Closed },
        { "evaluacion-ciclo", "¿Ha determinado qué elementos relevará en la jornada para motivar a los actores involucrados?", QuestionKind.Closed },
        // Seed typo "vinculará el aporte los objetivos": the guide says "el aporte a los objetivos" (README).
        { "evaluacion-ciclo", "¿Ha establecido cómo, a partir de la información y análisis que se realice, vinculará el aporte a los objetivos estratégicos del ciclo?", QuestionKind.Closed },
        { "evaluacion-ciclo", "¿Ha observado qué cambio de prácticas evidenciable se aportó a los objetivos estratégicos del ciclo?", QuestionKind.Closed },
        { "evaluacion-ciclo", "¿De qué forma se comunicarán los resultados de la evaluación del período anual y del ciclo a la comunidad educativa?", QuestionKind.Open },
    };

    [Theory]
    [MemberData(nameof(SeedQuestions))]
    public void Every_seed_question_is_in_its_component_with_the_right_kind(string sectionId, string seedText, QuestionKind kind)
    {
        var section = ShippedGuides.Dep.FindSection(sectionId);
        Assert.NotNull(section);
        var match = section.Questions.SingleOrDefault(q => ShippedGuides.Normalize(q.Text) == ShippedGuides.Normalize(seedText));
        Assert.True(match is not null, $"'{seedText}' is missing from section {sectionId}");
        Assert.Equal(kind, match.Kind);
        if (kind == QuestionKind.Closed)
        {
            Assert.False(string.IsNullOrWhiteSpace(match.Suggestion), $"closed question {match.Id} has no suggestion");
        }
    }

    [Fact]
    public void The_guide_has_exactly_the_seed_questions_and_no_drafting_note()
    {
        var guide = ShippedGuides.Dep;
        Assert.Equal(SeedQuestions.Count(), guide.QuestionCount);
        Assert.DoesNotContain(guide.Questions, q => ShippedGuides.Normalize(q.Text).Contains("pinto") || q.Text.Contains("si lo dejamos"));
    }

    [Fact]
    public void Components_are_grouped_in_the_two_stages_with_responsible_and_expected_results()
    {
        var guide = ShippedGuides.Dep;
        Assert.Equal(["ejecucion", "evaluacion"], guide.Stages.Select(s => s.Id));
        Assert.Equal(
            ["Condiciones", "Seguimiento", "Retroalimentación"],
            guide.Sections.Where(s => s.Stage == "ejecucion").Select(s => s.Title));
        Assert.Equal(
            ["Condiciones", "Evaluación del período anual", "Evaluación de ciclo del apoyo técnico pedagógico"],
            guide.Sections.Where(s => s.Stage == "evaluacion").Select(s => s.Title));
        Assert.All(guide.Sections, s =>
        {
            Assert.Equal(SectionKind.Component, s.Kind);
            Assert.StartsWith("Equipo directivo, acompañado por el/los profesionales de la UATP", s.Responsible);
            Assert.False(string.IsNullOrWhiteSpace(s.Description));
        });
        Assert.All(guide.Stages, s =>
        {
            Assert.Equal(3, s.ExpectedResults.Length);
            Assert.False(string.IsNullOrWhiteSpace(s.Objective));
        });
        Assert.Contains("informe sintético de retroalimentación del proceso, al menos dos veces al año",
            guide.FindStage("ejecucion")!.ExpectedResults[2]);
        Assert.Contains("Hito de difusión de los productos a toda la comunidad educativa", guide.FindStage("evaluacion")!.Scheme!.Steps);
    }

    [Theory]
    [InlineData("condiciones", "incipiente", "no permitieron contar con productos esperados")]
    [InlineData("condiciones", "medianamente-logrado", "contó parcialmente con los productos esperados")]
    [InlineData("condiciones", "logrado", "contó en su totalidad con los productos esperados")]
    [InlineData("participacion", "incipiente", "solamente con el equipo directivo")]
    [InlineData("participacion", "medianamente-logrado", "con parte del cuerpo docente")]
    [InlineData("participacion", "logrado", "equipo de docentes y otros actores de la comunidad educativa")]
    [InlineData("coherencia-cada-etapa", "incipiente", "En cada etapa no se presenta coherencia")]
    [InlineData("coherencia-cada-etapa", "medianamente-logrado", "existe parcialmente un hilo conductor")]
    [InlineData("coherencia-cada-etapa", "logrado", "En cada etapa existe un hilo conductor")]
    [InlineData("coherencia-entre-etapas", "incipiente", "no son utilizados en la etapa de evaluación")]
    [InlineData("coherencia-entre-etapas", "medianamente-logrado", "son utilizados de forma parcial")]
    [InlineData("coherencia-entre-etapas", "logrado", "son utilizados en su totalidad")]
    public void Rubric_descriptors_sit_in_the_right_cell(string criterionId, string levelId, string fragment)
    {
        var rubric = ShippedGuides.Dep.Rubric!;
        Assert.Contains(fragment, rubric.FindCriterion(criterionId)!.DescriptorFor(levelId));
    }

    [Fact]
    public void Rubric_is_four_criteria_by_three_levels()
    {
        var rubric = ShippedGuides.Dep.Rubric!;
        Assert.Equal(["Logro incipiente", "Medianamente logrado", "Logrado"], rubric.Levels.Select(l => l.Title));
        Assert.Equal(
            ["Condiciones para el desarrollo de etapas", "Participación", "Coherencia en el accionar de cada etapa", "Coherencia entre etapas"],
            rubric.Criteria.Select(c => c.Title));
        Assert.All(rubric.Criteria, c => Assert.All(rubric.Levels, l => Assert.False(string.IsNullOrWhiteSpace(c.DescriptorFor(l.Id)))));
    }

    [Fact]
    public void Closed_questions_offer_si_no_parcialmente_and_suggest_only_for_no_and_parcialmente()
    {
        var question = ShippedGuides.Dep.FindQuestion("ej-cond-claridad-que-hacer")!;
        Assert.Equal(["Sí", "No", "Parcialmente"], question.Choices.Select(c => c.Text));
        Assert.False(question.ShowsSuggestionFor(ClosedOptions.Yes));
        Assert.True(question.ShowsSuggestionFor(ClosedOptions.No));
        Assert.True(question.ShowsSuggestionFor(ClosedOptions.Partially));
        Assert.False(ShippedGuides.Dep.FindQuestion("ej-cond-reportes-parciales")!.ShowsSuggestionFor(ClosedOptions.No));
    }
}
