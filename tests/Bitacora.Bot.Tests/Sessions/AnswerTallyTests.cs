using Azure.Data.Tables;
using Bitacora.Bot.Sessions;
using Bitacora.Bot.Storage;
using Bitacora.Testing;

namespace Bitacora.Bot.Tests.Sessions;

/// <summary>
/// The tally row (which questions are answered, who answered) under the saves of a meeting: people saving different
/// questions at the same moment never conflict on it; rows written before its markers still read and change right;
/// a row with very many markers is compacted and stays right.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AnswerTallyTests(AzuriteFixture azurite)
{
    private static AnswerChange Text(string questionId, string text) => new(questionId, new TextAnswer(text), null);

    [Fact]
    public async Task Ten_first_answers_planned_on_the_same_read_all_land_on_the_first_try()
    {
        var store = new SessionStore(azurite);
        var session = await store.StartAsync();
        string[] questions = [.. Enumerable.Range(0, 10).Select(i => $"q-{i}")];
        // Everyone read the section before anyone saved: the moment a meeting's first card is saved by all at once.
        var snapshot = await store.Answers.ReadAsync(session.Id, questions);

        var written = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            store.Answers.TryWriteAsync(snapshot, [Text(questions[i], $"Respuesta {i}")], SessionStore.Person(i), 1)));

        Assert.All(written, Assert.NotNull);
        var tally = await store.Answers.ReadTallyAsync(session.Id);
        Assert.Equal(questions.Order(), tally.Answered.Order());
        Assert.Equal(Enumerable.Range(0, 10).Select(i => SessionStore.Person(i).Id).Order(), tally.Respondents.Select(p => p.Id).Order());
        Assert.Equal("Asesora 7", tally.Respondents.Single(p => p.Id == SessionStore.Person(7).Id).Name);
    }

    [Fact]
    public async Task Without_a_tally_row_first_answers_at_once_retry_but_all_land_and_are_counted()
    {
        var store = new SessionStore(azurite);
        var session = await store.StartAsync(withTally: false);

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            store.Answers.SaveAsync(new SaveAnswer(session.Id, $"q-{i}", new TextAnswer($"r{i}"), null, SessionStore.Person(i), 1))));

        Assert.Equal(10, (await store.Answers.GetAnswersAsync(session.Id)).Count);
        var tally = await store.Answers.ReadTallyAsync(session.Id);
        Assert.Equal(10, tally.Answered.Count);
        Assert.Equal(10, tally.Respondents.Count);
        Assert.Contains(results, r => r.Attempts == 1); // the row is added once (conditionally); later saves merge into it
    }

    [Fact]
    public async Task Two_people_on_the_same_question_still_conflict_and_the_tally_follows_the_winner()
    {
        var store = new SessionStore(azurite);
        var session = await store.StartAsync();
        await store.Answers.TryWriteAsync(await store.Answers.ReadAsync(session.Id, ["q"]), [Text("q", "primera")], SessionStore.Person(1), 1);
        var snapshot = await store.Answers.ReadAsync(session.Id, ["q"]);

        var emptied = await store.Answers.TryWriteAsync(snapshot, [Text("q", "")], SessionStore.Person(2), 1);
        var late = await store.Answers.TryWriteAsync(snapshot, [Text("q", "tercera")], SessionStore.Person(3), 1);

        Assert.NotNull(emptied);
        Assert.Null(late); // same answer row: the ETag still decides, nothing of the late save is written
        var tally = await store.Answers.ReadTallyAsync(session.Id);
        Assert.DoesNotContain("q", tally.Answered);
        Assert.Equal([SessionStore.Person(1).Id, SessionStore.Person(2).Id], tally.Respondents.Select(p => p.Id).Order());
    }

    [Fact]
    public async Task A_row_written_before_markers_reads_and_changes_right()
    {
        var store = new SessionStore(azurite);
        var session = await store.StartAsync();
        await store.Answers.SaveAsync(new SaveAnswer(session.Id, "q-a", new TextAnswer("a"), null, SessionStore.Person(1), 1));
        await store.Answers.SaveAsync(new SaveAnswer(session.Id, "q-b", new TextAnswer("b"), null, SessionStore.Person(2), 1));
        // The row as the bot wrote it until now: one JSON value, no markers.
        var table = await store.Tables.GetAsync(AnswerRepository.TableName);
        await table.UpsertEntityAsync(new TableEntity(TableKeys.Escape(session.Id), "t~tally")
        {
            ["Tally"] = """{"answered":["q-a","q-b"],"people":[{"id":"aad-001","name":"Asesora 1"},{"id":"aad-002","name":"Asesora 2"}]}""",
        }, TableUpdateMode.Replace);

        await store.Answers.SaveAsync(new SaveAnswer(session.Id, "q-a", new TextAnswer(""), null, SessionStore.Person(3), 1));
        await store.Answers.SaveAsync(new SaveAnswer(session.Id, "q-c", new TextAnswer("c"), null, SessionStore.Person(1), 1));

        var tally = await store.Answers.ReadTallyAsync(session.Id);
        Assert.Equal(["q-b", "q-c"], tally.Answered.Order());
        Assert.Equal(["aad-001", "aad-002", "aad-003"], tally.Respondents.Select(p => p.Id).Order());
        var row = (await table.GetEntityAsync<TableEntity>(TableKeys.Escape(session.Id), "t~tally")).Value;
        Assert.Contains(row.Keys, k => k.StartsWith('Q')); // changed by markers, not rewritten
    }

    [Fact]
    public async Task A_row_past_its_marker_budget_is_compacted_and_loses_nothing()
    {
        var store = new SessionStore(azurite);
        var session = await store.StartAsync();
        var table = await store.Tables.GetAsync(AnswerRepository.TableName);
        // Each save by a new person on a new question adds two markers.
        const int saves = 110;
        for (var i = 0; i < saves; i++)
        {
            await store.Answers.SaveAsync(new SaveAnswer(session.Id, $"q-{i:D3}", new TextAnswer($"r{i}"), null, SessionStore.Person(i), 1));
        }

        var row = (await table.GetEntityAsync<TableEntity>(TableKeys.Escape(session.Id), "t~tally")).Value;
        Assert.True(row.Keys.Count(k => k[0] is 'Q' or 'R' && k.Length == 25) <= TallyRow.MaxMarkers, "the row holds no more markers than its budget");
        var tally = await store.Answers.ReadTallyAsync(session.Id);
        Assert.Equal(saves, tally.Answered.Count);
        Assert.Equal(saves, tally.Respondents.Count);
        Assert.Equal(Enumerable.Range(0, saves).Select(i => $"q-{i:D3}"), tally.Answered.Order());
    }
}
