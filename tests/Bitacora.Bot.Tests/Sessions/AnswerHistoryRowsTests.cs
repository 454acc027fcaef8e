using Azure.Data.Tables;
using Bitacora.Bot.Sessions;
using Bitacora.Bot.Storage;
using Bitacora.Testing;

namespace Bitacora.Bot.Tests.Sessions;

/// <summary>
/// History kept eight revisions a row (<see cref="HistoryRows"/>): every previous value reads back whole and in order,
/// by question, for the whole session and by (question, revision), and rows of the first layout (one revision each)
/// still read alongside.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AnswerHistoryRowsTests(AzuriteFixture azurite)
{
    private const string Question = "ej-cond-actores-involucrados";

    private static string Long(int i, int length) => $"Versión {i}: " + new string((char)('a' + i % 26), length - 12);

    [Fact]
    public async Task Twenty_edits_at_full_length_keep_nineteen_values_in_three_rows_read_back_in_order()
    {
        var store = new SessionStore(azurite);
        var session = await store.StartAsync();
        for (var i = 1; i <= 20; i++)
        {
            await store.Answers.SaveAsync(new SaveAnswer(session.Id, Question, new TextAnswer(Long(i, AnswerRules.MaxTextLength)),
                Long(i, AnswerRules.MaxNoteLength), SessionStore.Person(i), GuideVersion: 1));
            store.Clock.Advance(TimeSpan.FromMinutes(1));
        }
        await store.Answers.SaveAsync(new SaveAnswer(session.Id, "ej-cond-reportes-parciales", new TextAnswer("Otra pregunta"), null, SessionStore.Person(1), 1));

        var history = await store.Answers.GetHistoryAsync(session.Id, Question);

        Assert.Equal(Enumerable.Range(1, 19), history.Select(h => h.Revision));
        Assert.All(history, h =>
        {
            Assert.Equal(Long(h.Revision, AnswerRules.MaxTextLength), ((TextAnswer)h.Value).Text);
            Assert.Equal(Long(h.Revision, AnswerRules.MaxNoteLength), h.Note);
            Assert.Equal(SessionStore.Person(h.Revision), h.Respondent);
            Assert.Equal(SessionStore.Person(h.Revision + 1), h.ReplacedBy);
            Assert.Equal(h.AnsweredAt.AddMinutes(1), h.ReplacedAt);
        });
        Assert.Equal(history, await store.Answers.GetAllHistoryAsync(session.Id));
        var current = await store.Answers.GetAsync(session.Id, Question);
        Assert.Equal((20, Long(20, AnswerRules.MaxTextLength)), (current!.Revision, ((TextAnswer)current.Value).Text));
        Assert.Equal(Long(19, AnswerRules.MaxTextLength), ((TextAnswer)current.Previous!.Value).Text);

        var rows = await HistoryRowKeysAsync(store, session.Id);
        Assert.Equal([$"h~{Question}~c000000", $"h~{Question}~c000001", $"h~{Question}~c000002"], rows);

        var some = await store.Answers.GetRevisionsAsync(session.Id, [(Question, 3), (Question, 12), (Question, 19), (Question, 20), ("ej-cond-reportes-parciales", 1)]);
        Assert.Equal([(Question, 3), (Question, 12), (Question, 19)], some.Keys.Order());
        Assert.Equal(Long(12, AnswerRules.MaxTextLength), ((TextAnswer)some[(Question, 12)].Value).Text);
    }

    [Fact]
    public async Task A_history_row_of_the_first_layout_reads_with_the_new_rows()
    {
        var store = new SessionStore(azurite);
        var session = await store.StartAsync();
        await store.Answers.SaveAsync(new SaveAnswer(session.Id, Question, new TextAnswer("Segunda"), null, SessionStore.Person(2), 1));
        await store.Answers.SaveAsync(new SaveAnswer(session.Id, Question, new TextAnswer("Tercera"), null, SessionStore.Person(3), 1));
        // As if the first layout had kept revision 1 in a row of its own ("h~{question}~000001") before this layout kept
        // revision 2: the kept revision is renumbered 2 and an old row is added for revision 1.
        var table = await store.Tables.GetAsync(AnswerRepository.TableName);
        var partition = TableKeys.Escape(session.Id);
        var chunk = (await table.GetEntityAsync<TableEntity>(partition, $"h~{Question}~c000000")).Value;
        await table.DeleteEntityAsync(partition, chunk.RowKey);
        var renumbered = new TableEntity(partition, chunk.RowKey) { ["QuestionId"] = Question };
        foreach (var (key, value) in chunk)
        {
            if (key.StartsWith("R000001_", StringComparison.Ordinal)) renumbered["R000002_" + key[8..]] = value;
        }
        await table.AddEntityAsync(renumbered);
        await table.AddEntityAsync(new TableEntity(partition, $"h~{Question}~000001")
        {
            ["QuestionId"] = Question, ["Value"] = new TextAnswer("Primera").ToJson(), ["Note"] = "nota antigua",
            ["RespondentId"] = "aad-001", ["RespondentName"] = "Asesora 1", ["AnsweredAt"] = store.Clock.GetUtcNow().AddHours(-1),
            ["GuideVersion"] = 1, ["Revision"] = 1, ["ReplacedById"] = "aad-002", ["ReplacedByName"] = "Asesora 2", ["ReplacedAt"] = store.Clock.GetUtcNow(),
        });

        var history = await store.Answers.GetHistoryAsync(session.Id, Question);

        Assert.Equal([(1, "Primera", "nota antigua"), (2, "Segunda", null)], history.Select(h => (h.Revision, ((TextAnswer)h.Value).Text, h.Note)));
        Assert.Equal(history, await store.Answers.GetAllHistoryAsync(session.Id));
        var both = await store.Answers.GetRevisionsAsync(session.Id, [(Question, 1), (Question, 2)]);
        Assert.Equal(["Primera", "Segunda"], both.OrderBy(b => b.Key.Revision).Select(b => ((TextAnswer)b.Value.Value).Text));
    }

    private static async Task<List<string>> HistoryRowKeysAsync(SessionStore store, string sessionId)
    {
        var table = await store.Tables.GetAsync(AnswerRepository.TableName);
        var keys = new List<string>();
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Escape(sessionId)}"), select: ["RowKey"]))
        {
            if (e.RowKey.StartsWith("h~", StringComparison.Ordinal)) keys.Add(e.RowKey);
        }
        return keys;
    }
}
