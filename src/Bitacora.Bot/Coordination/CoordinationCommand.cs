using System.Text.Json.Nodes;
using Bitacora.Bot.Cards;
using Bitacora.Bot.Hosting;
using Bitacora.Bot.Hosting.Authorization;
using Bitacora.Bot.Sessions.Flow;
using Bitacora.BotFramework;
using NodaTime;

namespace Bitacora.Bot.Coordination;

/// <summary>
/// A coordinator command. Its rule (<see cref="Policies.Coordinate"/>): the router parses the filters (a bad one →
/// Spanish message with examples, nothing else), resolves them against the registry and checks the role in the
/// filter's scope — a filter never widens a coordinator's scope — then the command answers with a card.
/// </summary>
public abstract class CoordinationCommand(CoordinationServices services) : IBotCommand
{
    /// <summary>Lists longer than this are cut with "y N más" and a hint to filter.</summary>
    public const int MaxItems = 15;

    protected CoordinationServices Services => services;

    protected CoordinationTexts Texts => services.Texts;

    public AccessRule Rule => AccessRule.Require(Policies.Coordinate).ScopedBy((request, ct) =>
        services.Resolver.LookupAsync(request with { Arguments = FilterArguments(request.Arguments) }, services.Texts, null, ct));

    /// <summary>The part of the arguments that are coordination filters (a command may take other words out first).</summary>
    protected virtual string FilterArguments(string arguments) => arguments;

    /// <summary>Runs after the router checked the filter's scope: <c>context.Access.Target</c> is the <see cref="CoordinationScope"/>.</summary>
    public virtual async Task HandleAsync(CommandContext context, CancellationToken ct)
    {
        var card = await BuildCardAsync(context.Access.TargetAs<CoordinationScope>()!, ct);
        await context.Turn.SendActivityAsync(Activity.CreateCard(card), ct);
    }

    protected abstract Task<JsonObject> BuildCardAsync(CoordinationScope scope, CancellationToken ct);

    protected static string N(int value) => value.ToString("N0", ChileTime.Culture);

    protected static string Date(LocalDate date) => ChileTime.ShortDate(date.ToDateOnly());

    /// <summary>"1 sesión" / "3 sesiones": the plural text <paramref name="key"/> with the count as {0} (es-CL digits).</summary>
    protected string Count(int value, string key) => Texts.Plural(key, value, N(value));

    /// <summary>Where a list applies: the scope, and the period when one was typed.</summary>
    protected string Where(CoordinationScope scope) =>
        scope.Description + (scope.PeriodGiven ? " · " + Texts.Period(scope.Period) : "");

    protected (string More, string Hint) Cap(int total, string command) => total > MaxItems
        ? (Texts.Format(CoordinationTexts.MoreItems, N(total - MaxItems)), Texts.Format(CoordinationTexts.NarrowHint, command))
        : ("", "");
}

/// <summary>The services the coordination commands share (one constructor argument instead of seven).</summary>
public sealed record CoordinationServices(
    CoordinationTexts Texts,
    CoordinationScopeResolver Resolver,
    CoordinationReader Reader,
    FeedbackReportBuilder Reports,
    CardCatalog Cards,
    ChileTime Clock,
    CoordinationCharts Charts);
