using System.Text.Json;
using System.Text.Json.Nodes;
using Bitacora.Bot.Cards;
using Bitacora.Bot.Guides;
using Bitacora.Bot.Hosting;
using Bitacora.Bot.Hosting.Authorization;
using Bitacora.Bot.Registry.Identifiers;
using Bitacora.Bot.Sessions;
using Bitacora.Bot.Sessions.Flow;
using Bitacora.BotFramework;
using static Bitacora.Bot.Hosting.CardActionResult;

namespace Bitacora.Bot.Rubric.Flow;

/// <summary>What a rubric card is about: the unit, the period and the guide's rubric.</summary>
public sealed record RubricTarget(SessionUnit Unit, string Period, Guide Guide, Guides.Rubric Rubric);

/// <summary>
/// The rubric card (Content/Cards/rubric.json). Inputs "level.{criterionId}" and "evidence.{criterionId}"; the save
/// action carries unitId, period, guideId, rubricId and "shown" (the values rendered, so only changed criteria are written).
/// </summary>
public sealed class RubricCards(CardCatalog cards)
{
    public const string Template = "rubric";

    public static string LevelInput(string criterionId) => "level." + criterionId;
    public static string EvidenceInput(string criterionId) => "evidence." + criterionId;

    public JsonObject Render(RubricTarget target, IReadOnlyList<RubricScore> scores, string? notice, bool noticeIsError,
        IReadOnlyDictionary<string, string>? errors = null, IReadOnlyDictionary<string, string>? typed = null)
    {
        var byCriterion = scores.ToDictionary(s => s.CriterionId, StringComparer.Ordinal);
        var shown = new JsonObject();
        var criteria = new JsonArray();
        foreach (var criterion in target.Rubric.Criteria)
        {
            var score = byCriterion.GetValueOrDefault(criterion.Id);
            shown[LevelInput(criterion.Id)] = score?.LevelId ?? "";
            shown[EvidenceInput(criterion.Id)] = score?.Evidence ?? "";
            criteria.Add(new JsonObject
            {
                ["id"] = criterion.Id,
                ["title"] = criterion.Title,
                ["description"] = criterion.Description ?? "",
                ["levelInputId"] = LevelInput(criterion.Id),
                ["evidenceInputId"] = EvidenceInput(criterion.Id),
                ["level"] = typed?.GetValueOrDefault(LevelInput(criterion.Id)) ?? score?.LevelId ?? "",
                ["evidence"] = typed?.GetValueOrDefault(EvidenceInput(criterion.Id)) ?? score?.Evidence ?? "",
                ["levels"] = new JsonArray([.. target.Rubric.Levels.Select(l => (JsonNode)new JsonObject
                {
                    ["id"] = l.Id,
                    ["title"] = l.Title,
                    ["descriptor"] = criterion.DescriptorFor(l.Id) ?? "",
                })]),
                ["scoredBy"] = score?.ScoredBy.Name ?? "",
                ["scoredAt"] = score is null ? "" : ChileTime.Moment(score.ScoredAt),
                ["error"] = errors?.GetValueOrDefault(criterion.Id) ?? "",
            });
        }
        return cards.Render(Template, new JsonObject
        {
            ["title"] = target.Rubric.Title,
            ["unitId"] = target.Unit.Id,
            ["unitName"] = target.Unit.Name,
            ["period"] = target.Period,
            ["guideId"] = target.Guide.Id,
            ["rubricId"] = target.Rubric.Id,
            ["notice"] = notice ?? "",
            ["noticeIsError"] = noticeIsError,
            ["criteria"] = criteria,
            ["shown"] = shown.ToJsonString(),
        });
    }
}

/// <summary>«rúbrica [unidad]» and the rubric card's save button.</summary>
public sealed class RubricFlow(
    RubricScoreRepository scores,
    RubricCards cards,
    GuideCatalog guides,
    ScopeDirectory scopes,
    SessionRepository sessions,
    SessionTexts texts,
    ChileTime clock)
{
    public async Task CommandAsync(ITurnContext turn, string arguments, CancellationToken ct)
    {
        if (guides.Guides.FirstOrDefault(g => g.Rubric is not null) is not { Rubric: { } rubric } guide)
        {
            await turn.SendTextAsync(texts[SessionTexts.RubricNoRubric], ct);
            return;
        }
        SessionUnit? unit = null;
        if (!string.IsNullOrWhiteSpace(arguments))
        {
            if (UnitCode.TryParse(arguments.Trim(), out var code) && await scopes.ResolveUnitAsync(code, ct) is { Unit: { } found })
            {
                unit = found;
            }
            else
            {
                await turn.SendTextAsync(texts.Format(SessionTexts.RubricUnknownUnit, arguments.Trim()) + " " + texts[SessionTexts.RubricUsage], ct);
                return;
            }
        }
        else if (turn.Activity.Conversation?.Id is { Length: > 0 } conversationId
                 && await sessions.GetCurrentForConversationAsync(conversationId, ct) is { Unit: { } sessionUnit, Status: not SessionStatus.Finished })
        {
            unit = sessionUnit;
        }
        if (unit is null)
        {
            await turn.SendTextAsync(texts[SessionTexts.RubricUsage], ct);
            return;
        }
        var target = new RubricTarget(unit, SessionPeriods.ForDate(clock.Today), guide, rubric);
        var current = await scores.GetScoresAsync(unit.Id, target.Period, rubric.Id, ct);
        await turn.SendActivityAsync(Activity.CreateCard(cards.Render(target, current, null, false)), ct);
    }

    public async Task<CardActionResult> SaveAsync(CardActionContext ctx, CancellationToken ct)
    {
        var unitId = ctx.GetString("unitId");
        var period = ctx.GetString("period");
        if (string.IsNullOrEmpty(unitId) || string.IsNullOrEmpty(period) || !SessionPeriods.IsValid(period)
            || guides.Find(ctx.GetString("guideId") ?? "") is not { Rubric: { } rubric } guide || rubric.Id != ctx.GetString("rubricId")
            || !UnitCode.TryParse(unitId, out var code) || await scopes.ResolveUnitAsync(code, ct) is not { Unit: { } unit })
        {
            return new Refused(texts[SessionTexts.RubricBadCard]);
        }
        var target = new RubricTarget(unit, period, guide, rubric);
        var shown = ParseShown(ctx.GetString("shown"));
        var current = (await scores.GetScoresAsync(unit.Id, period, rubric.Id, ct)).ToDictionary(s => s.CriterionId, StringComparer.Ordinal);
        var who = SessionClicks.ParticipantOf(ctx.Turn);
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var typed = new Dictionary<string, string>(StringComparer.Ordinal);
        var saved = 0;
        foreach (var criterion in rubric.Criteria)
        {
            var stored = current.GetValueOrDefault(criterion.Id);
            var (levelKey, evidenceKey) = (RubricCards.LevelInput(criterion.Id), RubricCards.EvidenceInput(criterion.Id));
            var level = ctx.GetString(levelKey)?.Trim();
            var evidence = ctx.GetString(evidenceKey)?.Trim();
            var levelChanged = level is not null && level != (shown?.GetValueOrDefault(levelKey) ?? stored?.LevelId ?? "");
            var evidenceChanged = evidence is not null && evidence != (shown?.GetValueOrDefault(evidenceKey) ?? stored?.Evidence ?? "").Trim();
            if (!levelChanged && !evidenceChanged) continue;
            var levelId = levelChanged && !string.IsNullOrEmpty(level) ? level : stored?.LevelId;
            var command = new SaveRubricScore(unit.Id, period, guide.Id, rubric.Id, criterion.Id, levelId ?? "",
                evidenceChanged ? evidence : stored?.Evidence, who);
            var error = levelId is null ? texts[SessionTexts.RubricMissingLevel] : command.Validate(guide) is { } invalid ? texts.Format(invalid) : null;
            if (error is not null)
            {
                errors[criterion.Id] = error;
                if (level is not null) typed[levelKey] = level;
                if (evidence is not null) typed[evidenceKey] = evidence;
                continue;
            }
            if ((await scores.SaveAsync(command, ct)).Outcome != VersionedWriteOutcome.Unchanged) saved++;
        }
        var notice = errors.Count > 0 ? texts.Format(SessionTexts.RubricSomeInvalid, saved, errors.Count)
            : saved > 0 ? texts.Format(SessionTexts.RubricSaved, saved)
            : texts[SessionTexts.RubricNothingChanged];
        var fresh = await scores.GetScoresAsync(unit.Id, period, rubric.Id, ct);
        return new ReplaceCard(cards.Render(target, fresh, notice, errors.Count > 0, errors, typed));
    }

    private static Dictionary<string, string>? ParseShown(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return null;
        try { return JsonSerializer.Deserialize<Dictionary<string, string>>(json); }
        catch (JsonException) { return null; }
    }
}

public sealed class RubricCommand(RubricFlow flow) : IBotCommand, IBotCommandNames
{
    public static IReadOnlyList<string> Names { get; } = ["rúbrica", "rubrica de la unidad"];

    /// <summary>The territorial team of the unit's territory (never the unit's directive team).</summary>
    public AccessRule Rule => AccessRule.Require(Policies.ScoreRubric).ScopedBy(SessionAccess.RubricCommandUnitAsync);

    public Task HandleAsync(CommandContext context, CancellationToken cancellationToken) =>
        flow.CommandAsync(context.Turn, context.Arguments, cancellationToken);
}

public sealed class RubricSaveAction(RubricFlow flow) : ICardAction
{
    public string Verb => "rubric.save";

    public AccessRule Rule => AccessRule.Require(Policies.ScoreRubric).ScopedBy(SessionAccess.RubricCardUnitAsync);

    public Task<CardActionResult> HandleAsync(CardActionContext context, CancellationToken cancellationToken) =>
        flow.SaveAsync(context, cancellationToken);
}
