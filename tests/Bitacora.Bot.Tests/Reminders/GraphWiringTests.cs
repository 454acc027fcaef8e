using System.Net;
using System.Text;
using Azure.Core;
using Bitacora.Bot.Commitments;
using Bitacora.Bot.Registry;
using Bitacora.Bot.Registry.Identity;
using Bitacora.Bot.Reminders;
using Bitacora.Bot.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Graph;
using NodaTime;

namespace Bitacora.Bot.Tests.Reminders;

/// <summary>
/// Graph through the container as BitacoraServices wires it (AddRegistry, AddReminders, then AddGraphIfConfigured): one
/// GraphServiceClient, used by identity linking and by the working hours; Graph answered at the HTTP boundary with the
/// bodies the Graph docs show (user-get-mailboxsettings, user-get).
/// </summary>
public sealed class GraphWiringTests
{
    private const string UserId = "94447c6e-ea4c-494c-a9ed-d905e366c5cb";

    private sealed class FakeCredential : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new("graph-token", DateTimeOffset.UtcNow.AddHours(1));

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new(GetToken(requestContext, cancellationToken));
    }

    private sealed class GraphStub : HttpMessageHandler
    {
        public List<(string PathAndQuery, string? Authorization)> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (Requests)
            {
                Requests.Add((Uri.UnescapeDataString(request.RequestUri!.PathAndQuery), request.Headers.Authorization?.ToString()));
            }
            var path = request.RequestUri!.AbsolutePath;
            var selected = Uri.UnescapeDataString(request.RequestUri.Query).Contains("$select=timeZone,workingHours", StringComparison.Ordinal);
            var body = path.EndsWith("/mailboxSettings", StringComparison.Ordinal) && selected
                ? """
                  {"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#users('94447c6e-ea4c-494c-a9ed-d905e366c5cb')/mailboxSettings(timeZone,workingHours)",
                   "timeZone":"Pacific SA Standard Time",
                   "workingHours":{"daysOfWeek":["monday","tuesday","wednesday","thursday","friday","saturday"],
                     "startTime":"09:00:00.0000000","endTime":"18:30:00.0000000","timeZone":{"name":"Pacific SA Standard Time"}}}
                  """
                : path.EndsWith("/mailboxSettings", StringComparison.Ordinal)
                ? """
                  {"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#users('94447c6e-ea4c-494c-a9ed-d905e366c5cb')/mailboxSettings",
                   "timeZone":"Pacific SA Standard Time","language":{"locale":"es-CL","displayName":"español (Chile)"},
                   "workingHours":{"daysOfWeek":["monday","tuesday","wednesday","thursday","friday","saturday"],
                     "startTime":"09:00:00.0000000","endTime":"18:30:00.0000000","timeZone":{"name":"Pacific SA Standard Time"}},
                   "userPurpose":{"value":"user"},"dateFormat":"dd-MM-yyyy","timeFormat":"HH:mm"}
                  """
                : """
                  {"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#users(mail,userPrincipalName,displayName)/$entity",
                   "mail":"Rosa.Alarcon@junji.example","userPrincipalName":"ralarcon@junji.example","displayName":"Rosa Alarcón Vidal"}
                  """;
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            });
        }
    }

    private static ServiceProvider Build(GraphStub stub, bool useGraph)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = "UseDevelopmentStorage=true",
            ["Registry:UseGraph"] = useGraph ? "true" : "false",
            ["MicrosoftAppId"] = "00000000-0000-0000-0000-0000000000aa",
            ["MicrosoftAppPassword"] = "secret",
            ["MicrosoftAppTenantId"] = "72f988bf-86f1-41af-91ab-2d7cd011db47",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<TokenCredential>(new FakeCredential()); // before AddGraph: the app's one credential
        services.AddHttpClient(GraphServiceCollectionExtensions.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => stub);
        services.AddTableStorage(configuration);
        services.AddRegistry(configuration);
        services.AddReminders(configuration, addHangfireServer: false);
        services.AddGraphIfConfigured(configuration);
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task Working_hours_come_from_the_mailbox_settings_through_the_one_registered_GraphServiceClient()
    {
        var stub = new GraphStub();
        await using var sp = Build(stub, useGraph: true);

        Assert.Same(sp.GetRequiredService<GraphServiceClient>(), sp.GetRequiredService<GraphServiceClient>());
        var provider = Assert.IsType<GraphWorkingHoursProvider>(sp.GetRequiredService<IWorkingHoursProvider>());
        var hours = await provider.GetAsync(new PersonRef(UserId, "Rosa", "29:rosa", UserId), CancellationToken.None);

        Assert.Equal("America/Santiago", hours.Zone.Id);
        Assert.Contains(IsoDayOfWeek.Saturday, hours.Days);
        Assert.Equal((new LocalTime(9, 0), new LocalTime(18, 30)), (hours.Start, hours.End));
        var request = Assert.Single(stub.Requests);
        Assert.Equal($"/v1.0/users/{UserId}/mailboxSettings?$select=timeZone,workingHours", request.PathAndQuery);
        Assert.Equal("Bearer graph-token", request.Authorization);

        // The same client links identities.
        var profile = await Assert.IsType<GraphUserProfileLookup>(sp.GetRequiredService<IUserProfileLookup>()).FindAsync(UserId);
        Assert.Equal(("Rosa.Alarcon@junji.example", "ralarcon@junji.example"), (profile?.Mail, profile?.UserPrincipalName));
        Assert.StartsWith($"/v1.0/users/{UserId}?$select=mail,userPrincipalName,displayName", stub.Requests[1].PathAndQuery);
    }

    [Fact]
    public async Task Without_Graph_the_configured_hours_are_used_and_nothing_calls_Graph()
    {
        var stub = new GraphStub();
        await using var sp = Build(stub, useGraph: false);

        Assert.Null(sp.GetService<GraphServiceClient>());
        Assert.IsType<ConfiguredWorkingHoursProvider>(sp.GetRequiredService<IWorkingHoursProvider>());
        Assert.IsType<NoUserProfileLookup>(sp.GetRequiredService<IUserProfileLookup>());
        Assert.Empty(stub.Requests);
    }
}
