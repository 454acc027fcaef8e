using System.Text.Json.Nodes;
using Bitacora.Bot.Commitments;
using Bitacora.Bot.Conversations;
using Bitacora.Bot.Reminders;
using Bitacora.Bot.Tests.Hosting;
using Bitacora.Bot.Tests.Infrastructure;
using Bitacora.Testing;
using NodaTime;

namespace Bitacora.Bot.Tests.Reminders;

/// <summary>The connector channel as the app wires it (real pipeline, loopback connector, Azurite).</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ConnectorReminderChannelTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private BotPipeline _bot = null!;

    // One connector attempt: the connector's own inline retries wait on the app clock, which these tests drive.
    public async Task InitializeAsync() => _bot = await BotPipeline.StartAsync(azurite, settings: new Dictionary<string, string?>
    {
        ["BotFramework:Retry:MaxAttempts"] = "1",
    });

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    private async Task<Commitment> CommitmentAsync(LocalDate date) =>
        await _bot.Get<CommitmentService>().CreateAsync(new NewCommitment("junji:16101001", "Actualizar el PEI",
                new PersonRef("aad-29:adele", "Adele Vance", "29:adele", "aad-29:adele"), date, "Acta",
                new CommitmentOrigin("session-1", "19:group@thread.v2", _bot.Connector.ServiceUrl, "tenant-1")),
            new PersonRef("aad-dir", "Directora"), CancellationToken.None);

    private ReminderMessage Message(Commitment c, bool redelivery) => new("k", c, new ReminderKind(0), DateTimeOffset.UnixEpoch,
        new ReminderTarget.Personal(c.Responsible, "tenant-1", _bot.Connector.ServiceUrl), 1, redelivery);

    [Fact]
    public void The_app_registers_the_connector_channel()
    {
        Assert.IsType<ConnectorReminderChannel>(_bot.Get<IReminderChannel>());
    }

    [Fact]
    public async Task A_stored_1to1_is_reused_and_a_flagged_resend_says_so_on_the_card()
    {
        // Adele talked to the bot in her personal chat: that conversation is stored and used, no POST /v3/conversations.
        await _bot.PostAsync(_bot.Message(Conversation.Personal("a:adele-chat"), "hola", "29:adele", "Adele Vance"));
        await _bot.Connector.WaitForAsync(c => c.ConversationId == "a:adele-chat");
        _bot.Connector.Clear();
        var c = await CommitmentAsync(new LocalDate(2026, 5, 20));
        var channel = _bot.Get<IReminderChannel>();

        var result = await channel.SendAsync(Message(c, redelivery: true), CancellationToken.None);

        Assert.IsType<DeliveryResult.Delivered>(result);
        var sent = Assert.Single(_bot.Connector.Calls);
        Assert.Equal("a:adele-chat", sent.ConversationId);
        var card = sent.Card!.ToJsonString(Json.Unescaped);
        Assert.Contains("Si ya recibiste este recordatorio, ignóralo.", card);
        Assert.Contains("faltan 12 días hábiles para la fecha de rendición de cuentas (el miércoles 20)", card); // Mon 4 → Wed 20 May
        Assert.Equal(DeliveryProbeStatus.Unknown, (await channel.ProbeAsync(Message(c, true), CancellationToken.None)).Status);
    }

    [Fact]
    public async Task A_429_becomes_RetryLater_with_the_server_Retry_After_and_the_sweep_requeues_instead_of_waiting()
    {
        var c = await CommitmentAsync(new LocalDate(2026, 5, 11));
        var due = c.Reminders.Single(r => r.Kind.OffsetDays == -3).DueUtc.ToDateTimeOffset();
        _bot.Connector.FailNext(1, 429, TimeSpan.FromSeconds(90), c => c.IsSend);

        _bot.Time.SetUtcNow(due);
        var sweep = _bot.Get<ReminderSweep>();
        var first = await sweep.RunAsync(due, CancellationToken.None);
        Assert.Equal(1, first.Requeued);
        Assert.Equal(0, first.Sent);
        var entry = await _bot.Get<ReminderOutbox>().GetAsync(c.Id, "m3", due.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks, CancellationToken.None);
        Assert.Equal(due.AddSeconds(90), entry?.NextAttemptAt);

        _bot.Time.SetUtcNow(due.AddSeconds(90));
        var second = await sweep.RunAsync(due.AddSeconds(90), CancellationToken.None);
        Assert.Equal(1, second.Sent);
        Assert.Single(_bot.Connector.Calls, call => call.IsSend && call.Card is not null);
    }

    [Fact]
    public async Task A_short_Retry_After_is_not_waited_twice_the_channel_asks_for_a_requeue()
    {
        var c = await CommitmentAsync(new LocalDate(2026, 5, 20));
        _bot.Connector.FailNext(1, 503, TimeSpan.FromSeconds(2), call => call.IsSend);
        await _bot.PostAsync(_bot.Message(Conversation.Personal("a:adele-chat"), "hola", "29:adele", "Adele Vance"));
        _bot.Connector.Clear();

        var result = await _bot.Get<IReminderChannel>().SendAsync(Message(c, false), CancellationToken.None);

        var later = Assert.IsType<DeliveryResult.RetryLater>(result);
        Assert.True(later.RetryAfter > _bot.Get<ReminderOptions>().MaxInlineRetryAfter, later.ToString());
    }

    [Fact]
    public async Task A_404_or_403_is_Unreachable_and_other_failures_are_Failed()
    {
        // The session's group chat is known (the bot's id comes from there); Adele never wrote to the bot.
        await _bot.PostAsync(_bot.MentionMessage(Conversation.Group("19:group@thread.v2"), "ayuda"));
        var c = await CommitmentAsync(new LocalDate(2026, 5, 20));
        var channel = _bot.Get<IReminderChannel>();
        _bot.Connector.FailNext(1, 404, when: call => call.Path == "/v3/conversations");
        Assert.Equal(404, Assert.IsType<DeliveryResult.Unreachable>(await channel.SendAsync(Message(c, false), CancellationToken.None)).StatusCode);
        _bot.Connector.FailNext(1, 400, when: call => call.Path == "/v3/conversations");
        Assert.IsType<DeliveryResult.Failed>(await channel.SendAsync(Message(c, false), CancellationToken.None));
        // After a successful creation the 1:1 is remembered for the next reminder.
        Assert.IsType<DeliveryResult.Delivered>(await channel.SendAsync(Message(c, false), CancellationToken.None));
        Assert.Equal("a:personal-29:adele", (await _bot.Get<ConversationReferenceStore>().GetUserAsync("29:adele", CancellationToken.None))?.PersonalConversationId);
    }
}
