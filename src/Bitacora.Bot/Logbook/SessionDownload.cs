using System.Globalization;
using Bitacora.Bot.Files;
using Bitacora.Bot.Guides;
using Bitacora.Bot.Hosting;
using Bitacora.Bot.Hosting.Authorization;
using Bitacora.Bot.Logbook.Document;
using Bitacora.Bot.Registry.Identity;
using Bitacora.Bot.Registry.Model;
using Bitacora.Bot.Sessions;
using Bitacora.Bot.Sessions.Flow;
using Bitacora.BotFramework;
using static Bitacora.Bot.Hosting.CardActionResult;

namespace Bitacora.Bot.Logbook;

/// <summary>Sends a session's record (.docx) the way exports are delivered: stored file, short-lived link, file consent in 1:1.</summary>
public sealed class SessionDownload(SessionRecordFile files, IFileDelivery delivery, LogbookTexts texts)
{
    public async Task<bool> SendAsync(ITurnContext turn, Session session, CancellationToken ct)
    {
        if (await files.BuildAsync(session, ct) is not { } built) return false;
        await delivery.DeliverAsync(turn, built.FileName, LogbookDocument.ContentType, built.Content,
            texts.Format(LogbookTexts.DownloadSessionReady, session.Number, SessionCards.ScopeName(session), ChileTime.LongDate(session.Date)), ct);
        return true;
    }
}

/// <summary>«Descargar registro (.docx)» on a session's summary card ("sessionId").</summary>
public sealed class SessionDownloadAction(SessionRepository sessions, SessionDownload download, LogbookTexts texts) : ICardAction
{
    public const string Name = "session.download";

    public string Verb => Name;

    /// <summary>Like opening the session's card: the team of the session's territory. Reads only.</summary>
    public AccessRule Rule => AccessRule.Require(Policies.RunSession).ScopedBy(SessionAccess.NamedSessionAsync);

    public async Task<CardActionResult> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        if (context.GetString("sessionId") is not { Length: > 0 } id || await sessions.GetAsync(id, cancellationToken) is not { } session
            || !await download.SendAsync(context.Turn, session, cancellationToken))
        {
            return new Refused(texts[LogbookTexts.DownloadSessionNotFound]);
        }
        return new Handled();
    }
}

/// <summary>
/// «descargar sesión» (the session running in this conversation) or «descargar sesión 3 16-1 [2026]» (N°3 of the
/// territory's sessions in that period; the current school year by default): the session's record as a Word document.
/// </summary>
public sealed class SessionDownloadCommand(SessionRepository sessions, SessionRecordFile files, SessionDownload download, LogbookTexts texts,
    ChileTime clock) : IBotCommand, IBotCommandNames
{
    public static IReadOnlyList<string> Names { get; } = ["descargar sesión", "sesión descargar"];

    public AccessRule Rule => AccessRule.Require(Policies.RunSession).ScopedBy(CommandScopeAsync);

    public async Task HandleAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var session = Parse(context.Arguments) is var (number, territory, period)
            ? await files.FindAsync(territory, number, period ?? SessionPeriods.ForDate(clock.Today), cancellationToken)
            : string.IsNullOrWhiteSpace(context.Arguments) && context.Turn.Activity.Conversation?.Id is { Length: > 0 } conversation
                ? await sessions.GetCurrentForConversationAsync(conversation, cancellationToken)
                : null;
        if (session is null || !await download.SendAsync(context.Turn, session, cancellationToken))
        {
            await context.Turn.SendTextAsync(texts[string.IsNullOrWhiteSpace(context.Arguments) ? LogbookTexts.DownloadSessionUsage : LogbookTexts.DownloadSessionNotFound],
                cancellationToken);
        }
    }

    /// <summary>"3 16-1 [2026]" (also "N°3 …"); null when the text is not that.</summary>
    private static (int Number, string Territory, string? Period)? Parse(string arguments)
    {
        var args = arguments.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (args.Length is < 2 or > 3) return null;
        var numberText = args[0].TrimStart('N', 'n', '°', 'º', '.');
        if (!int.TryParse(numberText, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1) return null;
        if (TerritoryId.Normalize(args[1]) is not { } territory) return null;
        if (args.Length == 3 && !SessionPeriods.IsValid(args[2])) return null;
        return (number, territory, args.Length == 3 ? args[2] : null);
    }

    /// <summary>The territory typed, else the one of this conversation's session.</summary>
    private static async Task<ScopeLookup> CommandScopeAsync(VerbRequest request, CancellationToken ct) =>
        Parse(request.Arguments) is var (_, territory, _)
            ? new ScopeLookup.Found(AccessScope.Territory(territory))
            : await SessionAccess.ConversationSessionAsync(request, ct);
}
