using System.Globalization;
using System.Text.Json.Nodes;
using Bitacora.Bot.Commitments;
using Bitacora.Bot.Reminders;
using Bitacora.E2E.Tests.Bot;
using Bitacora.E2E.Tests.Infrastructure;
using Bitacora.Testing.Playground;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Bitacora.E2E.Tests.Commitments;

/// <summary>
/// Issue 6's end-to-end proof in the Agents Playground: a commitment made in the chat produces its reminder card when
/// the sweep runs at the reminder's instant, and «Cumplido» on that card updates it in place.
/// </summary>
[Collection(E2ECollection.Name)]
[Trait("Category", BotE2E.Category)]
public sealed class CommitmentReminderE2ETests(BotHostFixture e2e)
{
    private PlaygroundClient Playground => e2e.Client;

    [Fact(Skip = BotE2E.PendingReason)]
    public async Task A_commitment_made_in_the_chat_is_reminded_at_its_instant_and_Cumplido_updates_the_card()
    {
        var chat = e2e.Config.PersonalChat.Id;
        var what = "Actualizar el PEI " + Guid.NewGuid().ToString("N")[..6];

        await Playground.SendMessageAsync(chat, "nuevo compromiso");
        var form = await Playground.WaitForMessageInAsync(chat, m => m.HasAdaptiveCard && m.Contains("Nuevo compromiso"));
        var responsible = form.AdaptiveCards[0]["body"]!.AsArray()
            .First(e => e?["id"]?.GetValue<string>() == "responsible")!["choices"]!.AsArray()[0]!["value"]!.GetValue<string>();
        var zone = DateTimeZoneProviders.Tzdb["America/Santiago"];
        var date = SystemClock.Instance.GetCurrentInstant().InZone(zone).Date.PlusDays(10);

        var created = await Playground.InvokeAdaptiveCardActionAsync(chat, form.MessageId, "commitment.create", new JsonObject
        {
            ["verb"] = "commitment.create",
            ["what"] = what,
            ["unit"] = "junji:16101001",
            ["responsible"] = responsible,
            ["date"] = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["verification"] = "Acta del consejo",
        });
        Assert.True(created.IsCard, created.AllText);
        Assert.Contains("Compromiso registrado", created.AllText);

        var summary = (await e2e.Services.GetRequiredService<CommitmentStore>().ListBySessionAsync("chat:" + chat, CancellationToken.None))
            .Single(s => s.What == what);
        var commitment = (await e2e.Services.GetRequiredService<CommitmentService>().GetAsync(summary.Id, CancellationToken.None))!;
        var first = commitment.Reminders.OrderBy(r => r.DueUtc).First();

        Playground.MarkCheckpoint();
        var report = await e2e.Services.GetRequiredService<ReminderSweep>().RunAsync(first.DueUtc.ToDateTimeOffset(), CancellationToken.None);
        Assert.True(report.Sent >= 1, report.ToString());
        var reminder = await Playground.WaitForMessageInAsync(chat, m => m.HasAdaptiveCard && m.Contains(what) && m.Contains("Recordatorio"));

        var done = await Playground.InvokeAdaptiveCardActionAsync(chat, reminder.MessageId, "commitment.done", new JsonObject
        {
            ["verb"] = "commitment.done",
            ["commitmentId"] = commitment.Id,
            ["version"] = commitment.Version.ToString(CultureInfo.InvariantCulture),
            ["kind"] = first.Kind.Token,
            ["evidenceText"] = "Acta firmada y subida",
        });
        Assert.True(done.IsCard, done.AllText);
        Assert.Contains("Compromiso cumplido", done.AllText);
        var updated = await Playground.WaitForUpdateAsync(reminder.MessageId);
        Assert.Contains("Acta firmada y subida", updated.AllText);
        Assert.Equal(CommitmentStatus.Cumplido,
            (await e2e.Services.GetRequiredService<CommitmentService>().GetAsync(commitment.Id, CancellationToken.None))!.Status);
    }
}
