using Bitacora.Bot.Rubric;
using Bitacora.Bot.Sessions;
using Bitacora.Bot.Tests.Guides;
using Bitacora.Bot.Tests.Sessions;
using Bitacora.Testing;

namespace Bitacora.Bot.Tests.Rubric;

[Collection(AzuriteCollection.Name)]
public sealed class RubricScoreRepositoryTests(AzuriteFixture azurite)
{
    private static SaveRubricScore Score(string criterion, string level, string? evidence, int person, string period = "2026") =>
        new("13101-5", period, "dep-ejecucion-evaluacion", "rubrica-etapas-ejecucion-evaluacion", criterion, level, evidence, SessionStore.Person(person));

    [Fact]
    public async Task Scores_per_unit_and_period_keep_their_history()
    {
        var store = new SessionStore(azurite);
        await store.Rubric.SaveAsync(Score("condiciones", "incipiente", "Acta 12 de marzo", 1));
        await store.Rubric.SaveAsync(Score("participacion", "logrado", "Actas de los hitos", 1));
        await store.Rubric.SaveAsync(Score("condiciones", "logrado", "Acta 2026-04-01", 1, period: "2025"));
        store.Clock.Advance(TimeSpan.FromDays(30));

        var changed = await store.Rubric.SaveAsync(Score("condiciones", "medianamente-logrado", "Informe de avance", 2));
        var same = await store.Rubric.SaveAsync(Score("condiciones", "medianamente-logrado", "Informe de avance", 3));

        Assert.Equal((VersionedWriteOutcome.Updated, 2), (changed.Outcome, changed.Score.Revision));
        Assert.Equal(VersionedWriteOutcome.Unchanged, same.Outcome);
        var scores = await store.Rubric.GetScoresAsync("13101-5", "2026", "rubrica-etapas-ejecucion-evaluacion");
        Assert.Equal([("condiciones", "medianamente-logrado"), ("participacion", "logrado")], scores.Select(s => (s.CriterionId, s.LevelId)).Order());
        var history = Assert.Single(await store.Rubric.GetHistoryAsync("13101-5", "2026", "rubrica-etapas-ejecucion-evaluacion", "condiciones"));
        Assert.Equal(("incipiente", "Acta 12 de marzo", SessionStore.Person(1), SessionStore.Person(2)), (history.LevelId, history.Evidence, history.ScoredBy, history.ReplacedBy));
        Assert.Equal(store.Clock.GetUtcNow(), history.ReplacedAt);
    }

    [Theory]
    [InlineData("coherencia", "logrado", "Ese criterio no existe en la rúbrica.")]
    [InlineData("condiciones", "excelente", "Elige un nivel de logro de la rúbrica.")]
    public void Scores_are_checked_against_the_guide_rubric(string criterion, string level, string message)
    {
        Assert.Equal(message, ShippedSessionTexts.Texts.Format(Score(criterion, level, null, 1).Validate(ShippedGuides.Dep)!));
        Assert.Null(Score("coherencia-entre-etapas", "logrado", null, 1).Validate(ShippedGuides.Dep));
        Assert.Equal("Esta guía no tiene esa rúbrica.", ShippedSessionTexts.Texts.Format(Score("condiciones", "logrado", null, 1).Validate(ShippedGuides.Junji)!));
    }
}
