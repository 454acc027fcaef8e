using Bitacora.Bot.Guides;
using Bitacora.Bot.Sessions;
using Bitacora.Bot.Tests.Guides;

namespace Bitacora.Bot.Tests.Sessions;

public sealed class AnswerRulesAndProgressTests
{
    private static GuideQuestion Q(string id) => (ShippedGuides.Junji.FindQuestion(id) ?? ShippedGuides.Dep.FindQuestion(id))!;

    [Theory]
    [InlineData("rc-fecha", "2026-03-15", "{\"type\":\"date\",\"date\":\"2026-03-15\"}")]
    [InlineData("rc-fecha", "15-03-2026", "{\"type\":\"date\",\"date\":\"2026-03-15\"}")]
    [InlineData("ue-jardin-vtf", "12", "{\"type\":\"number\",\"number\":12}")]
    [InlineData("ue-jardin-vtf", "1.000", "{\"type\":\"number\",\"number\":1000}")]
    [InlineData("ej-cond-claridad-que-hacer", "parcialmente", "{\"type\":\"closed\",\"optionId\":\"parcialmente\"}")]
    [InlineData("rc-objetivo", "  Analizar casos  ", "{\"type\":\"text\",\"text\":\"Analizar casos\"}")]
    public void Card_inputs_become_typed_values(string questionId, string raw, string json)
    {
        var input = AnswerRules.Parse(Q(questionId), raw);
        Assert.Null(input.Error);
        Assert.Equal(json, input.Value!.ToJson());
    }

    [Theory]
    [InlineData("rc-fecha", "2026-02-30", "La fecha «2026-02-30» no es válida")]
    [InlineData("rc-fecha", "", "Esta pregunta es obligatoria")]
    [InlineData("ue-jardin-vtf", "doce", "«doce» no es un número entero.")]
    [InlineData("ue-jardin-vtf", "-1", "mayor o igual que 0")]
    [InlineData("ue-jardin-vtf", "2,5", "Escribe un número entero")]
    [InlineData("ej-cond-claridad-que-hacer", "tal vez", "Elige Sí, No o Parcialmente.")]
    [InlineData("ej-cond-claridad-que-hacer", "si,no", "Elige solo una respuesta")]
    public void Bad_inputs_get_a_spanish_message(string questionId, string raw, string fragment)
    {
        var input = AnswerRules.Parse(Q(questionId), raw);
        Assert.Null(input.IsValid ? "valid" : null);
        Assert.Contains(fragment, ShippedSessionTexts.Texts.Format(input.Error!));
    }

    [Fact]
    public void Blank_optional_input_is_no_answer()
    {
        Assert.Equal(AnswerInput.Blank, AnswerRules.Parse(Q("rc-estrategia"), "   "));
    }

    [Fact]
    public void Table_rows_are_checked_per_column()
    {
        var table = Q("tematicas-caett");
        var (row, error) = AnswerRules.ParseRow(table, new Dictionary<string, string?> { ["tematica"] = "Convivencia", ["fecha"] = "05-06-2026" });
        Assert.Null(error);
        Assert.Equal("2026-06-05", row!.Cells["fecha"]);

        var (_, missing) = AnswerRules.ParseRow(table, new Dictionary<string, string?> { ["fecha"] = "2026-06-05" });
        Assert.Equal("Completa la columna «Contextos, temáticas, contenidos, problemáticas identificadas».", ShippedSessionTexts.Texts.Format(missing!));

        var (_, badDate) = AnswerRules.ParseRow(table, new Dictionary<string, string?> { ["tematica"] = "x", ["fecha"] = "31-04-2026" });
        Assert.StartsWith("Fecha en que se abordan: La fecha «31-04-2026» no es válida", ShippedSessionTexts.Texts.Format(badDate!));
    }

    [Fact]
    public void Progress_counts_k_of_n_per_section_and_overall_and_summary_lists_the_rest()
    {
        var guide = ShippedGuides.Dep;
        var at = new DateTimeOffset(2026, 4, 14, 13, 0, 0, TimeSpan.Zero);
        Answer A(string q, AnswerValue v, int person) => new("s", q, v, null, SessionStore.Person(person), at, 1, 1);
        var answers = new[]
        {
            A("ej-cond-actores-involucrados", new TextAnswer("Equipo directivo y UTP"), 1),
            A("ej-cond-claridad-que-hacer", new ClosedAnswer(ClosedOptions.No), 2),
            A("ej-seg-fuerza-mayor", new TextAnswer("Se define en consejo"), 2),
            A("ev-ciclo-comunicar-resultados", new TextAnswer(""), 3), // blank does not count
            A("pregunta-retirada", new TextAnswer("De una versión anterior"), 4),
        };

        var progress = SessionProgress.Compute(guide, answers);
        var summary = SessionSummary.Build(
            new Session
            {
                Id = "s", Scope = SessionStore.Territory, GuideId = guide.Id, GuideVersion = 1, Period = "2026", Number = 1,
                Date = new DateOnly(2026, 4, 14), StartedBy = SessionStore.Person(0), CreatedAt = at, UpdatedAt = at,
            },
            guide, answers, [SessionStore.Person(0), SessionStore.Person(1)]);

        Assert.Equal((3, 33, 9), (progress.Answered, progress.Total, progress.Percent));
        Assert.Equal([2, 1, 0, 0, 0, 0], progress.Sections.Select(s => s.Answered));
        Assert.Equal([9, 3, 4, 6, 5, 6], progress.Sections.Select(s => s.Total));
        Assert.Empty(progress.Sections[0].MissingRequired);
        Assert.Equal(SessionStore.Person(2), progress.Sections[0].Questions[1].Answer!.Respondent);
        Assert.Equal(30, summary.Unanswered.Length);
        Assert.Contains(summary.Unanswered, u => u.Question.Id == "ev-ciclo-comunicar-resultados");
        Assert.Equal(["pregunta-retirada"], summary.OrphanAnswers.Select(a => a.QuestionId));
        Assert.Equal([(0, 0), (1, 1), (2, 2), (3, 1)], summary.Participants.Select(p => (int.Parse(p.Participant.Id[4..], System.Globalization.CultureInfo.InvariantCulture), p.AnswerCount)));
    }
}
