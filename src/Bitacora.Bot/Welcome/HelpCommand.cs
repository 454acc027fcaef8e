using Bitacora.Bot.Hosting;
using Bitacora.BotFramework;

namespace Bitacora.Bot.Welcome;

public sealed class HelpCommand(HelpCards cards) : IBotCommand
{
    public IReadOnlyList<string> Names { get; } = ["ayuda", "help", "comandos", "menu"];

    public Task HandleAsync(CommandContext context, CancellationToken cancellationToken) =>
        context.Turn.SendActivityAsync(Activity.CreateCard(cards.Help(null)), cancellationToken);
}
