using Bitacora.Bot.Guides;
using Bitacora.Bot.Hosting;
using Bitacora.Bot.Hosting.Authorization;
using Bitacora.Bot.Registry.Model;
using Bitacora.Bot.Sessions;
using Bitacora.Bot.Sessions.Flow;
using Bitacora.BotFramework;

namespace Bitacora.Bot.Logbook;

/// <summary>
/// Which logbook a command means: «bitácora 16-1 [2026]» names territory and period (the current school year by
/// default); without arguments, the logbook of the JUNJI session running in the conversation.
/// </summary>
public sealed class LogbookCommandTarget(GuideCatalog guides, SessionRepository sessions, ScopeDirectory scopes, LogbookService service,
    LogbookTexts texts, ChileTime clock)
{
    public sealed record Target(Guide Guide, Logbook? Logbook, SessionScope Territory, string Period, Session? Record);

    /// <summary>The target, or null after telling the person what is missing.</summary>
    public async Task<Target?> ResolveAsync(CommandContext context, CancellationToken ct)
    {
        if (guides.Guides.FirstOrDefault(g => g.IsLogbook) is not { } guide)
        {
            await context.Turn.SendTextAsync(texts[LogbookTexts.CommandNoGuide], ct);
            return null;
        }
        var args = context.Arguments.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (args.Length == 0)
        {
            var current = context.Turn.Activity.Conversation?.Id is { Length: > 0 } conversation
                ? await sessions.GetCurrentForConversationAsync(conversation, ct)
                : null;
            if (current is { Logbook: { } id } && LogbookKey.Parse(id) is { } key && await service.GetAsync(key, ct) is { } logbook)
            {
                return new Target(guides.Find(key.GuideId) ?? guide, logbook, current.Scope, key.Period, current);
            }
            await context.Turn.SendTextAsync(texts[LogbookTexts.CommandUsage], ct);
            return null;
        }
        var territoryId = TerritoryId.Normalize(args[0]);
        var scope = territoryId is null ? null : await scopes.ResolveAsync(ScopeDirectory.TerritoryPrefix + territoryId, ct);
        if (scope is null)
        {
            await context.Turn.SendTextAsync(texts.Format(LogbookTexts.CommandUnknownTerritory, args[0]), ct);
            return null;
        }
        var period = args.Length > 1 && SessionPeriods.IsValid(args[1]) ? args[1] : SessionPeriods.ForDate(clock.Today);
        var existing = await service.GetAsync(new LogbookKey(guide.Id, scope.Territory.Id, period), ct);
        return new Target(guide, existing, scope.Territory, period, null);
    }
}

/// <summary>What a logbook command shows: the card (at its first step or the evaluation), or the Word document.</summary>
public enum LogbookCommandKind { Card, Evaluation, Download }

/// <summary>
/// «bitácora [territorio] [periodo]» (the logbook card, created and prefilled from the registry if new), «bitácora
/// evaluación …» (the card at its Evaluación del periodo step) and «bitácora descargar …» (the logbook as a Word document):
/// one target resolution, one rule; only what is sent differs.
/// </summary>
public sealed class LogbookCommand(LogbookCommandKind kind, LogbookCommandTarget targets, LogbookService service, LogbookFlow flow, LogbookTexts texts)
    : IBotCommand
{
    /// <summary>The names of the command of <paramref name="kind"/> (registered once per kind, LogbookServiceCollectionExtensions).</summary>
    public static IReadOnlyList<string> NamesOf(LogbookCommandKind kind) => kind switch
    {
        LogbookCommandKind.Evaluation => ["bitácora evaluación", "evaluación del periodo"],
        LogbookCommandKind.Download => ["bitácora descargar", "descargar bitácora"],
        _ => ["bitácora", "bitácora del periodo"],
    };

    public AccessRule Rule => LogbookAccess.Rule(LogbookAccess.CommandAsync);

    public async Task HandleAsync(CommandContext context, CancellationToken cancellationToken)
    {
        if (await targets.ResolveAsync(context, cancellationToken) is not { } target) return;
        if (kind == LogbookCommandKind.Download)
        {
            if (target.Logbook is null)
            {
                await context.Turn.SendTextAsync(texts.Format(LogbookTexts.CommandNoLogbook, target.Territory.Name, target.Period, target.Territory.Id), cancellationToken);
                return;
            }
            await flow.SendDocumentAsync(context.Turn, target.Logbook, target.Guide, cancellationToken);
            return;
        }
        var logbook = target.Logbook ?? await service.OpenAsync(target.Guide, target.Territory, target.Period,
            SessionClicks.ParticipantOf(context.Turn), cancellationToken);
        var step = kind == LogbookCommandKind.Evaluation
            ? target.Guide.PeriodView().Sections.FirstOrDefault(s => s.Kind == SectionKind.Evaluation)?.Id
            : null;
        var card = await flow.LogbookCardAsync(logbook, target.Guide, step, target.Record, null, false, cancellationToken);
        await context.Turn.SendActivityAsync(Activity.CreateCard(card), cancellationToken);
    }
}

/// <summary>The logbook's card buttons; each is one line into <see cref="LogbookFlow"/>.</summary>
public sealed class LogbookCardAction(string verb, Func<LogbookFlow, CardActionContext, CancellationToken, Task<CardActionResult>> handle, LogbookFlow flow)
    : ICardAction
{
    public string Verb => verb;

    /// <summary>The territorial team of the logbook's territory (the logbook's own step versions guard its writes).</summary>
    public AccessRule Rule => LogbookAccess.Rule(LogbookAccess.CardAsync);

    public Task<CardActionResult> HandleAsync(CardActionContext context, CancellationToken cancellationToken) => handle(flow, context, cancellationToken);

    public static IEnumerable<(string Verb, Func<LogbookFlow, CardActionContext, CancellationToken, Task<CardActionResult>> Handle)> All =>
    [
        ("logbook.record", (f, c, t) => f.OpenRecordAsync(c, t)),
        ("logbook.open", (f, c, t) => f.OpenAsync(c, t)),
        ("logbook.save", (f, c, t) => f.SaveAsync(c, t)),
        ("logbook.step", (f, c, t) => f.StepAsync(c, t)),
        ("logbook.filled", (f, c, t) => f.FilledAsync(c, t)),
        ("logbook.evaluated", (f, c, t) => f.EvaluatedAsync(c, t)),
        ("logbook.download", (f, c, t) => f.DownloadAsync(c, t)),
    ];
}
