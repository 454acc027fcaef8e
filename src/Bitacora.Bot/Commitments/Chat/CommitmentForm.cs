using System.Text.Json.Nodes;
using Bitacora.Bot.Registry.Identifiers;
using Bitacora.Bot.Registry.Storage;
using Bitacora.Bot.Sessions;
using Bitacora.BotFramework;

namespace Bitacora.Bot.Commitments.Chat;

/// <summary>What was typed on the form (kept as typed, to show it again next to the errors).</summary>
public sealed record CommitmentFormValues(string What = "", string Unit = "", string Responsible = "", string Date = "",
    string Verification = "");

/// <summary>
/// The «nuevo compromiso» form: units (the session's unit, or its territory's units; otherwise the person's territories
/// in the registry; otherwise a text box for the code) and responsible people (members of the conversation from the
/// connector, then the directive contacts of the offered units).
/// </summary>
public sealed class CommitmentForm(CommitmentViews views, IServiceProvider services, ILogger<CommitmentForm> logger)
{
    private const int MaxUnits = 60;
    private const int MaxPeople = 80;

    public async Task<JsonObject> RenderAsync(ITurnContext turn, CommitmentFormValues values, IReadOnlyList<string> errors,
        CancellationToken ct, string? sessionId = null)
    {
        var session = await SessionForAsync(turn, sessionId, ct);
        var units = await UnitChoicesAsync(turn, session, ct);
        var people = await PeopleChoicesAsync(turn, units.Select(u => u.Code).ToList(), ct);
        var texts = views.Texts;
        var unitValue = values.Unit.Length > 0 ? values.Unit : units.Count == 1 || session?.Scope.Kind == SessionScopeKind.Unit
            ? units.FirstOrDefault()?.Value ?? ""
            : "";
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
            ["minDate"] = CommitmentViews.IsoDate(views.Today),
            // Carried by the form's button so the commitment joins this session even once it is finished.
            ["sessionId"] = session?.Id ?? "",
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
        if (sessionId is { Length: > 0 } && services.GetService(typeof(SessionRepository)) is SessionRepository sessions
            && await sessions.GetAsync(sessionId, ct) is { } named)
        {
            return named;
        }
        return await CurrentSessionAsync(turn, ct);
    }

    public async Task<Session?> CurrentSessionAsync(ITurnContext turn, CancellationToken ct)
    {
        if (turn.Activity.Conversation?.Id is not { Length: > 0 } conversationId
            || services.GetService(typeof(SessionRepository)) is not SessionRepository sessions)
        {
            return null;
        }
        var session = await sessions.GetCurrentForConversationAsync(conversationId, ct);
        return session is { Status: SessionStatus.Finished } ? null : session;
    }

    private sealed record UnitChoice(string Title, string Value, UnitCode? Code);

    private async Task<List<UnitChoice>> UnitChoicesAsync(ITurnContext turn, Session? session, CancellationToken ct)
    {
        var unitStore = services.GetService(typeof(UnitStore)) as UnitStore;
        var result = new List<UnitChoice>();
        try
        {
            if (session?.Scope is { Kind: SessionScopeKind.Unit } unitScope)
            {
                UnitCode? code = UnitCode.TryParse(unitScope.Id, out var parsed) ? parsed : null;
                result.Add(new UnitChoice(code is { } c ? $"{unitScope.Name} ({c.Display})" : unitScope.Name, code?.Id ?? unitScope.Id, code));
                return result;
            }
            if (unitStore is null)
            {
                return result;
            }
            var territories = new List<string>();
            if (session?.Scope is { Kind: SessionScopeKind.Territory } territory)
            {
                territories.Add(territory.Id);
            }
            else if (services.GetService(typeof(PersonStore)) is PersonStore people && turn.Activity.From is { } from)
            {
                var person = (from.AadObjectId is { Length: > 0 } aad ? await people.FindByAadObjectIdAsync(aad, ct) : null)
                             ?? (from.Id is { Length: > 0 } id ? await people.FindByTeamsUserIdAsync(id, ct) : null);
                if (person is not null)
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

    private async Task<List<(string Title, string Value)>> PeopleChoicesAsync(ITurnContext turn, IReadOnlyList<UnitCode?> units,
        CancellationToken ct)
    {
        var result = new List<(string Title, string Value)>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (turn.Activity.Conversation?.Id is { Length: > 0 } conversationId)
        {
            try
            {
                foreach (var m in await turn.Connector.GetConversationMembersAsync(conversationId, ct))
                {
                    if (m.Id is not { Length: > 0 } || m.Id == turn.Activity.Recipient?.Id || string.IsNullOrWhiteSpace(m.Name))
                    {
                        continue;
                    }
                    seen.Add(m.AadObjectId ?? m.Id);
                    if (m.Email is { Length: > 0 } email) seen.Add(email);
                    result.Add((m.Name, ResponsibleChoice.Encode("m", m.Id, m.AadObjectId, m.Email, m.Name)));
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
            seen.Add(from.AadObjectId ?? fromId);
            result.Add((fromName, ResponsibleChoice.Encode("m", fromId, from.AadObjectId, null, fromName)));
        }
        if (services.GetService(typeof(UnitStore)) is UnitStore unitStore)
        {
            foreach (var code in units.OfType<UnitCode>().Take(10))
            {
                try
                {
                    if (await unitStore.GetAsync(code, ct) is not { } unit)
                    {
                        continue;
                    }
                    foreach (var contact in unit.Contacts)
                    {
                        var key = contact.AadObjectId ?? contact.Email ?? contact.Name;
                        if (result.Count >= MaxPeople || !seen.Add(key) || (contact.Email is { } e && !seen.Add(e) && contact.AadObjectId is null))
                        {
                            continue;
                        }
                        result.Add(($"{contact.Name} · {unit.Name}", ResponsibleChoice.Encode("c", null, contact.AadObjectId, contact.Email, contact.Name)));
                    }
                }
                catch (Azure.RequestFailedException e)
                {
                    logger.LogWarning(e, "Could not read the contacts of unit {Unit}", code.Id);
                }
            }
        }
        return result;
    }
}
