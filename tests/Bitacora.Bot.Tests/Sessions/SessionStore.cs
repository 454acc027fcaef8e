using Bitacora.Bot.Rubric;
using Bitacora.Bot.Sessions;
using Bitacora.Bot.Storage;
using Bitacora.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Bitacora.Bot.Tests.Sessions;

/// <summary>The repositories over a fresh set of Azurite tables, with a controllable clock.</summary>
internal sealed class SessionStore
{
    public SessionStore(AzuriteFixture azurite)
    {
        var tables = Tables = new TableClientProvider(azurite.CreateServiceClient(), azurite.NewTablePrefix());
        var options = Options.Create(new SessionOptions());
        Sessions = new SessionRepository(tables, Clock, options);
        Answers = new AnswerRepository(tables, Clock, options);
        Rubric = new RubricScoreRepository(tables, Clock, options);
    }

    public TableClientProvider Tables { get; }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 4, 14, 13, 0, 0, TimeSpan.Zero));
    public SessionRepository Sessions { get; }
    public AnswerRepository Answers { get; }
    public RubricScoreRepository Rubric { get; }

    public static Participant Person(int i) => new($"aad-{i:D3}", $"Asesora {i}");

    public static SessionScope Territory => SessionScope.Territory("rm-03", "Territorio 3 · Región Metropolitana");

    /// <summary>A new session as «Crear» makes it: the session row and its empty tally row (<paramref name="withTally"/>
    /// false: a session from before tally rows, or a logbook record before its first answer).</summary>
    public async Task<Session> StartAsync(SessionScope? scope = null, string period = "2026", string? conversationId = "19:meeting_abc@thread.v2", bool withTally = true)
    {
        var session = await Sessions.StartAsync(new StartSession(scope ?? Territory, "dep-ejecucion-evaluacion", 1, period,
            new DateOnly(2026, 4, 14), "Revisar condiciones de la ejecución", "Conversatorio", Person(0), conversationId));
        if (withTally) await Answers.InitializeAsync(session.Id);
        return session;
    }
}
