using Bitacora.Bot.Rubric;
using Bitacora.Bot.Sessions;
using Bitacora.Bot.Storage;
using Bitacora.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bitacora.Bot.Tests.Sessions;

[Collection(AzuriteCollection.Name)]
public sealed class SessionWiringTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task AddSessions_and_AddRubricScores_resolve_working_repositories()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Storage:TablePrefix"] = azurite.NewTablePrefix(),
            ["Sessions:MaxWriteAttempts"] = "50",
        }).Build();
        var services = new ServiceCollection()
            .AddSingleton(TimeProvider.System)
            .AddTableStorage(configuration)
            .AddSessions(configuration)
            .AddRubricScores(configuration);
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var sessions = provider.GetRequiredService<SessionRepository>();
        var session = await sessions.StartAsync(new StartSession(SessionScope.Unit("u1", "Escuela"), "dep-ejecucion-evaluacion", 1, "2026",
            new DateOnly(2026, 5, 4), null, null, new Participant("p", "Paula"), "19:c@thread.v2"));

        Assert.Equal(session.Id, (await sessions.GetCurrentForConversationAsync("19:c@thread.v2"))!.Id);
        Assert.NotNull(provider.GetRequiredService<AnswerRepository>());
        Assert.NotNull(provider.GetRequiredService<RubricScoreRepository>());
    }
}
