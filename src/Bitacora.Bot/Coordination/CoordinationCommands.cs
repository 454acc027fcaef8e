using System.Globalization;
using System.Text.Json.Nodes;
using Bitacora.Bot.Cards;
using Bitacora.Bot.Commitments;
using Bitacora.Bot.Hosting;
using Bitacora.Bot.Hosting.Authorization;
using Bitacora.Bot.Registry.Identity;
using Bitacora.Bot.Registry.Model;
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

    public abstract IReadOnlyList<string> Names { get; }

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

    protected (string More, string Hint) Cap(int total, string command) => total > MaxItems
        ? (Texts.Format(CoordinationTexts.MoreItems, N(total - MaxItems)), Texts.Format(CoordinationTexts.NarrowHint, command))
        : ("", "");

    protected static JsonArray Array(IEnumerable<JsonNode> nodes) => new(nodes.ToArray());

    protected static JsonObject Fact(string title, string value) => new() { ["title"] = title, ["value"] = value };

    protected static JsonObject Line(string text) => new() { ["text"] = text };
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

/// <summary>«pendientes [filtros]»: open commitments by accountability date, with unit and responsible.</summary>
public sealed class PendingCommand(CoordinationServices services) : CoordinationCommand(services)
{
    public const string Template = "coordination-list";

    public override IReadOnlyList<string> Names { get; } = ["pendientes", "compromisos pendientes"];

    protected override async Task<JsonObject> BuildCardAsync(CoordinationScope scope, CancellationToken ct)
    {
        var today = LocalDate.FromDateOnly(Services.Clock.Today);
        var open = (await Services.Reader.CommitmentsAsync(scope, ct))
            .SelectMany(u => u.Commitments.Where(c => c.IsOpen && (!scope.PeriodGiven || scope.Period.Contains(c.AccountabilityDate.ToDateOnly())))
                .Select(c => (u.Unit, Commitment: c)))
            .OrderBy(x => x.Commitment.AccountabilityDate).ThenBy(x => x.Unit.Name, StringComparer.Ordinal)
            .ToList();
        var (more, hint) = Cap(open.Count, "pendientes");
        var where = scope.Description + (scope.PeriodGiven ? " · " + Texts.Period(scope.Period) : "");
        return Services.Cards.Render(Template, new JsonObject
        {
            ["title"] = Texts.Format(CoordinationTexts.PendingTitle, N(open.Count)),
            ["subtitle"] = where,
            ["empty"] = Texts.Format(CoordinationTexts.PendingEmpty, where),
            ["items"] = Array(open.Take(MaxItems).Select(x => new JsonObject
            {
                ["title"] = $"{Date(x.Commitment.AccountabilityDate)} · {x.Commitment.What}",
                ["detail"] = Texts.Format(CoordinationTexts.PendingDetail, x.Unit.Name, x.Commitment.Responsible.Name, StatusLabel(x.Commitment.Status)),
                ["badge"] = x.Commitment.AccountabilityDate < today ? Texts[CoordinationTexts.PendingOverdueBadge] : "",
            })),
            ["more"] = more,
            ["hint"] = hint,
        });
    }

    public string StatusLabel(CommitmentStatus status) => Texts.Status(status);
}

/// <summary>«vencidos [filtros]»: open commitments whose accountability date has passed in America/Santiago, with days overdue.</summary>
public sealed class OverdueCommand(CoordinationServices services) : CoordinationCommand(services)
{
    public override IReadOnlyList<string> Names { get; } = ["vencidos", "compromisos vencidos"];

    protected override async Task<JsonObject> BuildCardAsync(CoordinationScope scope, CancellationToken ct)
    {
        var todayDate = Services.Clock.Today;
        var today = LocalDate.FromDateOnly(todayDate);
        var overdue = (await Services.Reader.CommitmentsAsync(scope, ct))
            .SelectMany(u => u.Commitments.Where(c => c.IsOpen && c.AccountabilityDate < today
                                                      && (!scope.PeriodGiven || scope.Period.Contains(c.AccountabilityDate.ToDateOnly())))
                .Select(c => (u.Unit, Commitment: c, Days: Period.Between(c.AccountabilityDate, today, PeriodUnits.Days).Days)))
            .OrderByDescending(x => x.Days).ThenBy(x => x.Unit.Name, StringComparer.Ordinal)
            .ToList();
        var (more, hint) = Cap(overdue.Count, "vencidos");
        var where = scope.Description + (scope.PeriodGiven ? " · " + Texts.Period(scope.Period) : "");
        return Services.Cards.Render(PendingCommand.Template, new JsonObject
        {
            ["title"] = Texts.Format(CoordinationTexts.OverdueTitle, N(overdue.Count)),
            ["subtitle"] = Texts.Format(CoordinationTexts.OverdueSubtitle, where, ChileTime.ShortDate(todayDate)),
            ["empty"] = Texts.Format(CoordinationTexts.OverdueEmpty, where, ChileTime.ShortDate(todayDate)),
            ["items"] = Array(overdue.Take(MaxItems).Select(x => new JsonObject
            {
                ["title"] = $"{x.Commitment.What}",
                ["detail"] = Texts.Format(CoordinationTexts.OverdueDetail, x.Unit.Name, x.Commitment.Responsible.Name, Date(x.Commitment.AccountabilityDate)),
                ["badge"] = x.Days == 1 ? Texts[CoordinationTexts.OverdueDaysOne] : Texts.Format(CoordinationTexts.OverdueDays, N(x.Days)),
            })),
            ["more"] = more,
            ["hint"] = hint,
        });
    }
}

/// <summary>«participación [filtros]»: sessions of the period per territory, with participants per session, per person and per unit.</summary>
public sealed class ParticipationCommand(CoordinationServices services) : CoordinationCommand(services)
{
    public const string Template = "coordination-report";

    public override IReadOnlyList<string> Names { get; } = ["participación", "participacion en sesiones"];

    protected override async Task<JsonObject> BuildCardAsync(CoordinationScope scope, CancellationToken ct)
    {
        var sessions = await Services.Reader.SessionsAsync(scope, ct);
        var sections = new JsonArray();
        foreach (var group in sessions.GroupBy(s => s.Territory.Id))
        {
            var list = group.ToList();
            var people = list.SelectMany(s => s.Participants).GroupBy(p => p.Id)
                .Select(g => (Name: g.First().Name, Count: g.Count()))
                .OrderByDescending(p => p.Count).ThenBy(p => p.Name, StringComparer.Ordinal).ToList();
            var facts = new JsonArray
            {
                Fact(Texts[CoordinationTexts.FactSessions], N(list.Count)),
                Fact(Texts[CoordinationTexts.FactDistinctPeople], N(people.Count)),
                Fact(Texts[CoordinationTexts.FactAnswers], N(list.Sum(s => s.AnswerCount))),
            };
            if (list.Any(s => s.Present.Count > 0))
            {
                facts.Add(Fact(Texts[CoordinationTexts.FactPresentPeople], N(list.SelectMany(s => s.Present).Select(p => p.Key).Distinct().Count())));
            }
            foreach (var unit in list.Where(s => s.Session.Unit is not null).GroupBy(s => s.Session.Unit!.Name).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                facts.Add(Fact(unit.Key, unit.Count() == 1 ? Texts[CoordinationTexts.SessionsOne] : Texts.Format(CoordinationTexts.SessionsMany, N(unit.Count()))));
            }
            sections.Add(new JsonObject
            {
                ["heading"] = Texts.Format(CoordinationTexts.TerritoryHeading, group.Key, group.First().Territory.Name),
                ["facts"] = facts,
                ["lines"] = Array(list.Take(MaxItems).Select(s => Line(Texts.Format(CoordinationTexts.SessionLine,
                    s.Session.Number,
                    s.Session.Unit is { } u ? Texts.Format(CoordinationTexts.DateAndUnit, ChileTime.ShortDate(s.Session.Date), u.Name) : ChileTime.ShortDate(s.Session.Date),
                    s.Participants.Count == 1 ? Texts[CoordinationTexts.ParticipantsOne] : Texts.Format(CoordinationTexts.Participants, N(s.Participants.Count)),
                    s.AnswerCount == 1 ? Texts[CoordinationTexts.AnswersOne] : Texts.Format(CoordinationTexts.Answers, N(s.AnswerCount)))
                    + Attendance(s)))),
            });
            sections.Add(new JsonObject
            {
                ["heading"] = Texts[CoordinationTexts.SessionsPerPerson],
                ["facts"] = Array(people.Take(MaxItems).Select(p => Fact(p.Name, N(p.Count)))),
                ["lines"] = new JsonArray(),
            });
        }
        var (more, hint) = Cap(Math.Max(sessions.GroupBy(s => s.Territory.Id).Select(g => g.Count()).DefaultIfEmpty(0).Max(),
            sessions.SelectMany(s => s.Participants).Select(p => p.Id).Distinct().Count()), "participación");
        var charts = sessions.GroupBy(s => s.Territory.Id)
            .SelectMany(g => new[]
            {
                Services.Charts.ParticipantsPerSession(Texts.Format(CoordinationTexts.TerritoryHeading, g.Key, g.First().Territory.Name), g.ToList()),
                Services.Charts.PresentVersusAnswered(Texts.Format(CoordinationTexts.TerritoryHeading, g.Key, g.First().Territory.Name), g.ToList()),
            })
            .OfType<JsonObject>();
        return CardCharts.InsertAfterHeader(Services.Cards.Render(Template, new JsonObject
        {
            ["title"] = Texts.Format(CoordinationTexts.ParticipationTitle, Texts.Period(scope.Period)),
            ["subtitle"] = scope.Description,
            ["empty"] = Texts.Format(CoordinationTexts.ParticipationEmpty, scope.Description, Texts.Period(scope.Period)),
            ["sections"] = sections,
            ["more"] = more,
            ["hint"] = hint,
        }), charts);
    }

    /// <summary>" · 3 presentes (2 respondieron)" when attendance was taken; "" otherwise (older sessions).</summary>
    private string Attendance(SessionFacts s) => s.Present.Count == 0 ? "" : Texts.Format(
        s.Present.Count == 1 ? CoordinationTexts.PresentLineOne : CoordinationTexts.PresentLine, N(s.Present.Count), N(s.PresentRespondents));
}

/// <summary>«resumen [filtros]»: per unit, commitments met vs due, adjusted, overdue, force majeure, rubric levels, sessions; territory totals.</summary>
public sealed class SummaryCommand(CoordinationServices services) : CoordinationCommand(services)
{
    public override IReadOnlyList<string> Names { get; } = ["resumen", "resumen de coordinación"];

    protected override async Task<JsonObject> BuildCardAsync(CoordinationScope scope, CancellationToken ct)
    {
        var reports = await Services.Reports.BuildAsync(scope, ct);
        var sections = new JsonArray();
        var unitCount = 0;
        var quiet = new List<string>();
        foreach (var t in reports)
        {
            if (scope.Unit is null)
            {
                sections.Add(new JsonObject
                {
                    ["heading"] = Texts.Format(CoordinationTexts.TerritoryTotalsHeading, t.Territory.Id, t.Territory.Name),
                    ["facts"] = new JsonArray
                    {
                        Fact(Texts[CoordinationTexts.FactCommitmentsMet], Services.Charts.MetOfDue(t.Met, t.Due, t.Total)),
                        Fact(Texts[CoordinationTexts.FactAdjusted], N(t.Adjusted)),
                        Fact(Texts[CoordinationTexts.FactOverdue], N(t.Overdue)),
                        Fact(Texts[CoordinationTexts.FactSituations], N(t.Situations)),
                        Fact(Texts[CoordinationTexts.FactSessionsHeld], N(t.SessionsHeld)),
                        Fact(Texts[CoordinationTexts.FactParticipants], N(t.Participants)),
                    },
                    ["lines"] = new JsonArray(),
                });
                sections.Add(ComponentWords.CardSection(Texts, Texts.Format(CoordinationTexts.ComponentsTerritoryHeading, t.Territory.Id, t.Territory.Name), t.Components));
            }
            foreach (var u in t.Units)
            {
                // Units with nothing to report are folded into one line instead of a section each.
                if (scope.Unit is null && Services.Charts.IsQuiet(u))
                {
                    quiet.Add(u.Unit.Name);
                    continue;
                }
                if (++unitCount > MaxItems)
                {
                    continue;
                }
                sections.Add(UnitSection(u));
                if (scope.Unit is not null) sections.Add(ComponentWords.CardSection(Texts, Texts[CoordinationTexts.ComponentsHeading], u.Components));
            }
        }
        if (quiet.Count > 0)
        {
            sections.Add(new JsonObject
            {
                ["heading"] = Texts[CoordinationTexts.SummaryQuietHeading],
                ["facts"] = new JsonArray(),
                ["lines"] = new JsonArray(Line(Texts.Format(CoordinationTexts.SummaryQuietUnits, N(quiet.Count), string.Join(", ", quiet)))),
            });
        }
        var (more, hint) = Cap(unitCount, "resumen");
        var units = reports.SelectMany(t => t.Units).ToList();
        var components = reports.Count != 1 ? null : ComponentWords.Chart(Texts, scope.Unit is null ? reports[0].Components : units.SelectMany(u => u.Components).ToList());
        var charts = new[] { Services.Charts.CommitmentsByUnit(units.Take(MaxItems)), Services.Charts.RubricByCriterion(units), components }.OfType<JsonObject>();
        return CardCharts.InsertAfterHeader(Services.Cards.Render(ParticipationCommand.Template, new JsonObject
        {
            ["title"] = Texts.Format(CoordinationTexts.SummaryTitle, Texts.Period(scope.Period)),
            ["subtitle"] = scope.Description,
            ["empty"] = "",
            ["sections"] = sections,
            ["more"] = more,
            ["hint"] = hint,
        }), charts);
    }

    public JsonObject UnitSection(UnitReport u)
    {
        var lines = new JsonArray();
        var scored = u.Rubric.Where(r => r.Level != Texts[CoordinationTexts.ReportNotScored]).ToList();
        foreach (var r in scored)
        {
            lines.Add(Line(Texts.Format(CoordinationTexts.RubricLine, r.Criterion, r.Level)));
        }
        if (scored.Count == 0 && u.Rubric.Count > 0)
        {
            lines.Add(Line(Texts[CoordinationTexts.SummaryRubricNone]));
        }
        foreach (var s in u.Situations)
        {
            lines.Add(Line(Texts.Format(CoordinationTexts.ForceMajeureLine, s.Kind, ChileTime.ShortDate(s.Start), s.Description)));
        }
        return new JsonObject
        {
            ["heading"] = $"{u.Unit.Name} ({u.Unit.Code.Display})",
            ["facts"] = new JsonArray
            {
                Fact(Texts[CoordinationTexts.FactMet], Services.Charts.MetOfDue(u.Met, u.Due, u.Total)),
                Fact(Texts[CoordinationTexts.FactAdjusted], N(u.Adjusted)),
                Fact(Texts[CoordinationTexts.FactOverdue], N(u.Overdue)),
                Fact(Texts[CoordinationTexts.FactForceMajeure], N(u.Situations.Count)),
                Fact(Texts[CoordinationTexts.FactUnitSessions], N(u.SessionsHeld)),
            },
            ["lines"] = lines,
        };
    }
}
