using Bitacora.Bot.Commitments;
using Bitacora.Bot.Reminders;
using Bitacora.Bot.Tests.Reminders;
using Bitacora.Testing;
using NodaTime;

namespace Bitacora.Bot.Tests.Commitments;

[Collection(AzuriteCollection.Name)]
public sealed class CommitmentServiceTests(AzuriteFixture azurite)
{
    private static readonly LocalDate Date = new(2026, 5, 4);
    private static readonly PersonRef Luis = new("aad-luis", "Luis Soto", "29:luis", "aad-luis");

    [Fact]
    public async Task A_new_commitment_is_readable_by_id_by_unit_by_person_and_by_session_with_its_history()
    {
        var h = new RemindersHarness(azurite);
        var c = await h.CreateAsync(Date);

        var byId = await h.Commitments.GetAsync(c.Id, default);
        var byUnit = await h.Store.ListByUnitAsync("JUNJI-13101", default);
        var mine = await h.Store.ListOpenForPersonAsync("aad-ana", default);
        var session = await h.Store.ListBySessionAsync("session-1", default);
        var history = await h.Store.GetHistoryAsync("JUNJI-13101", c.Id, default);

        Assert.Equal(("Actualizar el PEI", Date, CommitmentStatus.Pendiente, 1), (byId!.What, byId.AccountabilityDate, byId.Status, byId.Version));
        Assert.Equal(4, byId.Reminders.Count);
        Assert.Equal(c.Id, Assert.Single(byUnit).Id);
        Assert.Equal(c.Id, Assert.Single(mine).Id);
        Assert.Equal(c.Id, Assert.Single(session).Id);
        Assert.Equal("creado", Assert.Single(history).What);
    }

    [Fact]
    public async Task Two_people_clicking_at_once_one_wins_and_the_other_gets_a_conflict()
    {
        var h = new RemindersHarness(azurite);
        var c = await h.CreateAsync(Date);

        var results = await Task.WhenAll(
            h.Commitments.MarkDoneAsync(c.Id, c.Version, new CommitmentEvidence("acta", null), RemindersHarness.Ana, null, default),
            h.Commitments.RescheduleAsync(c.Id, c.Version, Date.PlusDays(14), Luis, "licencia", default));

        Assert.Single(results.OfType<CommitmentUpdateResult.Updated>());
        var conflict = Assert.Single(results.OfType<CommitmentUpdateResult.Conflict>());
        Assert.Equal(2, conflict.Current.Version);
        Assert.Equal(2, (await h.Store.GetHistoryAsync(c.Unit, c.Id, default)).Count);
    }

    [Fact]
    public async Task A_stale_etag_never_overwrites()
    {
        var h = new RemindersHarness(azurite);
        var c = await h.CreateAsync(Date);
        var stale = (await h.Commitments.GetAsync(c.Id, default))!;
        Assert.IsType<CommitmentUpdateResult.Updated>(
            await h.Commitments.RescheduleAsync(c.Id, null, Date.PlusDays(3), Luis, null, default));

        var written = await h.Store.WriteAsync(c.Unit, [stale with { What = "sobrescrito", Version = 2 }], [], null, default);

        Assert.False(written);
        Assert.Equal("Actualizar el PEI", (await h.Commitments.GetAsync(c.Id, default))!.What);
    }

    [Theory]
    [InlineData(CommitmentStatus.Suspendido)]
    [InlineData(CommitmentStatus.Eliminado)]
    [InlineData(CommitmentStatus.Cancelado)]
    public async Task A_suspended_eliminated_or_cancelled_commitment_is_not_called_done(CommitmentStatus status)
    {
        var h = new RemindersHarness(azurite);
        var c = await h.CreateAsync(Date);
        var stored = (await h.Commitments.GetAsync(c.Id, default))!;
        Assert.True(await h.Store.WriteAsync(c.Unit, [stored with { Status = status, Version = stored.Version + 1 }], [], null, default));

        var done = await h.Commitments.MarkDoneAsync(c.Id, null, new CommitmentEvidence("acta", null), RemindersHarness.Ana, null, default);
        var moved = await h.Commitments.RescheduleAsync(c.Id, null, Date.PlusDays(7), Luis, null, default);

        Assert.Equal(CommitmentMessages.NotActive, Assert.IsType<CommitmentUpdateResult.Rejected>(done).Reason.Key);
        Assert.Equal(CommitmentMessages.NotActive, Assert.IsType<CommitmentUpdateResult.Rejected>(moved).Reason.Key);
        Assert.Equal(status, (await h.Commitments.GetAsync(c.Id, default))!.Status);
    }

    [Fact]
    public async Task Done_keeps_evidence_and_history_and_leaves_my_open_commitments()
    {
        var h = new RemindersHarness(azurite);
        var c = await h.CreateAsync(Date);

        var result = await h.Commitments.MarkDoneAsync(c.Id, 1, new CommitmentEvidence("Acta N°3", "https://x/acta3.pdf"), RemindersHarness.Ana, "listo", default);
        var again = await h.Commitments.MarkDoneAsync(c.Id, 2, new CommitmentEvidence("otra", null), RemindersHarness.Ana, null, default);

        var done = Assert.IsType<CommitmentUpdateResult.Updated>(result).Commitment;
        Assert.Equal((CommitmentStatus.Cumplido, "https://x/acta3.pdf"), (done.Status, done.Evidence!.Link));
        Assert.Empty(done.Reminders);
        Assert.IsType<CommitmentUpdateResult.Rejected>(again);
        Assert.Empty(await h.Store.ListOpenForPersonAsync("aad-ana", default));
        var change = (await h.Store.GetHistoryAsync(c.Unit, c.Id, default)).Last();
        Assert.Equal(("estado", "Pendiente", "Cumplido", "aad-ana", "listo"), (change.What, change.From, change.To, change.By.Id, change.Why));
    }
}
