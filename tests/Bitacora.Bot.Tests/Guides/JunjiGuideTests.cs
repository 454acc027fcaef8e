using Bitacora.Bot.Guides;

namespace Bitacora.Bot.Tests.Guides;

public sealed class JunjiGuideTests
{
    private static Guide Guide => ShippedGuides.Junji;

    private static GuideQuestion? QuestionWithText(string sectionId, string text) =>
        Guide.FindSection(sectionId)!.Questions.SingleOrDefault(q => ShippedGuides.Normalize(q.Text).Contains(ShippedGuides.Normalize(text)));

    [Theory]
    [InlineData("Jardín Infantil Clásico de Administración Directa")]
    [InlineData("Jardín Infantil VTF")]
    [InlineData("Jardín Familiar")]
    [InlineData("Jardín Laboral")]
    [InlineData("Modalidad en Comunidades Indígenas")]
    [InlineData("Modalidad Programa de Mejoramiento a la infancia (PMI)")]
    [InlineData("Modalidad Centros Educativos Culturales de Infancia (CECI)")]
    [InlineData("Modalidad Conozca a Su Hijo (CASH)")]
    [InlineData("Programa Educativo para la familia")]
    public void Each_programme_has_a_number_of_units(string programme)
    {
        var question = QuestionWithText("unidades-educativas", programme);
        Assert.NotNull(question);
        Assert.Equal(QuestionKind.Number, question.Kind);
        Assert.True(question.Integer);
        Assert.Equal(0m, question.Min);
    }

    [Theory]
    [InlineData("Educador/a de párvulos")]
    [InlineData("Educador/a diferencial")]
    [InlineData("Trabajador/a social")]
    [InlineData("Asesor/a intercultural")]
    [InlineData("Sicólogo/a educacional")]
    [InlineData("Nutricionista")]
    [InlineData("Otra disciplina")]
    public void Each_discipline_has_a_staff_count_and_names(string discipline)
    {
        var questions = Guide.FindSection("dotacion-asesores")!.Questions
            .Where(q => q.Text.StartsWith(discipline + ":", StringComparison.Ordinal)).ToList();
        Assert.Equal([QuestionKind.Number, QuestionKind.Open], questions.Select(q => q.Kind));
        Assert.Contains("Nº dotación profesionales", questions[0].Text);
        Assert.Contains("nombres y apellidos", questions[1].Text);
    }

    [Fact]
    public void There_are_nine_programmes_and_seven_disciplines()
    {
        Assert.Equal(9, Guide.FindSection("unidades-educativas")!.Questions.Length);
        Assert.Equal(14, Guide.FindSection("dotacion-asesores")!.Questions.Length);
    }

    [Theory]
    [InlineData("antecedentes-territorio", "Región", QuestionKind.Open)]
    [InlineData("antecedentes-territorio", "N° territorio", QuestionKind.Number)]
    [InlineData("antecedentes-territorio", "Nombre del territorio", QuestionKind.Open)]
    [InlineData("antecedentes-territorio", "Comunas que abarca el territorio", QuestionKind.Open)]
    [InlineData("organizacion-acompanamiento", "representante territorial", QuestionKind.Open)]
    [InlineData("organizacion-acompanamiento", "Frecuencia de reuniones", QuestionKind.Open)]
    [InlineData("organizacion-acompanamiento", "Registro de acompañamientos en plataforma", QuestionKind.Open)]
    [InlineData("planificacion", "Los programas y modalidades de las unidades educativas presentes en el territorio (AD y VTF, Reconocimiento Oficial, opción de autoevaluación de la UE y UE priorizadas y no priorizadas por ACE).", QuestionKind.Open)]
    [InlineData("planificacion", "Las competencias de liderazgo de las directoras, encargadas y técnicas de los equipos pedagógicos de las unidades educativas del territorio.", QuestionKind.Open)]
    [InlineData("planificacion", "Orientaciones técnicas y lineamientos institucionales para el periodo.", QuestionKind.Open)]
    [InlineData("planificacion", "Otros que el Equipo Técnico Territorial considere importante.", QuestionKind.Open)]
    [InlineData("planificacion", "B. Acuerdos para la coordinación del acompañamiento técnico presencial y/o remoto a los diferentes programas y modalidades educativas del territorio.", QuestionKind.Open)]
    // Seed typo "planes mejoramiento" → "planes de mejoramiento".
    [InlineData("planificacion", "C. Acuerdos para la definición de acciones y estrategias para el acompañamiento y asesoría interdisciplinaria a partir de los procesos de autoevaluación y el seguimiento a los planes de mejoramiento de las UE del territorio.", QuestionKind.Open)]
    [InlineData("planificacion", "D. Identificar las principales oportunidades de mejora de las UE del territorio, en función de los resultados de los procesos de autoevaluación y/u otro instrumento que defina la institución.", QuestionKind.Open)]
    [InlineData("implementacion", "Total de Comunidades de Aprendizaje del Equipo Técnico Territorial (CAETT) proyectadas", QuestionKind.Number)]
    [InlineData("registro-comunidad", "Fecha", QuestionKind.Date)]
    [InlineData("registro-comunidad", "Objetivo", QuestionKind.Open)]
    [InlineData("registro-comunidad", "Estrategia", QuestionKind.Open)]
    [InlineData("registro-comunidad", "Proyecciones con las UE", QuestionKind.Open)]
    [InlineData("registro-comunidad", "Proyecciones del ETT", QuestionKind.Open)]
    [InlineData("evaluacion", "Análisis y reflexión de los resultados de las estrategias implementadas por el ETT para el desarrollo del proceso de acompañamiento técnico a las UE del territorio dentro del período lectivo.", QuestionKind.Open)]
    [InlineData("evaluacion", "Registro para la proyección del acompañamiento técnico territorial del próximo periodo", QuestionKind.Open)]
    public void Seed_fields_are_questions_of_the_right_kind(string sectionId, string seedText, QuestionKind kind)
    {
        var question = Guide.FindSection(sectionId)!.Questions
            .SingleOrDefault(q => ShippedGuides.Normalize(q.Text) == ShippedGuides.Normalize(seedText))
            ?? QuestionWithText(sectionId, seedText);
        Assert.True(question is not null, $"'{seedText}' is missing from {sectionId}");
        Assert.Equal(kind, question.Kind);
    }

    [Fact]
    public void Topics_table_has_the_three_seed_columns()
    {
        var table = Guide.FindQuestion("tematicas-caett")!;
        Assert.Equal(QuestionKind.Table, table.Kind);
        Assert.Equal(
            [(ColumnKind.Open, "Contextos, temáticas, contenidos, problemáticas identificadas"),
             (ColumnKind.Date, "Fecha en que se abordan"),
             (ColumnKind.Open, "Estrategias para su desarrollo (capacitación, conversatorio, revisión de casos, etc.)")],
            table.Columns.Select(c => (c.Kind, c.Title)));
    }

    [Fact]
    public void The_meeting_record_is_repeatable_and_sections_follow_the_stages()
    {
        Assert.True(Guide.FindSection("registro-comunidad")!.Repeatable);
        Assert.Equal(["planificacion", "implementacion", "evaluacion"], Guide.Stages.Select(s => s.Id));
        Assert.Equal("Registro Comunidad de Aprendizaje", Guide.FindSection("registro-comunidad")!.Title);
        Assert.Equal(47, Guide.QuestionCount);
    }
}
