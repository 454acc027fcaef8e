using System.Collections.Immutable;
using Bitacora.Bot.Guides;
using Bitacora.Bot.Sessions;
using Bitacora.Bot.Tests.Guides;
using Bitacora.Testing;

namespace Bitacora.Bot.Tests.Sessions;

[Collection(AzuriteCollection.Name)]
public sealed class AnswerRepositoryTests(AzuriteFixture azurite)
{
    private static SaveAnswer Text(string sessionId, string questionId, string text, int person, string? note = null) =>
        new(sessionId, questionId, new TextAnswer(text), note, SessionStore.Person(person), GuideVersion: 1);

    [Fact]
    public async Task Fifty_people_answering_different_questions_at_once_store_fifty_answers()
    {
        var store = new SessionStore(azurite);
        var session = await store.StartAsync();
        using var start = new ManualResetEventSlim();

        var writes = Enumerable.Range(0, 50).Select(i => Task.Run(async () =>
        {
            start.Wait();
            return await store.Answers.SaveAsync(Text(session.Id, $"q-{i:D2}", $"Respuesta de la asesora {i}", i));
        })).ToList();
        start.Set();
        var results = await Task.WhenAll(writes);

        var answers = await store.Answers.GetAnswersAsync(session.Id);
        Assert.Equal(50, answers.Count);
        // Different questions never conflict: the tally takes each save's markers by a merge.
        Assert.All(results, r => Assert.Equal(1, r.Attempts));
        var tally = await store.Answers.ReadTallyAsync(session.Id);
        Assert.Equal(50, tally.Answered.Count);
        Assert.Equal(50, tally.Respondents.Count);
        Assert.All(answers, a => Assert.Equal($"Respuesta de la asesora {int.Parse(a.QuestionId[2..], System.Globalization.CultureInfo.InvariantCulture)}", ((TextAnswer)a.Value).Text));
        Assert.All(answers, a => Assert.Equal(SessionStore.Person(int.Parse(a.QuestionId[2..], System.Globalization.CultureInfo.InvariantCulture)), a.Respondent));
    }

    [Fact]
    public async Task Fifty_people_editing_the_same_question_at_once_lose_no_value()
    {
        var store = new SessionStore(azurite);
        var session = await store.StartAsync();
        using var start = new ManualResetEventSlim();

        var writes = Enumerable.Range(0, 50).Select(i => Task.Run(async () =>
        {
            start.Wait();
            return await store.Answers.SaveAsync(Text(session.Id, "ej-cond-actores-involucrados", $"Versión {i}", i));
        })).ToList();
        start.Set();
        var results = await Task.WhenAll(writes);

        var current = await store.Answers.GetAsync(session.Id, "ej-cond-actores-involucrados");
        var history = await store.Answers.GetHistoryAsync(session.Id, "ej-cond-actores-involucrados");
        Assert.Equal(50, current!.Revision);
        Assert.Equal(49, history.Count);
        Assert.Equal(Enumerable.Range(1, 49), history.Select(h => h.Revision));
        var everyValue = history.Select(h => ((TextAnswer)h.Value).Text).Append(((TextAnswer)current.Value).Text);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"Versión {i}").Order(), everyValue.Order());
        Assert.Single(results, r => r.Outcome == VersionedWriteOutcome.Created);
        // Each revision was replaced by whoever wrote the next one.
        Assert.All(history.Zip(history.Skip(1)), pair => Assert.Equal(pair.Second.Respondent, pair.First.ReplacedBy));
    }

    [Fact]
    public async Task Fifty_people_on_one_card_some_on_the_same_question_all_answers_kept()
    {
        var store = new SessionStore(azurite);
        var session = await store.StartAsync();
        var questions = ShippedGuides.Dep.Sections[0].Questions.Select(q => q.Id).ToArray(); // 9 questions on the card
        using var start = new ManualResetEventSlim();

        var writes = Enumerable.Range(0, 50).Select(i => Task.Run(async () =>
        {
            start.Wait();
            return await store.Answers.SaveAsync(Text(session.Id, questions[i % questions.Length], $"Aporte {i}", i));
        })).ToList();
        start.Set();
        await Task.WhenAll(writes);

        var answers = await store.Answers.GetAnswersAsync(session.Id);
        Assert.Equal(questions.Order(), answers.Select(a => a.QuestionId).Order());
        var stored = new List<string>();
        foreach (var answer in answers)
        {
            stored.Add(((TextAnswer)answer.Value).Text);
            stored.AddRange((await store.Answers.GetHistoryAsync(session.Id, answer.QuestionId)).Select(h => ((TextAnswer)h.Value).Text));
        }
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"Aporte {i}").Order(), stored.Order());
    }

    [Fact]
    public async Task Fourteen_questions_read_at_once_and_fourteen_old_revisions_stay_within_what_a_Table_Storage_filter_allows()
    {
        // SessionStore's client refuses, as Table Storage does, a filter of more than 15 comparisons (TableQueryLimits):
        // JUNJI's «Dotación de asesores» step has 14 questions, plus the tally row.
        var store = new SessionStore(azurite);
        var session = await store.StartAsync();
        var questions = Enumerable.Range(1, 14).Select(i => $"dotacion-{i:D2}").ToList();
        foreach (var round in new[] { "primera", "segunda", "tercera" })
        {
            foreach (var q in questions) await store.Answers.SaveAsync(Text(session.Id, q, $"{q} {round}", 1));
        }

        var snapshot = await store.Answers.ReadAsync(session.Id, questions);
        var revisions = await store.Answers.GetRevisionsAsync(session.Id, [.. questions.Select(q => (q, 1))]);

        Assert.Equal(questions.Select(q => $"{q} tercera"), questions.Select(q => ((TextAnswer)snapshot.Answers[q].Value).Text));
        Assert.Equal(14, snapshot.Tally.Answered.Count);
        Assert.Equal(questions.Select(q => $"{q} primera"), questions.Select(q => ((TextAnswer)revisions[(q, 1)].Value).Text));
    }

    [Fact]
    public async Task Editing_keeps_the_previous_value_with_who_and_when()
    {
        var store = new SessionStore(azurite);
        var session = await store.StartAsync();
        var answeredAt = store.Clock.GetUtcNow();
        await store.Answers.SaveAsync(new SaveAnswer(session.Id, "ej-cond-claridad-que-hacer", new ClosedAnswer(ClosedOptions.No), "Falta socializar el plan", SessionStore.Person(1), 1));
        store.Clock.Advance(TimeSpan.FromMinutes(20));

        var edit = await store.Answers.SaveAsync(new SaveAnswer(session.Id, "ej-cond-claridad-que-hacer", new ClosedAnswer(ClosedOptions.Partially), null, SessionStore.Person(2), 1));

        Assert.Equal(VersionedWriteOutcome.Updated, edit.Outcome);
        Assert.Equal((2, SessionStore.Person(2), (string?)null), (edit.Answer.Revision, edit.Answer.Respondent, edit.Answer.Note));
        var previous = Assert.Single(await store.Answers.GetHistoryAsync(session.Id, "ej-cond-claridad-que-hacer"));
        Assert.Equal(new ClosedAnswer(ClosedOptions.No), previous.Value);
        Assert.Equal("Falta socializar el plan", previous.Note);
        Assert.Equal((SessionStore.Person(1), answeredAt), (previous.Respondent, previous.AnsweredAt));
        Assert.Equal((SessionStore.Person(2), answeredAt.AddMinutes(20)), (previous.ReplacedBy, previous.ReplacedAt));
        Assert.Equal(1, previous.GuideVersion);
    }

    [Fact]
    public async Task Resubmitting_the_same_answer_writes_nothing()
    {
        var store = new SessionStore(azurite);
        var session = await store.StartAsync();
        await store.Answers.SaveAsync(Text(session.Id, "q", "Igual", 1, note: "nota"));

        var again = await store.Answers.SaveAsync(Text(session.Id, "q", "Igual", 2, note: " nota "));

        Assert.Equal(VersionedWriteOutcome.Unchanged, again.Outcome);
        Assert.Equal(SessionStore.Person(1), again.Answer.Respondent);
        Assert.Empty(await store.Answers.GetHistoryAsync(session.Id, "q"));
    }

    [Fact]
    public async Task Rows_added_to_a_table_at_the_same_time_are_all_kept()
    {
        var store = new SessionStore(azurite);
        var session = await store.StartAsync();
        var rows = Enumerable.Range(0, 15).Select(i => TableRow.New([KeyValuePair.Create("tematica", $"Temática {i}"), KeyValuePair.Create("fecha", "2026-05-0" + (i % 9 + 1))])).ToList();

        await Task.WhenAll(rows.Select((row, i) => Task.Run(() => store.Answers.AddTableRowAsync(session.Id, "tematicas-caett", row, SessionStore.Person(i), 1))));
        var removed = await store.Answers.RemoveTableRowAsync(session.Id, "tematicas-caett", rows[3].Id, SessionStore.Person(99), 1);

        var table = (TableAnswer)removed.Answer.Value;
        Assert.Equal(rows.Where((_, i) => i != 3).Select(r => r.Id).Order(), table.Rows.Select(r => r.Id).Order());
        Assert.Equal(15, (await store.Answers.GetHistoryAsync(session.Id, "tematicas-caett")).Count);
        var reread = (TableAnswer)(await store.Answers.GetAsync(session.Id, "tematicas-caett"))!.Value;
        Assert.Equal("Temática 0", reread.Rows.Single(r => r.Id == rows[0].Id).Cells["tematica"]);
    }

    [Fact]
    public async Task Typed_values_round_trip_through_storage()
    {
        var store = new SessionStore(azurite);
        var session = await store.StartAsync();
        AnswerValue[] values =
        [
            new ClosedAnswer("si"), new TextAnswer("Texto con ñ y «comillas»"), new DateAnswer(new DateOnly(2026, 3, 15)),
            new NumberAnswer(12.5m), new ChoiceAnswer(["a", "b"]),
            new TableAnswer([new TableRow("r1", ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("c", "v")]))]),
        ];
        for (var i = 0; i < values.Length; i++)
        {
            await store.Answers.SaveAsync(new SaveAnswer(session.Id, $"q{i}", values[i], null, SessionStore.Person(1), 3));
        }

        var answers = (await store.Answers.GetAnswersAsync(session.Id)).OrderBy(a => a.QuestionId).ToList();

        Assert.Equal(values.Select(v => v.ToJson()), answers.Select(a => a.Value.ToJson()));
        Assert.All(answers, a => Assert.Equal(3, a.GuideVersion));
    }
}
