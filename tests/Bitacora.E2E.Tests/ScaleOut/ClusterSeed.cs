using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Bitacora.Bot.Commitments;
using Bitacora.Bot.Conversations;
using Bitacora.Bot.Reminders;
using Bitacora.Bot.Storage;
using Bitacora.BotFramework;
using Bitacora.Testing;
using NodaTime;

namespace Bitacora.E2E.Tests.ScaleOut;

/// <summary>
/// Writes, straight into the cluster's storage, what weeks of use would have left: open commitments whose reminder is
/// due now (one per commitment, in the due index) and a 1:1 conversation reference per responsible (as their first
/// message to the bot records it). Reminders are then recognised at the connector by "Compromiso {run} {nnnn}".
/// </summary>
internal sealed class ClusterSeed(TableClientProvider tables, string serviceUrl)
{
    public const string BotId = "28:bitacora-bot";

    public async Task<IReadOnlyList<Commitment>> DueRemindersAsync(string run, int count, int people, Instant due)
    {
        // As the instances see it: anonymous (loopback service URL of the fake connector allowed).
        var policy = new ServiceUrlPolicy(Microsoft.Extensions.Options.Options.Create(new BotFrameworkOptions { AllowAnonymous = true }));
        var references = new ConversationReferenceStore(tables, TimeProvider.System, policy);
        await Parallel.ForEachAsync(Enumerable.Range(0, people), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (p, ct) =>
        {
            var person = Person(run, p);
            await references.RecordAsync(new Activity
            {
                Type = ActivityTypes.Message,
                ServiceUrl = serviceUrl,
                ChannelId = "msteams",
                Conversation = new ConversationAccount { Id = "a:dm-" + person.TeamsUserId, ConversationType = "personal", TenantId = "tenant-1" },
                From = new ChannelAccount { Id = person.TeamsUserId!, Name = person.Name, AadObjectId = person.AadObjectId },
                Recipient = new ChannelAccount { Id = BotId, Name = "Bitácora" },
            }, ct);
        });

        var kind = new ReminderKind(0);
        var commitments = Enumerable.Range(0, count).Select(i => new Commitment
        {
            Id = $"{run}-{i.ToString("D4", CultureInfo.InvariantCulture)}",
            Unit = $"unit-{run}-{(i % 10).ToString(CultureInfo.InvariantCulture)}",
            What = $"Compromiso {run} {i.ToString("D4", CultureInfo.InvariantCulture)}",
            Responsible = Person(run, i % people),
            AccountabilityDate = due.InUtc().Date,
            MeansOfVerification = "Acta",
            Origin = new CommitmentOrigin("s-" + run, "19:session-" + run + "@thread.v2", serviceUrl, "tenant-1"),
            CreatedAt = due - Duration.FromDays(10),
            CreatedBy = new PersonRef("aad-dir", "Directora"),
            Reminders = [new ScheduledReminder(kind, due)],
        }).ToList();

        var table = await tables.GetAsync(CommitmentStore.TableName);
        foreach (var unit in commitments.GroupBy(c => c.Unit))
        {
            foreach (var chunk in unit.Chunk(100))
            {
                await table.SubmitTransactionAsync(chunk.Select(c => new TableTransactionAction(TableTransactionActionType.UpsertReplace,
                    CommitmentEntityMapper.ToEntity(c, CommitmentStore.UnitKey(c.Unit), CommitmentStore.CommitmentRow(c.Id)))));
            }
        }
        await new ReminderDueIndex(tables).UpsertAsync(
            commitments.Select(c => new DueReminder(c.Unit, c.Id, kind, due, due)).ToList(), CancellationToken.None);
        return commitments;
    }

    private static PersonRef Person(string run, int p) =>
        new($"aad-{run}-p{p}", $"Persona {p}", $"29:{run}-p{p}", $"aad-{run}-p{p}");

    /// <summary>The reminder cards of <paramref name="run"/> the connector received, by commitment number, in arrival order.</summary>
    public static IReadOnlyList<(int Number, ConnectorCall Call, bool Flagged)> Reminders(FakeConnector connector, string run)
    {
        var pattern = new Regex($"Compromiso {Regex.Escape(run)} (\\d{{4}})", RegexOptions.CultureInvariant);
        return connector.Calls
            .Where(c => c.IsSend && c.Card is not null)
            .Select(c => (Call: c, Json: c.Card!.ToJsonString()))
            .Select(x => (Match: pattern.Match(x.Json), x.Call, Flagged: x.Json.Contains("Posible reenv", StringComparison.Ordinal)))
            .Where(x => x.Match.Success)
            .Select(x => (int.Parse(x.Match.Groups[1].Value, CultureInfo.InvariantCulture), x.Call, x.Flagged))
            .OrderBy(x => x.Call.ReceivedAt)
            .ToList();
    }

    /// <summary>The most sends that arrived within any one second (a sliding window, as Teams counts).</summary>
    public static int MaxPerSecond(IEnumerable<DateTimeOffset> arrivals)
    {
        var times = arrivals.Order().ToList();
        int best = 0, start = 0;
        for (var end = 0; end < times.Count; end++)
        {
            while (times[end] - times[start] >= TimeSpan.FromSeconds(1))
            {
                start++;
            }
            best = Math.Max(best, end - start + 1);
        }
        return best;
    }

    /// <summary>A Teams-shaped inbound message (anonymous channel, like the Playground).</summary>
    public static JsonObject Message(string serviceUrl, string id, string userId, string name, string aad, string text) => new()
    {
        ["type"] = "message",
        ["id"] = id,
        ["timestamp"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        ["serviceUrl"] = serviceUrl,
        ["channelId"] = "msteams",
        ["from"] = new JsonObject { ["id"] = userId, ["name"] = name, ["aadObjectId"] = aad },
        ["recipient"] = new JsonObject { ["id"] = BotId, ["name"] = "Bitácora" },
        ["conversation"] = new JsonObject
        {
            ["id"] = "a:dm-" + userId,
            ["conversationType"] = "personal",
            ["isGroup"] = false,
            ["tenantId"] = "tenant-1",
        },
        ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = "tenant-1" } },
        ["locale"] = "es-CL",
        ["text"] = text,
        ["textFormat"] = "plain",
    };
}
