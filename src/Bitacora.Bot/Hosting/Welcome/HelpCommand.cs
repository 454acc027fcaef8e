using Bitacora.Bot.Hosting;
using Bitacora.Bot.Hosting.Authorization;
using Bitacora.BotFramework;

namespace Bitacora.Bot.Hosting.Welcome;

public sealed class HelpCommand(HelpCards cards) : IBotCommand, IBotCommandNames
{
    public static IReadOnlyList<string> Names { get; } = ["ayuda", "help", "comandos", "menu"];

    public AccessRule Rule => AccessRule.Anyone;

    public Task HandleAsync(CommandContext context, CancellationToken cancellationToken) =>
        context.Turn.SendActivityAsync(Activity.CreateCard(cards.Help(null)), cancellationToken);
}
