using Bitacora.Bot.Hosting;
using Bitacora.Bot.Hosting.Authorization;

namespace Bitacora.Bot.Sessions.Flow;

/// <summary>«iniciar sesión»: the start card, or — when this conversation already runs a session — an offer to continue it.</summary>
public sealed class StartSessionCommand(MeetingFlow flow) : IBotCommand, IBotCommandNames
{
    public static IReadOnlyList<string> Names { get; } = ["iniciar sesión", "nueva sesión", "iniciar sesion de comunidad"];

    /// <summary>The start card needs the role somewhere; the territory chosen is checked on «Comenzar» (session.create).</summary>
    public AccessRule Rule => AccessRule.Require(Policies.RunSession);

    public Task HandleAsync(CommandContext context, CancellationToken cancellationToken) =>
        flow.StartCommandAsync(context.Turn, cancellationToken);
}

/// <summary>«continuar sesión»: resumes the conversation's session (if paused) and posts its current section card.</summary>
public sealed class ResumeSessionCommand(MeetingFlow flow) : IBotCommand, IBotCommandNames
{
    public static IReadOnlyList<string> Names { get; } = ["continuar sesión", "retomar sesión", "reanudar sesión"];

    public AccessRule Rule => AccessRule.Require(Policies.RunSession).ScopedBy(SessionAccess.ConversationSessionAsync);

    public Task HandleAsync(CommandContext context, CancellationToken cancellationToken) =>
        flow.ResumeCommandAsync(context.Turn, cancellationToken);
}

/// <summary>The card buttons of the meeting flow; each is one line into <see cref="MeetingFlow"/>.</summary>
public sealed class SessionCardAction(string verb, Func<MeetingFlow, CardActionContext, CancellationToken, Task<CardActionResult>> handle, MeetingFlow flow)
    : ICardAction
{
    public const string Create = "session.create";
    public const string Answer = "session.answer";
    public const string Navigate = "session.navigate";
    public const string Pause = "session.pause";
    public const string Resume = "session.resume";
    public const string Finish = "session.finish";
    public const string View = "session.view";
    public const string Detail = "session.detail";
    public const string Reopen = "session.reopen";

    public string Verb => verb;

    /// <summary>
    /// The territorial team of the session's territory (of the chosen territory for session.create). Moving the shared
    /// card (navigate, pause, finish) must carry the session version the card showed; answers need not (they are
    /// per-question and never invalidate each other), nor resume, nor the read-only view and detail. Finish asks first
    /// (the same verb with confirm=yes finishes).
    /// </summary>
    public AccessRule Rule => verb switch
    {
        Create => AccessRule.Require(Policies.RunSession).ScopedBy(SessionAccess.ChosenScopeAsync),
        Navigate or Pause or Finish => AccessRule.Require(Policies.RunSession).ScopedBy(SessionAccess.NamedSessionAsync).WithVersion(),
        // A finished session is reopened by a coordinator of its territory (or region) or by whoever started it.
        Reopen => AccessRule.Require(Policies.Coordinate).ScopedBy(SessionAccess.NamedSessionAsync).OrOwner(MeetingFlow.IsStarter).WithVersion(),
        _ => AccessRule.Require(Policies.RunSession).ScopedBy(SessionAccess.NamedSessionAsync),
    };

    public Task<CardActionResult> HandleAsync(CardActionContext context, CancellationToken cancellationToken) =>
        handle(flow, context, cancellationToken);

    public static IEnumerable<(string Verb, Func<MeetingFlow, CardActionContext, CancellationToken, Task<CardActionResult>> Handle)> All =>
    [
        (Create, (f, c, t) => f.CreateAsync(c, t)),
        (Answer, (f, c, t) => f.AnswerAsync(c, t)),
        (Navigate, (f, c, t) => f.NavigateAsync(c, t)),
        (Pause, (f, c, t) => f.PauseAsync(c, t)),
        (Resume, (f, c, t) => f.ResumeAsync(c, t)),
        (Finish, (f, c, t) => f.FinishAsync(c, t)),
        (View, (f, c, t) => f.ViewAsync(c, t)),
        (Detail, (f, c, t) => f.DetailAsync(c, t)),
        (Reopen, (f, c, t) => f.ReopenAsync(c, t)),
    ];
}
