using System.Collections.Immutable;
using Bitacora.Bot.Sessions;
using Bitacora.Testing;

namespace Bitacora.Bot.Tests.Sessions;

/// <summary>
/// A save recorded under its click's id (<see cref="AnswerRepository.ReadAsync"/> with an operation id): the click's
/// marker is written on the tally row in the save's own transaction, so a redelivered click can never commit its save
/// twice — even a change that is not idempotent (a table row appended), and even when both deliveries read before
/// either wrote (the second loses on the answer rows' ETags, then reads the marker).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AnswerOperationTests(AzuriteFixture azurite)
{
    private static AnswerChange AppendRow(Answer? existing, string text)
    {
        var row = TableRow.New([new("tema", text)]);
        var rows = existing?.Value is TableAnswer { Rows.IsDefault: false } t ? t.Rows : [];
        return new AnswerChange("temas", new TableAnswer(rows.Add(row)), null);
    }

    [Fact]
    public async Task Two_deliveries_of_one_click_that_read_before_either_wrote_append_one_row()
    {
        var store = new SessionStore(azurite);
        var session = await store.StartAsync();
        var first = await store.Answers.ReadAsync(session.Id, ["temas"], "f:click-1");
        var second = await store.Answers.ReadAsync(session.Id, ["temas"], "f:click-1");
        Assert.False(first.AlreadyApplied);

        var written = await store.Answers.TryWriteAsync(first, [AppendRow(null, "Juego")], SessionStore.Person(1), 1);
        var again = await store.Answers.TryWriteAsync(second, [AppendRow(null, "Juego")], SessionStore.Person(1), 1);

        Assert.NotNull(written);
        Assert.Null(again); // lost, like a race: the caller re-reads…
        var reread = await store.Answers.ReadAsync(session.Id, ["temas"], "f:click-1");
        Assert.True(reread.AlreadyApplied); // …and learns the click already saved, and what
        Assert.Equal(["temas"], reread.AppliedQuestions!);
        var rows = ((TableAnswer)reread.Answers["temas"].Value).Rows;
        Assert.Equal("Juego", Assert.Single(rows).Cells["tema"]);
        Assert.Equal(1, reread.Answers["temas"].Revision);
    }

    [Fact]
    public async Task Another_click_of_the_same_person_saves_and_a_read_without_an_operation_knows_nothing_of_it()
    {
        var store = new SessionStore(azurite);
        var session = await store.StartAsync();
        var one = await store.Answers.ReadAsync(session.Id, ["temas"], "f:click-1");
        Assert.NotNull(await store.Answers.TryWriteAsync(one, [AppendRow(null, "Juego")], SessionStore.Person(1), 1));

        var two = await store.Answers.ReadAsync(session.Id, ["temas"], "f:click-2");
        Assert.False(two.AlreadyApplied);
        Assert.NotNull(await store.Answers.TryWriteAsync(two, [AppendRow(two.Answers["temas"], "Lectura")], SessionStore.Person(1), 1));

        var plain = await store.Answers.ReadAsync(session.Id, ["temas"]);
        Assert.False(plain.AlreadyApplied);
        Assert.Equal(["Juego", "Lectura"], ((TableAnswer)plain.Answers["temas"].Value).Rows.Select(r => r.Cells["tema"]));
        // The clicks add no rows: the session's answers and history are what the two saves made.
        Assert.Single(await store.Answers.GetAnswersAsync(session.Id));
        Assert.Single(await store.Answers.GetAllHistoryAsync(session.Id));
    }

    [Fact]
    public async Task A_click_id_with_characters_keys_cannot_hold_is_recorded_and_found()
    {
        var store = new SessionStore(azurite);
        var session = await store.StartAsync();
        const string id = "1:1n#a/b\\c?d"; // forbidden in a RowKey as is
        var snapshot = await store.Answers.ReadAsync(session.Id, ["temas"], id);
        Assert.NotNull(await store.Answers.TryWriteAsync(snapshot, [AppendRow(null, "Juego")], SessionStore.Person(1), 1));

        Assert.True((await store.Answers.ReadAsync(session.Id, ["temas"], id)).AlreadyApplied);
        Assert.False((await store.Answers.ReadAsync(session.Id, ["temas"], "1:1n#a/b\\c?e")).AlreadyApplied);
    }

    [Fact]
    public async Task A_meeting_of_many_saves_compacts_the_tally_and_still_knows_its_recent_clicks()
    {
        var store = new SessionStore(azurite);
        var session = await store.StartAsync();
        const int clicks = TallyRow.MaxMarkers + 30;
        for (var i = 0; i < clicks; i++)
        {
            store.Clock.Advance(TimeSpan.FromSeconds(5)); // a click every few seconds: the markers know their order
            var snapshot = await store.Answers.ReadAsync(session.Id, ["q"], $"f:click-{i}");
            Assert.NotNull(await store.Answers.TryWriteAsync(snapshot, [new AnswerChange("q", new TextAnswer($"versión {i}"), null)], SessionStore.Person(i % 3), 1));
        }

        // Compacted on the way (Table Storage allows 252 properties), the newest clicks are still known, the oldest not.
        var row = await (await store.Tables.GetAsync(AnswerRepository.TableName)).GetEntityAsync<Azure.Data.Tables.TableEntity>(
            Bitacora.Bot.Storage.TableKeys.Escape(session.Id), TallyRow.RowKey);
        Assert.True(row.Value.Count < 252, $"{row.Value.Count} properties");
        for (var i = clicks - TallyRow.KeptOperations; i < clicks; i++)
        {
            Assert.True((await store.Answers.ReadAsync(session.Id, ["q"], $"f:click-{i}")).AlreadyApplied, $"click {i}");
        }
        Assert.False((await store.Answers.ReadAsync(session.Id, ["q"], "f:click-0")).AlreadyApplied);
        var tally = await store.Answers.ReadTallyAsync(session.Id);
        Assert.Equal(["q"], tally.Answered);
        Assert.Equal(3, tally.Respondents.Count);
    }
}
