using System.Text.Json.Nodes;
using Bitacora.Bot.Registry.Identifiers;
using Bitacora.Bot.Registry.Identity;
using Bitacora.Bot.Registry.Storage;
using Bitacora.Bot.Sessions;
using Bitacora.BotFramework;
using Microsoft.Extensions.Options;

namespace Bitacora.Bot.Commitments.Chat;

/// <summary>What was typed on the form (kept as typed, to show it again next to the errors).</summary>
public sealed record CommitmentFormValues(string What = "", string Unit = "", string Responsible = "", string Date = "",
    string Verification = "");

/// <summary>
/// The «nuevo compromiso» form: units (the session's unit, or its territory's units; otherwise the person's territories
/// in the registry; otherwise a text box for the code) and responsible people (members of the conversation from the
/// connector, then the directive contacts of the offered units).
/// </summary>
public sealed class CommitmentForm(CommitmentViews views, SessionRepository sessions, UnitStore unitStore, PersonStore personStore,
    IOptions<CommitmentChatOptions> options, ILogger<CommitmentForm> logger)
{
    private const int MaxUnits = 60;
    private const int MaxPeople = 80;

    /// <summary>Whether the responsible pickers query <see cref="ResponsibleSearch"/> as the person types.</summary>
    public bool Typeahead => options.Value.DynamicTypeahead;

    /// <param name="source">The «No» / «Parcialmente» answer the commitment responds to (shown, and carried by the buttons).</param>
    public async Task<JsonObject> RenderAsync(ITurnContext turn, CommitmentFormValues values, IReadOnlyList<string> errors,
        CancellationToken ct, string? sessionId = null, CommitmentSource? source = null)
    {
        var session = await SessionForAsync(turn, sessionId, ct);
        var units = await UnitChoicesAsync(turn, session, ct);
        var texts = views.Texts;
        var unitValue = values.Unit.Length > 0 ? values.Unit : units.Count == 1 || session?.Scope.Kind == SessionScopeKind.Unit
            ? units.FirstOrDefault()?.Value ?? ""
            : "";
        var chosenUnit = unitValue.Length > 0 ? CreateCommitmentAction.ParseUnit(unitValue) : null;
        var people = await PeopleChoicesAsync(turn, units.Select(u => u.Code).ToList(), chosenUnit, ct);
        var model = new JsonObject
        {
            ["title"] = texts["form.title"],
            ["intro"] = texts["form.intro"],
            ["sessionText"] = session is null ? texts["form.noSession"] : texts.Format("form.inSession", SessionText(session)),
            ["errors"] = new JsonArray(errors.Select(e => (JsonNode)new JsonObject { ["text"] = e }).ToArray()),
            ["values"] = new JsonObject
            {
                ["what"] = values.What,
                ["unit"] = unitValue,
                ["responsible"] = values.Responsible,
                ["date"] = values.Date,
                ["verification"] = values.Verification,
            },
            ["hasUnits"] = units.Count > 0,
            ["units"] = new JsonArray(units.Select(u => (JsonNode)new JsonObject { ["title"] = u.Title, ["value"] = u.Value }).ToArray()),
            ["people"] = new JsonArray(people.Select(p => (JsonNode)new JsonObject { ["title"] = p.Title, ["value"] = p.Value }).ToArray()),
            // "filtered": Teams filters the list as one types and, with choices.data, asks the bot; other hosts show a drop-down.
            ["peopleStyle"] = "filtered",
            // Teams asks the bot as one types (application/search, ResponsibleSearch); the list above is the fallback.
            ["peopleDataset"] = ResponsibleSearch.Dataset(chosenUnit),
            ["typeahead"] = Typeahead,
            // While the unit is a free choice, a button shows that unit's directive team.
            ["canRefreshPeople"] = units.Count > 1 && session?.Scope.Kind != SessionScopeKind.Unit,
            ["minDate"] = CommitmentViews.IsoDate(views.Today),
            // Carried by the form's button so the commitment joins this session even once it is finished.
            ["sessionId"] = session?.Id ?? "",
            ["questionId"] = source?.QuestionId ?? "",
            ["sourceText"] = source is null ? "" : texts.Format("source.line", source.Question, source.Answer),
        };
        return views.Form(model);
    }

    public static string SessionText(Session s) => $"N°{s.Number} · {s.Scope.Name} · {s.Date:dd-MM-yyyy}";

    /// <summary>
    /// The session named by a card (the summary card of a finished session, or the form it opened), else the
    /// conversation's current one.
    /// </summary>
    public async Task<Session?> SessionForAsync(ITurnContext turn, string? sessionId, CancellationToken ct)
    {
        if (sessionId is { Length: > 0 } && await sessions.GetAsync(sessionId, ct) is { } named)
        {
            return named;
        }
        return await CurrentSessionAsync(turn, ct);
    }

    public async Task<Session?> CurrentSessionAsync(ITurnContext turn, CancellationToken ct)
    {
        if (turn.Activity.Conversation?.Id is not { Length: > 0 } conversationId)
        {
            return null;
        }
        var session = await sessions.GetCurrentForConversationAsync(conversationId, ct);
        return session is { Status: SessionStatus.Finished } ? null : session;
    }

    private sealed record UnitChoice(string Title, string Value, UnitCode? Code);

    private async Task<List<UnitChoice>> UnitChoicesAsync(ITurnContext turn, Session? session, CancellationToken ct)
    {
        var result = new List<UnitChoice>();
        try
        {
            if (session?.Scope is { Kind: SessionScopeKind.Unit } unitScope)
            {
                UnitCode? code = UnitCode.TryParse(unitScope.Id, out var parsed) ? parsed : null;
                result.Add(new UnitChoice(code is { } c ? $"{unitScope.Name} ({c.Display})" : unitScope.Name, code?.Id ?? unitScope.Id, code));
                return result;
            }
            var territories = new List<string>();
            if (session?.Scope is { Kind: SessionScopeKind.Territory } territory)
            {
                territories.Add(territory.Id);
            }
            else if ((await turn.GetActorAsync(ct)).Registry is { } person)
            {
                territories.AddRange(person.Territories);
                foreach (var unitId in person.Roles.DirectiveUnits)
                {
                    if (UnitCode.TryParse(unitId, out var code) && await unitStore.GetAsync(code, ct) is { } unit)
                    {
                        result.Add(new UnitChoice($"{unit.Name} ({code.Display})", code.Id, code));
                    }
                }
            }
            foreach (var territoryId in territories.Distinct())
            {
                foreach (var unit in (await unitStore.ListByTerritoryAsync(territoryId, ct)).OrderBy(u => u.Name, StringComparer.Create(TextsCulture, true)))
                {
                    if (result.Count < MaxUnits && result.All(r => r.Value != unit.Code.Id))
                    {
                        result.Add(new UnitChoice($"{unit.Name} ({unit.Code.Display})", unit.Code.Id, unit.Code));
                    }
                }
            }
        }
        catch (Azure.RequestFailedException e)
        {
            logger.LogWarning(e, "Could not list the units for the commitment form");
        }
        return result;
    }

    private static readonly System.Globalization.CultureInfo TextsCulture = Texts.TextCatalog.Culture;

    /// <summary>
    /// Responsible choices: the conversation's members (paged members API; Entra id from <c>objectId</c>), then the
    /// directive team of the chosen unit (or of the offered units while none is chosen) from the registry, each person
    /// once (by any of their keys). A contact Teams cannot reach yet is offered too, marked «sin contacto en Teams».
    /// </summary>
    internal async Task<List<(string Title, string Value)>> PeopleChoicesAsync(ITurnContext turn, IReadOnlyList<UnitCode?> units,
        string? chosenUnit, CancellationToken ct)
    {
        var result = new List<(string Title, string Value)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        bool Add(PersonIdentity p) => p.Keys.Aggregate(true, (fresh, k) => seen.Add(k) && fresh);
        if (turn.Activity.Conversation?.Id is { Length: > 0 } conversationId)
        {
            try
            {
                foreach (var m in await turn.Connector.GetAllMembersAsync(conversationId, cancellationToken: ct))
                {
                    if (m.Id == turn.Activity.Recipient?.Id || PersonIdentity.FromMember(m) is not { } member || !Add(member))
                    {
                        continue;
                    }
                    result.Add((member.Name, ResponsibleChoice.Encode("m", member)));
                }
            }
            catch (ConnectorException e)
            {
                // Without the member list the unit's contacts (and the person writing) still make a usable form.
                logger.LogWarning(e, "Could not read the members of {ConversationId}", conversationId);
            }
        }
        if (result.Count == 0 && turn.Activity.From is { Id: { Length: > 0 } fromId, Name: { Length: > 0 } fromName } from)
        {
            var me = new PersonIdentity(fromName, fromId, from.AadObjectId, null);
            Add(me);
            result.Add((fromName, ResponsibleChoice.Encode("m", me)));
        }
        var codes = chosenUnit is not null && UnitCode.TryParse(chosenUnit, out var chosen) ? [chosen] : units.OfType<UnitCode>().Take(10).ToList();
        var lookups = 0;
        foreach (var code in codes)
        {
            try
            {
                if (await unitStore.GetAsync(code, ct) is not { } unit)
                {
                    continue;
                }
                foreach (var contact in unit.Contacts)
                {
                    var person = PersonIdentity.FromContact(contact);
                    if (result.Count >= MaxPeople || person.Keys.Count == 0 || person.Keys.Any(seen.Contains))
                    {
                        continue;
                    }
                    if (person.Email is { } email && lookups++ < MaxPeople)
                    {
                        person = person.With(await personStore.FindByEmailAsync(email, ct));
                    }
                    if (!Add(person))
                    {
                        continue; // the registry says this contact is a member already listed
                    }
                    var title = person.TeamsUserId is null
                        ? $"{contact.Name} · {unit.Name} · {views.Texts["form.noContact"]}"
                        : $"{contact.Name} · {unit.Name}";
                    result.Add((title, ResponsibleChoice.Encode("c", person with { Name = contact.Name }, code.Id)));
                }
            }
            catch (Azure.RequestFailedException e)
            {
                logger.LogWarning(e, "Could not read the contacts of unit {Unit}", code.Id);
            }
        }
        return result;
    }
}
