using System.Text.Json.Nodes;
using Bitacora.Bot.Hosting;
using Bitacora.Bot.Hosting.Welcome;
using Bitacora.Bot.Tests.Infrastructure;
using Bitacora.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bitacora.Bot.Tests.Hosting;

/// <summary>
/// Command names are declared once, in C# (<see cref="IBotCommandNames.Names"/>); the help list (commands.json) and the
/// Teams manifest's command lists (appPackage/manifest.json) only refer to them, and are checked against the commands
/// the running bot's router knows.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class CommandNamesTests(AzuriteFixture azurite)
{
    /// <summary>Teams shows at most 10 commands per list (manifest schema: commandLists[].commands maxItems 10).</summary>
    private const int TeamsMaxCommandsPerList = 10;

    [Fact]
    public async Task Every_manifest_command_and_help_entry_names_a_command_the_router_knows()
    {
        await using var bot = await BotPipeline.StartAsync(azurite);
        var router = bot.Get<CommandRouter>();
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(RepoPaths.Combine("appPackage", "manifest.json")))!;
        var lists = manifest["bots"]![0]!["commandLists"]!.AsArray();

        Assert.Equal(["groupChat", "personal", "team"],
            lists.SelectMany(l => l!["scopes"]!.AsArray()).Select(s => (string)s!).Order(StringComparer.Ordinal));
        foreach (var list in lists)
        {
            var titles = list!["commands"]!.AsArray().Select(c => (string)c!["title"]!).ToList();
            var scope = string.Join(",", list["scopes"]!.AsArray().Select(s => (string)s!));
            Assert.InRange(titles.Count, 1, TeamsMaxCommandsPerList);
            Assert.Equal(titles.Count, titles.Select(CommandText.Normalize).Distinct(StringComparer.Ordinal).Count());
            var unknown = titles.Where(t => router.Named(t) is null).ToList();
            Assert.True(unknown.Count == 0, $"manifest.json ({scope}) offers commands the bot does not declare: {string.Join(", ", unknown)}");
        }

        var help = bot.Get<HelpCards>();
        Assert.NotEmpty(help.CommandNames);
        Assert.All(help.CommandNames, n => Assert.True(router.Named(n) is not null, $"commands.json names «{n}», which no command declares"));
        // Every command the help list or the manifest names reaches that command when typed (with the typed arguments).
        Assert.Equal(router.Named("iniciar sesión"), router.Match("Iniciar Sesion 16-1")?.Command);
    }

    /// <summary>Issue 16, idle memory: the help list is checked against the names the command classes declare
    /// statically; no command (nor the object graph behind it) is built until a message names it.</summary>
    [Fact]
    public async Task No_command_is_built_until_a_message_names_it()
    {
        var built = 0;
        await using var bot = await BotPipeline.StartAsync(azurite, services => services.AddBotCommand(["comando de prueba"], sp =>
        {
            Interlocked.Increment(ref built);
            return new HelpCommand(sp.GetRequiredService<HelpCards>());
        }));

        await bot.Get<StartupChecksRunner>().Completion.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, Volatile.Read(ref built));
        Assert.NotNull(bot.Get<CommandNames>().Named("Comando de Prueba"));

        var router = bot.Get<CommandRouter>(); // what the first message resolves: it builds no command either
        Assert.Equal(0, Volatile.Read(ref built));
        Assert.NotNull(router.Match("ayuda"));
        Assert.Equal(0, Volatile.Read(ref built)); // only the command a message names is built

        Assert.NotNull(router.Match("Comando de prueba ahora"));
        Assert.Same(router.Named("comando de prueba"), router.Match("comando de prueba")!.Command);
        Assert.Equal(1, Volatile.Read(ref built)); // once
    }

    [Fact]
    public async Task A_help_entry_that_no_command_declares_is_refused_naming_it()
    {
        await using var bot = await BotPipeline.StartAsync(azurite);
        var help = new HelpCards(bot.Get<Bitacora.Bot.Cards.CardCatalog>(), new JsonObject
        {
            ["groups"] = new JsonArray(new JsonObject
            {
                ["title"] = "x",
                ["commands"] = new JsonArray(new JsonObject { ["name"] = "ayuda" }, new JsonObject { ["name"] = "volar" }),
            }),
        });

        var e = Assert.Throws<InvalidDataException>(() => help.EnsureKnownTo(bot.Get<CommandNames>()));

        Assert.Contains("«volar»", e.Message);
        Assert.Null(bot.Get<CommandRouter>().Named("volar"));
        Assert.NotNull(bot.Get<CommandRouter>().Named("AYUDA"));
    }
}
