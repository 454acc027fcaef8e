using Bitacora.Bot.Hosting;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Bitacora.Bot.Commitments;
using Bitacora.Bot.Commitments.Chat;
using Bitacora.Bot.Guides;
using Bitacora.Bot.Registry.Model;
using Bitacora.Bot.Registry.Storage;
using Bitacora.Bot.Sessions;
using Bitacora.Bot.Storage;
using Bitacora.Bot.Tests.Infrastructure;
using Bitacora.Bot.Tests.Registry;
using Bitacora.Bot.Texts;
using Bitacora.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace Bitacora.Bot.Tests.Hosting.Authorization;

/// <summary>The people of the authorization matrix, in the order of its columns.</summary>
internal enum Actor
{
    AdviserOfTerritory,
    AdviserOfOtherTerritory,
    DirectiveTeamOfUnit,
    CoordinatorOfTerritory,
    CoordinatorOfRegion,
    Administrator,
    Unregistered,
}

/// <summary>What one click or command did: whether the router refused it (and said so), and what the person saw.</summary>
internal sealed record Outcome(bool Refused, string Shown);

/// <summary>
/// The real bot (pipeline, Azurite, sample registry: territories 16-1 and 16-2 of region 16, unit JUNJI 16101001 in
/// 16-1) with one registered person per <see cref="Actor"/>, fresh sessions and commitments of 16-1 on demand, and a
/// snapshot of every domain table to prove a refusal wrote nothing.
/// </summary>
internal sealed class AuthorizationWorld : IAsyncDisposable
{
    public const string Territory = "16-1";
    public const string Unit = "junji:16101001";
    public const string Guide = "dep-ejecucion-evaluacion";

    /// <summary>Turn bookkeeping every activity writes by design (duplicate guard, where to reach the sender).</summary>
    private static readonly string[] BookkeepingTables = ["ProcessedActivities", "ConversationRefs"];

    private readonly AzuriteFixture _azurite;
    private readonly LogCollector _logs;
    private readonly List<Regex> _refusals;
    private int _conversations;

    private AuthorizationWorld(AzuriteFixture azurite, BotPipeline bot, LogCollector logs)
    {
        _azurite = azurite;
        Bot = bot;
        _logs = logs;
        var texts = bot.Get<TextCatalog>();
        _refusals = texts.Keys.Where(k => k is "auth.notRegistered" or "auth.versionMissing" || k.StartsWith("auth.policy.", StringComparison.Ordinal))
            .Select(k => new Regex("^" + Regex.Escape(texts[k]).Replace(@"\{0}", ".+", StringComparison.Ordinal) + "$", RegexOptions.Singleline))
            .ToList();
    }

    public BotPipeline Bot { get; }

    /// <summary>Runs right before the next command or click is sent (after the row created its objects).</summary>
    public Func<Task>? BeforeSend { get; set; }

    public static async Task<AuthorizationWorld> StartAsync(AzuriteFixture azurite)
    {
        var logs = new LogCollector();
        var bot = await BotPipeline.StartAsync(azurite, services => services.AddSingleton<ILoggerProvider>(logs),
            new Dictionary<string, string?> { ["Registry:SeedSamples"] = "true" });
        var world = new AuthorizationWorld(azurite, bot, logs);
        await bot.RegisterAsync(IdOf(Actor.AdviserOfTerritory), "Asesora 16-1", TestPeople.Adviser, Territory);
        await bot.RegisterAsync(IdOf(Actor.AdviserOfOtherTerritory), "Asesor 16-2", TestPeople.Adviser, "16-2");
        await bot.RegisterAsync(IdOf(Actor.DirectiveTeamOfUnit), "Directora Copihues", TestPeople.DirectiveOf(Unit), Territory);
        await bot.RegisterAsync(IdOf(Actor.CoordinatorOfTerritory), "Coordinadora 16-1", TestPeople.CoordinatorOf(Territory));
        await bot.RegisterAsync(IdOf(Actor.CoordinatorOfRegion), "Coordinador Ñuble", TestPeople.RegionalCoordinatorOf("16"));
        await bot.RegisterAsync(IdOf(Actor.Administrator), "Administradora", TestPeople.Administrator);
        return world;
    }

    public static string IdOf(Actor actor) => "29:authz-" + actor.ToString().ToLowerInvariant();

    public Conversation NewConversation() => Conversation.Group($"19:authz-{Interlocked.Increment(ref _conversations)}@thread.v2");

    public Guide DepGuide => Bot.Get<GuideCatalog>().Find(Guide)!;

    /// <summary>A running session of 16-1 about the unit, in <paramref name="conversation"/>.</summary>
    public Task<Session> NewSessionAsync(Conversation conversation) =>
        Bot.Get<SessionRepository>().StartAsync(new StartSession(SessionScope.Territory(Territory, "Territorio 16-1"), Guide,
            DepGuide.Version, "2026", new DateOnly(2026, 5, 4), "Revisar condiciones", null, new Participant("aad-x", "Asesora"),
            conversation.Id, new SessionUnit(Unit, "Jardín Infantil Los Copihues")));

    /// <summary>A finished session of 16-1 in <paramref name="conversation"/>, started by <paramref name="startedBy"/> (null: someone outside the matrix).</summary>
    public async Task<Session> NewFinishedSessionAsync(Conversation conversation, Actor? startedBy)
    {
        var sessions = Bot.Get<SessionRepository>();
        var starter = startedBy is { } actor ? new Participant("aad-" + IdOf(actor), actor.ToString()) : new Participant("aad-x", "Asesora");
        var session = await sessions.StartAsync(new StartSession(SessionScope.Territory(Territory, "Territorio 16-1"), Guide,
            DepGuide.Version, "2026", new DateOnly(2026, 5, 4), "Revisar condiciones", null, starter, conversation.Id,
            new SessionUnit(Unit, "Jardín Infantil Los Copihues")));
        return (await sessions.FinishAsync(session.Id, null, starter)).Session!;
    }

    /// <summary>An open commitment of the unit (due in a week), by default with the unit's director as responsible.</summary>
    public Task<Commitment> NewCommitmentAsync(Conversation conversation, Actor responsible = Actor.DirectiveTeamOfUnit) =>
        Bot.Get<CommitmentService>().CreateAsync(new NewCommitment(Unit, "Actualizar el PEI",
            new PersonRef("aad-" + IdOf(responsible), responsible.ToString(), IdOf(responsible), "aad-" + IdOf(responsible)),
            new LocalDate(2026, 5, 11), "Acta", new CommitmentOrigin("chat:" + conversation.Id, conversation.Id)),
            new PersonRef("aad-a", "Asesora 16-1"), default);

    public static string Responsible => ResponsibleChoice.Encode("m",
        new Bitacora.Bot.Registry.Identity.PersonIdentity("Directora Copihues", IdOf(Actor.DirectiveTeamOfUnit), "aad-" + IdOf(Actor.DirectiveTeamOfUnit), null));

    /// <summary>Types <paramref name="text"/> as <paramref name="actor"/> and returns what the bot answered.</summary>
    public async Task<Outcome> TypeAsync(Actor actor, Conversation conversation, string text)
    {
        if (BeforeSend is { } hook) await hook();
        var refusalsBefore = RefusalLogCount(actor);
        var seen = Bot.Connector.Calls.ToHashSet(ReferenceEqualityComparer.Instance);
        var response = await Bot.PostAsync(Bot.Message(conversation, text, IdOf(actor), actor.ToString()));
        Assert.True(response.IsSuccessStatusCode, $"«{text}» answered {(int)response.StatusCode}");
        var reply = await Bot.Connector.WaitForAsync(c => !seen.Contains(c) && c.ConversationId == conversation.Id && (c.IsSend || c.IsReply));
        return Judge(actor, refusalsBefore, reply.Text ?? reply.Card?.ToJsonString() ?? "");
    }

    /// <summary>Clicks an Action.Execute with <paramref name="data"/> as <paramref name="actor"/>.</summary>
    public async Task<Outcome> ClickAsync(Actor actor, Conversation conversation, string verb, JsonObject data)
    {
        if (BeforeSend is { } hook) await hook();
        var refusalsBefore = RefusalLogCount(actor);
        var response = await Bot.InvokeAsync(Bot.Execute(conversation, verb, data, "card-" + conversation.Id, IdOf(actor), actor.ToString()));
        var shown = response["type"]?.GetValue<string>() == "application/vnd.microsoft.activity.message"
            ? response["value"]?.GetValue<string>() ?? ""
            : response["value"]?.ToJsonString() ?? "";
        return Judge(actor, refusalsBefore, shown);
    }

    /// <summary>
    /// Refused = the router logged a refusal of this actor during the call. Then what the person saw must be one of
    /// the Spanish refusal texts; when allowed, it must not be.
    /// </summary>
    private Outcome Judge(Actor actor, int refusalsBefore, string shown)
    {
        var refused = RefusalLogCount(actor) > refusalsBefore;
        var looksRefused = _refusals.Any(r => r.IsMatch(shown));
        Assert.True(refused == looksRefused, $"{actor}: logged refusal = {refused}, but the person saw: {shown}");
        return new Outcome(refused, shown);
    }

    private int RefusalLogCount(Actor actor) => _logs.Entries.Count(e => e.Level == LogLevel.Warning
        && e.Category.EndsWith(".VerbGate", StringComparison.Ordinal) && e.Message.StartsWith("Refused", StringComparison.Ordinal)
        && e.Message.Contains(IdOf(actor), StringComparison.Ordinal));

    /// <summary>Every row (with its ETag) of every table of this bot except the turn bookkeeping.</summary>
    public async Task<IReadOnlyList<string>> SnapshotAsync()
    {
        // Rows an earlier allowed turn writes right after its answer (participants, the status message's id on the
        // session row, the claim's «done») land before the snapshot, not in it.
        await Bot.Get<SharedCardUpdates>().WhenIdleAsync();
        await Bot.Get<ClaimCompletions>().WhenIdleAsync();
        await Bot.Get<AfterAnswerWrites>().WhenIdleAsync();
        var service = _azurite.CreateServiceClient();
        var rows = new List<string>();
        await foreach (var table in service.QueryAsync())
        {
            if (!table.Name.StartsWith(Bot.TablePrefix, StringComparison.Ordinal)
                || BookkeepingTables.Contains(table.Name[Bot.TablePrefix.Length..]))
            {
                continue;
            }
            await foreach (var e in service.GetTableClient(table.Name).QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"]))
            {
                rows.Add($"{table.Name}|{e.PartitionKey}|{e.RowKey}|{e.ETag}");
            }
        }
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    public ValueTask DisposeAsync() => Bot.DisposeAsync();
}
