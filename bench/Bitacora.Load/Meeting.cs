using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Bitacora.Load;

/// <summary>What one answer turn (with its «Guardar la mía» re-clicks after a conflict) ended as.</summary>
internal enum AnswerOutcome { Saved, Refused }

/// <summary>
/// One meeting: a group chat where adviser 0 types «iniciar sesión» and creates the session, then every adviser saves
/// answers on section 1's card as Teams would send them (the action data of the card the adviser last received). Adviser
/// a answers question a mod 9 — with two advisers on one question the second may get the conflict card and clicks
/// «Guardar la mía», as a person would. Every value carries a token ("load s0001 a03 r02 end") to find it in storage.
/// </summary>
internal sealed class Meeting(int number, LoadOptions options, HttpClient bot, FakeTeams teams)
{
    public const string BotId = "28:bitacora-bot";
    public const string UnitScope = "unit:junji:16101001";

    /// <summary>Section 1 of the «Ejecución y evaluación» guide: open questions take the token as value, closed ones as note.</summary>
    private static readonly (string Id, bool Open)[] Questions =
    [
        ("ej-cond-actores-involucrados", true), ("ej-cond-claridad-que-hacer", false), ("ej-cond-claridad-con-quien", false),
        ("ej-cond-claridad-recursos", false), ("ej-cond-claridad-rendicion-cuentas", false), ("ej-cond-instrumentos-seguimiento", false),
        ("ej-cond-estados-avance", false), ("ej-cond-reportes-parciales", true), ("ej-cond-condiciones-optimas", true),
    ];

    private const string KeepMine = "Guardar la mía";
    private static int _conflicts;
    /// <summary>
    /// What each adviser's card sends with «Guardar respuestas» (a copy of its action's data), not the card: with the
    /// 2 000 parsed cards this tool's heap stayed at ≈ 250 MB, and its gen1 collections paused it — the proxy, the fake
    /// Teams and the clock of every click — for 50–60 ms (the p99 of a paced phase measured this tool).
    /// </summary>
    private readonly JsonObject?[] _answerData = new JsonObject?[options.Advisers];
    private JsonObject? _sectionData;

    /// <summary>Conflict cards met (another adviser saved the same question first), each followed by «Guardar la mía».</summary>
    public static int Conflicts => Volatile.Read(ref _conflicts);
    private long _activity;

    public int Number => number;

    /// <summary>The bot's console output, for failures.</summary>
    public static Func<string>? BotOutput { get; set; }
    public string ConversationId { get; } = "19:load-" + number.ToString("D4", CultureInfo.InvariantCulture) + "@thread.v2";
    public string? SessionId { get; private set; }

    /// <summary>Tokens of the answers the bot confirmed as saved.</summary>
    public List<string> Saved { get; } = [];

    /// <summary>Per confirmed token: what the click saw (for explaining a loss).</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, string> Trace { get; } = new(StringComparer.Ordinal);

    public static string UserId(int meeting, int adviser) =>
        "29:load-s" + meeting.ToString("D4", CultureInfo.InvariantCulture) + "-a" + adviser.ToString("D2", CultureInfo.InvariantCulture);

    public static string Token(int meeting, int adviser, int round) => string.Create(CultureInfo.InvariantCulture,
        $"load s{meeting:D4} a{adviser:D2} r{round:D2} end");

    /// <summary>«iniciar sesión», the start card, «Crear»: the section card (null when the bot did not give one).</summary>
    public async Task<bool> StartAsync(CancellationToken ct, Func<Task>? afterStartCard = null)
    {
        var startCard = teams.NextCardAsync(ConversationId);
        var message = Activity("message", 0);
        message["text"] = "iniciar sesión";
        message["textFormat"] = "plain";
        using (var posted = await bot.PostAsJsonAsync("api/messages", message, ct)) posted.EnsureSuccessStatusCode();
        JsonObject start;
        try
        {
            start = await startCard.WaitAsync(TimeSpan.FromSeconds(60), ct);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No start card in {ConversationId} within 60 s ({teams.Posts} posts seen); bot output:\n{BotOutput?.Invoke()}");
        }
        if (afterStartCard is not null) await afterStartCard();
        var data = ActionData(start, "session.create");
        data["guideId"] = "dep-ejecucion-evaluacion";
        data["scopeId"] = UnitScope;
        data["date"] = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        data["objective"] = "Revisar las condiciones de ejecución";
        data["strategy"] = "Conversatorio";
        var (response, _) = await InvokeAsync(Execute(0, "session.create", data), ct);
        var sectionCard = response?["value"] as JsonObject;
        if (sectionCard is null || !Actions(sectionCard).Any(a => a["verb"]?.GetValue<string>() == "session.answer")) return false;
        _sectionData = ActionData(sectionCard, "session.answer");
        SessionId = _sectionData["sessionId"]?.GetValue<string>();
        return SessionId is not null;
    }

    /// <summary>Adviser <paramref name="adviser"/> saves round <paramref name="round"/>; every click's latency is recorded.</summary>
    public async Task<AnswerOutcome> AnswerAsync(int adviser, int round, Latencies latencies, CancellationToken ct,
        Action<long, long>? aroundClick = null)
    {
        var (question, open) = Questions[adviser % Questions.Length];
        var token = Token(number, adviser, round);
        var index = adviser % Questions.Length;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var data = (_answerData[adviser] ?? _sectionData!).DeepClone().AsObject();
            var shown = Revision(data, index);
            if (open)
            {
                data["q." + question] = token;
            }
            else
            {
                data["q." + question] = round % 2 == 0 ? "si" : "no";
                data["n." + question] = token;
            }
            var (response, elapsed) = await InvokeAsync(Execute(adviser, "session.answer", data), ct, aroundClick);
            latencies.Add(elapsed);
            if (response?["value"] is not JsonObject answered || response["type"]?.GetValue<string>() != "application/vnd.microsoft.card.adaptive")
            {
                Refusal(response is null ? "no card (HTTP error)" : "message: " + response["value"]);
                return AnswerOutcome.Refused;
            }
            // Read the parsed card, never its serialized text: ToJsonString() escapes non-ASCII («mía» → «m\u00EDa»), and
            // a substring test on it never matched, so conflict cards were taken for saves (the 79 "lost" of 2026-12-05).
            if (Actions(answered).Any(a => a["title"]?.GetValue<string>() == KeepMine))
            {
                Interlocked.Increment(ref _conflicts);
                _answerData[adviser] = ActionData(answered, "session.answer");
                continue; // someone else changed the same question meanwhile: «Guardar la mía», as a person would
            }
            var answerAction = Actions(answered).FirstOrDefault(a => a["verb"]?.GetValue<string>() == "session.answer")?["data"] as JsonObject;
            var showsToken = InputValue(answered, (open ? "q." : "n.") + question) == token;
            if (answerAction is null || Revision(answerAction, index) <= shown || !showsToken)
            {
                // Not a section card that shows our value at a newer revision of this question: the bot did not save it.
                Refusal("card: " + FirstText(answered));
                return AnswerOutcome.Refused;
            }
            _answerData[adviser] = answerAction.DeepClone().AsObject();
            Trace[token] = $"q={question} shown revision {shown}, card came back with revision {Revision(answerAction, index)} after {attempt + 1} click(s)";
            lock (Saved) Saved.Add(token);
            return AnswerOutcome.Saved;
        }
        Refusal("conflict 5 times in a row");
        return AnswerOutcome.Refused;
    }

    /// <summary>Why answers were not saved, with counts (printed in the report).</summary>
    public static System.Collections.Concurrent.ConcurrentDictionary<string, int> Refusals { get; } = new(StringComparer.Ordinal);

    private static void Refusal(string reason) =>
        Refusals.AddOrUpdate(reason.Length > 140 ? reason[..140] : reason, 1, (_, n) => n + 1);

    /// <summary>The stored revision the card showed for question <paramref name="index"/> of the section ("3.0.1p.0").</summary>
    private static int Revision(JsonObject actionData, int index)
    {
        var parts = (actionData["rev"]?.GetValue<string>() ?? "").Split('.');
        return index < parts.Length && int.TryParse(parts[index].TrimEnd('p'), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;
    }

    private static string FirstText(JsonNode? node) => node switch
    {
        JsonObject o when o["type"]?.GetValue<string>() == "TextBlock" && o["text"] is JsonValue text => text.ToString(),
        JsonObject o => o.Select(kv => FirstText(kv.Value)).FirstOrDefault(t => t.Length > 0) ?? "",
        JsonArray a => a.Select(FirstText).FirstOrDefault(t => t.Length > 0) ?? "",
        _ => "",
    };

    private async Task<(JsonObject? Body, double Ms)> InvokeAsync(JsonObject activity, CancellationToken ct, Action<long, long>? around = null)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await bot.PostAsJsonAsync("api/messages", activity, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        around?.Invoke(started, Stopwatch.GetTimestamp());
        return (response.IsSuccessStatusCode && body.Length > 0 ? JsonNode.Parse(body) as JsonObject : null, ms);
    }

    private JsonObject Activity(string type, int adviser)
    {
        var user = UserId(number, adviser);
        return new JsonObject
        {
            ["type"] = type,
            ["id"] = "load-" + number.ToString(CultureInfo.InvariantCulture) + "-" + Interlocked.Increment(ref _activity).ToString(CultureInfo.InvariantCulture),
            ["timestamp"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["serviceUrl"] = teams.ServiceUrl,
            ["channelId"] = "msteams",
            ["from"] = new JsonObject { ["id"] = user, ["name"] = "Asesora " + adviser.ToString(CultureInfo.InvariantCulture), ["aadObjectId"] = "aad-" + user },
            ["recipient"] = new JsonObject { ["id"] = BotId, ["name"] = "Bitácora" },
            ["conversation"] = new JsonObject
            {
                ["id"] = ConversationId, ["conversationType"] = "groupChat", ["isGroup"] = true, ["tenantId"] = "tenant-1",
            },
            ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = "tenant-1" } },
            ["locale"] = "es-CL",
        };
    }

    private JsonObject Execute(int adviser, string verb, JsonObject data)
    {
        var activity = Activity("invoke", adviser);
        activity["name"] = "adaptiveCard/action";
        activity["replyToId"] = "card-" + ConversationId;
        data["verb"] ??= verb;
        activity["value"] = new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data },
            ["trigger"] = "manual",
        };
        return activity;
    }

    private static JsonObject ActionData(JsonObject card, string verb) =>
        (Actions(card).FirstOrDefault(a => a["verb"]?.GetValue<string>() == verb)?["data"] as JsonObject)?.DeepClone().AsObject()
        ?? throw new InvalidOperationException($"No {verb} action on the card: {card.ToJsonString()[..Math.Min(400, card.ToJsonString().Length)]}");

    /// <summary>The value the card pre-fills in input <paramref name="id"/> (null when there is no such input).</summary>
    private static string? InputValue(JsonNode? node, string id)
    {
        switch (node)
        {
            case JsonObject o:
                if (o["id"] is JsonValue v && v.ToString() == id && o["type"]?.GetValue<string>()?.StartsWith("Input.", StringComparison.Ordinal) == true)
                {
                    return o["value"]?.ToString();
                }
                foreach (var (_, child) in o)
                {
                    if (InputValue(child, id) is { } found) return found;
                }
                return null;
            case JsonArray array:
                foreach (var child in array)
                {
                    if (InputValue(child, id) is { } found) return found;
                }
                return null;
            default:
                return null;
        }
    }

    private static IEnumerable<JsonObject> Actions(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                if (o["type"]?.GetValue<string>() == "Action.Execute") yield return o;
                foreach (var (key, child) in o)
                {
                    if (key == "fallback") continue;
                    foreach (var a in Actions(child)) yield return a;
                }
                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    foreach (var a in Actions(child)) yield return a;
                }
                break;
        }
    }
}
