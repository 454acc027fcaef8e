using Bitacora.Bot.Cards;
using Bitacora.Bot.Hosting;
using Bitacora.Bot.Texts;
using Bitacora.Bot.Sessions.Flow;
using Microsoft.Extensions.DependencyInjection.Extensions;

// In the Sessions namespace so Program.cs needs only the AddMeetingFlow() line.
namespace Bitacora.Bot.Sessions;

public static class MeetingFlowServiceCollectionExtensions
{
    /// <summary>
    /// The Teams side of sessions: «iniciar sesión», «continuar sesión», the session.* card actions, their cards and
    /// texts (Content/Texts/sessions.es-CL.json, checked at start-up). The rubric has its own AddRubric.
    /// Needs AddBitacoraHost, AddRegistry, AddGuides and AddSessions. The commitments feature
    /// replaces <see cref="ISessionCommitmentsSource"/> (registered here with TryAdd).
    /// </summary>
    public static IServiceCollection AddMeetingFlow(this IServiceCollection services)
    {
        services.TryAddSingleton<ChileTime>();
        services.AddTexts(SessionTexts.Load);
        services.AddSingleton<SessionCards>();
        services.AddSingleton<ScopeDirectory>();
        services.AddSingleton<SectionInputs>();
        services.AddSingleton<StatusMessages>();
        services.AddSingleton<SummaryUpdates>();
        services.AddSingleton<SessionClicks>();
        services.AddSingleton<SessionReadAhead>();
        services.AddSingleton<ITurnReadAhead>(sp => sp.GetRequiredService<SessionReadAhead>());
        services.AddSingleton<ISelfGuardedTurns, AnswerClickGuard>();
        services.AddSingleton<MeetingCards>();
        services.AddSingleton<MeetingStart>();
        services.AddSingleton<MeetingAnswers>();
        services.AddSingleton<MeetingMoves>();
        services.AddSingleton<MeetingClosing>();
        services.AddSingleton<MeetingFlow>();
        services.TryAddSingleton<ISessionCommitmentsSource, NoSessionCommitments>();
        services.TryAddSingleton<ISessionAttendance, NoSessionAttendance>();
        services.AddBotCommand<StartSessionCommand>();
        services.AddBotCommand<ResumeSessionCommand>();
        foreach (var (verb, handle) in SessionCardAction.All)
        {
            services.AddSingleton<ICardAction>(sp => new SessionCardAction(verb, handle, sp.GetRequiredService<MeetingFlow>()));
        }

        services.AddStartupCheck(sp =>
        {
            sp.GetRequiredService<SessionTexts>();
            sp.GetRequiredService<CardCatalog>().EnsureContains(
                [SessionCards.StartTemplate, SessionCards.SectionTemplate, SessionCards.SummaryTemplate, SessionCards.QuestionTemplate, SessionCards.FinishTemplate, StatusMessages.Template]);
        });
        return services;
    }
}

