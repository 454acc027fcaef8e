using System.Net;
using System.Text.Json.Nodes;
using Bitacora.Bot.Tests.Infrastructure;
using Bitacora.Testing;

namespace Bitacora.Bot.Tests.Legal;

/// <summary>The privacy statement and terms the Teams manifest links are served by the bot, in Spanish (es-CL).</summary>
[Collection(AzuriteCollection.Name)]
public sealed class LegalPagesTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData("/privacidad", "Privacidad en Bitácora", "Por cuánto tiempo")]
    [InlineData("/condiciones", "Condiciones de uso de Bitácora", "Para qué es")]
    public async Task The_page_is_served_as_spanish_html(string path, string title, string section)
    {
        await using var bot = await BotPipeline.StartAsync(azurite);

        using var response = await bot.Client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Equal(["es-CL"], response.Content.Headers.ContentLanguage);
        Assert.Contains("<html lang=\"es-CL\">", html);
        Assert.Contains($"<title>{title}</title>", html);
        Assert.Contains($"<h2>{section}</h2>", html);
        Assert.Contains("coordinación territorial", html); // who to ask
    }

    [Fact]
    public async Task The_manifest_links_exactly_these_pages()
    {
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(RepoPaths.Combine("appPackage", "manifest.json")))!;

        Assert.Equal("https://${{BOT_DOMAIN}}/privacidad", (string?)manifest["developer"]!["privacyUrl"]);
        Assert.Equal("https://${{BOT_DOMAIN}}/condiciones", (string?)manifest["developer"]!["termsOfUseUrl"]);
    }

    [Fact]
    public async Task The_privacy_page_states_the_retention_the_configuration_uses()
    {
        await using var bot = await BotPipeline.StartAsync(azurite);
        var html = await bot.Client.GetStringAsync("/privacidad");
        var files = bot.Get<Bitacora.Bot.Files.FileDeliveryOptions>();

        Assert.Contains($"se borran a los {files.Retention.TotalDays:0} días", html);
    }
}
