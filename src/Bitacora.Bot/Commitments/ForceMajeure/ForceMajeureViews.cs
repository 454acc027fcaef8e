using System.Globalization;
using System.Text.Json.Nodes;
using Bitacora.Bot.Cards;
using Bitacora.Bot.Commitments.Chat;

namespace Bitacora.Bot.Commitments.ForceMajeure;

/// <summary>
/// The force-majeure cards: the request form (force-majeure-form.json) and the request card (force-majeure.json), which
/// the reviewer sees with decisions to approve and the requester sees with the outcome (and an answer box when asked
/// for more). View models are complete ("" instead of null); dates es-CL in the reminders' time zone.
/// </summary>
public sealed class ForceMajeureViews(CardCatalog cards, CommitmentViews views, CommitmentStore store)
{
    public const string FormTemplate = "force-majeure-form";
    public const string RequestTemplate = "force-majeure";
    public const string NotAffected = "none";

    public static readonly string[] Templates = [FormTemplate, RequestTemplate];

    public CommitmentTexts Texts => views.Texts;

    public CommitmentViews Base => views;

    public static string DecisionId(string commitmentId) => "fm.d." + commitmentId;
    public static string DateId(string commitmentId) => "fm.date." + commitmentId;
    public static string WhatId(string commitmentId) => "fm.what." + commitmentId;

    /// <summary>Characters of a commitment's «qué» its inputs' labels repeat (the whole text is the heading above them).</summary>
    public const int LabelWhatChars = 60;

    /// <summary>
    /// The «qué» as the inputs' labels name it: whole up to <see cref="LabelWhatChars"/>, else its start and «…», so a
    /// 500-character action is not repeated three times under its own heading (screen readers still hear which one).
    /// </summary>
    public static string LabelWhat(string what) =>
        what.Length <= LabelWhatChars ? what : what[..(LabelWhatChars - 1)].TrimEnd() + "…";

    /// <summary>The request form for <paramref name="unit"/>'s commitments; <paramref name="typed"/> keeps what was typed.</summary>
    public async Task<JsonObject> FormAsync(string unit, IReadOnlyList<Commitment> candidates, JsonObject? typed, IReadOnlyList<string>? errors,
        CancellationToken ct, string? preselected = null, string notice = "")
    {
        string Typed(string id) => typed?[id]?.ToString() ?? "";
        var items = new JsonArray();
        foreach (var c in candidates)
        {
            var decision = Typed(DecisionId(c.Id));
            items.Add(Item(c, decision.Length > 0 ? decision : c.Id == preselected ? nameof(ForceMajeureDecision.Reprogramar) : NotAffected,
                Typed(DateId(c.Id)), Typed(WhatId(c.Id))));
        }
        return cards.Render(FormTemplate, new JsonObject
        {
            ["title"] = Texts["fmr.form.title"],
            ["intro"] = Texts["fmr.form.intro"],
            ["notice"] = notice,
            ["errors"] = Errors(errors),
            ["unit"] = unit,
            ["unitName"] = await views.UnitNameAsync(unit, ct),
            ["kinds"] = new JsonArray(Enum.GetValues<ForceMajeureKind>()
                .Select(k => (JsonNode)new JsonObject { ["title"] = Texts.ForceMajeure(k), ["value"] = k.ToString() }).ToArray()),
            ["decisions"] = Decisions(withNone: true),
            ["maxItems"] = ForceMajeureService.MaxItems.ToString(CultureInfo.InvariantCulture),
            ["minDate"] = CommitmentViews.IsoDate(views.Today),
            ["inputs"] = new JsonObject
            {
                ["fmKind"] = Typed("fmKind"), ["fmStart"] = typed is null ? CommitmentViews.IsoDate(views.Today) : Typed("fmStart"),
                ["fmEnd"] = Typed("fmEnd"), ["fmDescription"] = Typed("fmDescription"), ["fmDocs"] = Typed("fmDocs"), ["fmLink"] = Typed("fmLink"),
            },
            ["items"] = items,
        });
    }

    /// <summary>
    /// The request as a card. <paramref name="forReviewer"/>: with decision inputs and Aprobar / Pedir más información /
    /// Rechazar while it is pending; otherwise (the requester) with an answer box while more information is asked.
    /// </summary>
    public async Task<JsonObject> RequestAsync(ForceMajeureRequest r, bool forReviewer, CancellationToken ct, string notice = "",
        IReadOnlyList<string>? errors = null, JsonObject? typed = null)
    {
        string Typed(string id) => typed?[id]?.ToString() ?? "";
        var canDecide = forReviewer && r.Status == ForceMajeureRequestStatus.Pendiente;
        var canAnswer = !forReviewer && r.Status == ForceMajeureRequestStatus.MasInformacion;
        var items = new JsonArray();
        foreach (var item in r.Items)
        {
            var current = await store.GetAsync(r.Unit, item.CommitmentId, ct);
            var decision = Typed(DecisionId(item.CommitmentId));
            var model = Item(current, decision.Length > 0 ? decision : item.Decision.ToString(),
                typed is null ? Iso(item.NewDate) : Typed(DateId(item.CommitmentId)),
                typed is null ? item.NewWhat ?? "" : Typed(WhatId(item.CommitmentId)), item);
            items.Add(model);
        }
        var headline = forReviewer
            ? canDecide ? Texts["fmr.review.title"] : Texts.Format("fmr.review.decided", Texts["fmr.status." + r.Status])
            : Texts["fmr.outcome." + r.Status];
        var unitName = await views.UnitNameAsync(r.Unit, ct);
        return cards.Render(RequestTemplate, new JsonObject
        {
            ["headline"] = headline,
            ["intro"] = canDecide ? Texts.Format("fmr.review.intro", r.RequestedBy.Name, unitName) : "",
            ["style"] = r.Status switch
            {
                ForceMajeureRequestStatus.Aprobada => "good",
                ForceMajeureRequestStatus.Rechazada => "attention",
                ForceMajeureRequestStatus.MasInformacion => "warning",
                _ => "accent",
            },
            ["notice"] = notice,
            ["errors"] = Errors(errors),
            ["canDecide"] = canDecide,
            ["canAnswer"] = canAnswer,
            ["decisions"] = Decisions(withNone: false),
            ["minDate"] = CommitmentViews.IsoDate(views.Today),
            ["r"] = new JsonObject
            {
                ["id"] = r.Id,
                ["version"] = r.Version.ToString(CultureInfo.InvariantCulture),
                ["unitName"] = unitName,
                ["kindText"] = Texts.ForceMajeure(r.Kind),
                ["datesText"] = r.EndDate is { } end
                    ? Texts.Format("fmr.dates", CommitmentViews.DateText(r.StartDate), CommitmentViews.DateText(end))
                    : Texts.Format("fmr.datesOpen", CommitmentViews.DateText(r.StartDate)),
                ["requestedBy"] = r.RequestedBy.Name,
                ["statusText"] = Texts["fmr.status." + r.Status],
                ["description"] = r.Description,
                ["documentation"] = r.DocumentationText ?? "",
                ["link"] = r.DocumentationLink ?? "",
            },
            ["steps"] = new JsonArray(r.Steps.Select(s => (JsonNode)new JsonObject
            {
                ["text"] = Texts.Format("fmr.step." + s.What, s.By.Name, views.InstantText(s.At), s.Text ?? ""),
            }).ToArray()),
            ["items"] = items,
            ["inputs"] = new JsonObject { ["fmNote"] = Typed("fmNote"), ["fmAnswer"] = Typed("fmAnswer"), ["fmLink"] = Typed("fmLink") },
        });
    }

    /// <summary>
    /// A decision as people read it, with its new date / adjusted action — the action only when it is not already the
    /// title shown above it (<paramref name="shownWhat"/>: after approval the commitment carries the adjusted wording).
    /// </summary>
    public string DecisionText(ForceMajeureItem item, string? shownWhat = null)
    {
        var parts = new List<string> { Texts["fmr.decision." + item.Decision] };
        if (item.Decision is ForceMajeureDecision.Ajustar or ForceMajeureDecision.Reprogramar && item.NewDate is { } date)
        {
            parts.Add(Texts.Format("fmr.item.newDate", CommitmentViews.DateText(date)));
        }
        if (item.Decision == ForceMajeureDecision.Ajustar && !string.IsNullOrWhiteSpace(item.NewWhat)
            && !string.Equals(item.NewWhat.Trim(), shownWhat?.Trim(), StringComparison.Ordinal))
        {
            parts.Add(Texts.Format("fmr.item.newWhat", item.NewWhat));
        }
        return string.Join(" · ", parts);
    }

    private JsonObject Item(Commitment? c, string decision, string newDate, string newWhat, ForceMajeureItem? item = null)
    {
        var id = c?.Id ?? item!.CommitmentId;
        return new JsonObject
        {
            ["id"] = id,
            ["what"] = c?.What ?? item!.What,
            ["labelWhat"] = LabelWhat(c?.What ?? item!.What),
            ["responsibleName"] = c?.Responsible.Name ?? "",
            ["dateText"] = c is null ? "" : CommitmentViews.DateText(c.AccountabilityDate),
            ["statusText"] = c is null ? "" : Texts.Status(c.Status),
            ["stateText"] = c is null ? Texts["action.notFound"]
                : $"{c.Responsible.Name} · {CommitmentViews.DateText(c.AccountabilityDate)} · {Texts.Status(c.Status)}",
            ["decisionText"] = item is null ? "" : DecisionText(item, c?.What ?? item.What),
            ["decisionId"] = DecisionId(id),
            ["dateId"] = DateId(id),
            ["whatId"] = WhatId(id),
            ["decision"] = decision,
            ["newDate"] = newDate,
            ["newWhat"] = newWhat,
        };
    }

    private JsonArray Decisions(bool withNone)
    {
        var list = new List<JsonNode>();
        if (withNone)
        {
            list.Add(new JsonObject { ["title"] = Texts["fmr.decision.none"], ["value"] = NotAffected });
        }
        list.AddRange(Enum.GetValues<ForceMajeureDecision>()
            .Select(d => (JsonNode)new JsonObject { ["title"] = Texts["fmr.decision." + d], ["value"] = d.ToString() }));
        return new JsonArray(list.ToArray());
    }

    private static JsonArray Errors(IReadOnlyList<string>? errors) =>
        new((errors ?? []).Select(e => (JsonNode)new JsonObject { ["text"] = e }).ToArray());

    private static string Iso(NodaTime.LocalDate? date) => date is { } d ? CommitmentViews.IsoDate(d) : "";
}
