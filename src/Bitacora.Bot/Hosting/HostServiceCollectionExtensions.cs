using System.Text.Json.Nodes;
using Bitacora.Bot.Cards;
using Bitacora.Bot.Conversations;
using Bitacora.Bot.Hosting.Authorization;
using Bitacora.Bot.Texts;
using Bitacora.Bot.Hosting.Welcome;
using Bitacora.BotFramework;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bitacora.Bot.Hosting;

public static class HostServiceCollectionExtensions
{
    /// <summary>
    /// The bot's core: protocol layer, texts and card templates (loaded and validated once — a broken file stops
    /// the start, naming the file), routing, welcome/help, conversation references and duplicate protection.
    /// Features add their <see cref="IBotCommand"/>s and <see cref="ICardAction"/>s with their own Add… methods.
    /// </summary>
    public static IServiceCollection AddBitacoraHost(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddBotFramework(configuration);
        services.AddContent(configuration);

        services.AddTexts(folder => TextCatalog.Load(folder, TextKeys.FileName, TextKeys.All.Concat(Policies.TextKeys)));
        services.AddSingleton(sp =>
        {
            var catalog = CardCatalog.Load(Path.Combine(sp.GetRequiredService<ContentOptions>().Path, "Cards"));
            catalog.EnsureContains([HelpCards.WelcomeTemplate, HelpCards.HelpTemplate]);
            return catalog;
        });
        services.AddSingleton(sp => new HelpCards(sp.GetRequiredService<CardCatalog>(),
            HelpCards.LoadCommandList(Path.Combine(sp.GetRequiredService<ContentOptions>().Path, "Texts", "commands.json"))));

        services.AddForwardedHeadersTrust(configuration);
        services.AddSingleton<ConversationReferenceStore>();
        services.AddTeamsRateLimiter(configuration);
        services.AddSingleton<WelcomeService>();
        // Outermost: the log scope and the turn counter cover everything below, duplicates included.
        services.AddSingleton<ITurnMiddleware, Observability.TurnTelemetryMiddleware>();
        services.TryAddSingleton<Observability.BitacoraMetrics>();
        // Reads a turn is known to need start before the claim below, and run while it is made (ITurnReadAhead).
        services.AddSingleton<ITurnMiddleware, TurnReadAheadMiddleware>();
        services.AddSingleton<ITurnReadAhead, IdentityReadAhead>();
        services.AddSingleton<ClaimCompletions>();
        services.AddSingleton<ITurnMiddleware, DuplicateActivityMiddleware>();
        services.AddSingleton<ITurnMiddleware, InputHygieneMiddleware>();
        services.AddOptions<RetentionOptions>()
            .Bind(configuration.GetSection(RetentionOptions.SectionName))
            .Validate(o => o.ProcessedActivitiesDays >= 1, "Retention:ProcessedActivitiesDays must be at least 1.")
            .Validate(o => o.LookbackDays >= 0, "Retention:LookbackDays must not be negative.")
            .Validate(o => Cronos.CronExpression.TryParse(o.Cron, out _), "Retention:Cron is not a cron expression.")
            .ValidateOnStart();
        services.AddSingleton<ProcessedActivityRetention>();
        if (configuration.GetValue("Reminders:RunScheduler", defaultValue: true))
        {
            services.AddHostedService<ProcessedActivityRetentionRegistration>();
        }
        services.AddSingleton<ITurnMiddleware, ConversationReferenceMiddleware>();
        services.AddSingleton<ITurnErrorHandler, SpanishTurnErrorHandler>();

        services.AddSingleton<VerbGate>();
        services.AddSingleton<CommandNames>();
        services.AddSingleton<CommandRouter>();
        services.AddSingleton<CardActionRouter>();
        services.AddBotCommand<HelpCommand>();
        services.AddSingleton<ICardAction, RunCommandCardAction>();
        services.AddSingleton<SharedCardUpdates>();
        services.AddHostedService(sp => sp.GetRequiredService<SharedCardUpdates>());
        services.AddSingleton<SearchInvokeHandler>();
        services.AddSingleton<BitacoraBot>();
        services.AddSingleton<IBot>(sp => sp.GetRequiredService<BitacoraBot>());

        // Data files only: the shared texts and the help list (Content/Texts/commands.json must name only commands that
        // exist — checked against the names the command classes declare statically, so no command is built). Neither
        // router is resolved here: the card-action router builds every card action, most of the rest of the object
        // graph — code an idle bot would carry until its first click (issue 16); the command router builds a command
        // only when a message names it. What they check besides (each has a rule; no two actions share a verb) is
        // wiring, not data: AuthorizationMatrixTests builds every command and action from the real composition.
        services.AddStartupCheck(sp =>
        {
            sp.GetRequiredService<TextCatalog>();
            sp.GetRequiredService<HelpCards>().EnsureKnownTo(sp.GetRequiredService<CommandNames>());
        });
        return services;
    }
}

