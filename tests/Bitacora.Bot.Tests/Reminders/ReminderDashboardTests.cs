using System.Net;
using Bitacora.Bot.Tests.Infrastructure;
using Bitacora.Testing;

namespace Bitacora.Bot.Tests.Reminders;

/// <summary>
/// The Hangfire dashboard at /hangfire (Program.cs, <c>MapReminderDashboard</c>), built by its first request since
/// issue 16 (idle RSS) instead of at start-up: it still serves its pages under the path, keeps its links under it, and
/// answers 404 for what it does not know — as Hangfire's own MapHangfireDashboard did.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ReminderDashboardTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task The_dashboard_is_served_under_its_path_and_unknown_pages_are_404()
    {
        await using var bot = await BotPipeline.StartAsync(azurite); // the test server's caller is local: allowed

        using var home = await bot.Client.GetAsync("/hangfire");
        var html = await home.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Equal("text/html", home.Content.Headers.ContentType?.MediaType);
        Assert.Contains("href=\"/hangfire/recurring\"", html); // links keep the path the dashboard is mapped under

        using var recurring = await bot.Client.GetAsync("/hangfire/recurring");
        Assert.Equal(HttpStatusCode.OK, recurring.StatusCode);

        using var unknown = await bot.Client.GetAsync("/hangfire/no-existe");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
