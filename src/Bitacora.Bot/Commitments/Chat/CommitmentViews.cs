using System.Globalization;
using System.Text.Json.Nodes;
using Bitacora.Bot.Cards;
using Bitacora.Bot.Registry.Identifiers;
using Bitacora.Bot.Registry.Storage;
using Bitacora.Bot.Texts;
using NodaTime;

namespace Bitacora.Bot.Commitments.Chat;

/// <summary>Which headline a commitment card shows: a reminder of some phase, or the state after an action.</summary>
public enum CommitmentCardMode
{
    Reminder,
    State,
    Done,
    Rescheduled,
    Adjusted,
    Edited,
    Reassigned,
    Cancelled,
    Resumed,
}

/// <summary>What the person typed on a reminder card, given back when the card is shown again with an error.</summary>
public sealed record ReminderInputs(
    string EvidenceText = "",
    string EvidenceLink = "",
    string NewDate = "",
    string Reason = "");

/// <summary>
/// Builds the view models of the commitment cards (always complete: "" instead of null, as the templates need) and
/// renders them. Dates are shown in es-CL in the reminders' time zone (America/Santiago by default), never the machine's.
/// </summary>
public sealed class CommitmentViews(CardCatalog cards, CommitmentTexts texts, IReminderPlanner planner, TimeProvider time,
    UnitStore units, Files.FileLinks links)
{
    public const string FormTemplate = "commitment-form";
    public const string CreatedTemplate = "commitment-created";
    public const string ListTemplate = "commitment-list";
    public const string ReminderTemplate = "reminder";

    public static readonly string[] Templates =
        [FormTemplate, CreatedTemplate, ListTemplate, ReminderTemplate, CommitmentManageCard.Template, Evidence.EvidenceMessageHandler.Template];

    private static readonly CultureInfo Culture = TextCatalog.Culture;

    public DateTimeZone Zone => planner.Zone;

    public LocalDate Today => Instant.FromDateTimeOffset(time.GetUtcNow()).InZone(Zone).Date;

    public CommitmentTexts Texts => texts;

    public static string DateText(LocalDate date) => date.ToString("dddd d 'de' MMMM 'de' yyyy", Culture);

    public string InstantText(Instant instant) => instant.InZone(Zone).ToString("dddd d 'de' MMMM 'de' yyyy, HH:mm", Culture);

    public static string IsoDate(LocalDate date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The unit's name from the registry when it is there, otherwise its code as people read it.</summary>
    public async Task<string> UnitNameAsync(string unit, CancellationToken ct)
    {
        if (!UnitCode.TryParse(unit, out var code))
        {
            return unit;
        }
        try
        {
            if (await units.GetAsync(code, ct) is { } found)
            {
                return $"{found.Name} ({code.Display})";
            }
        }
        catch (Azure.RequestFailedException)
        {
            // The name is decoration; the code below is enough to recognise the unit.
        }
        return code.Display;
    }

    public JsonObject Form(JsonObject model) => cards.Render(FormTemplate, model);

    public async Task<JsonObject> CreatedAsync(Commitment c, string sessionText, CancellationToken ct)
    {
        var model = new JsonObject
        {
            ["headline"] = texts["created.headline"],
            ["c"] = await CommitmentModelAsync(c, ct),
            ["sessionText"] = sessionText,
            ["createdBy"] = c.CreatedBy.Name,
            ["reminders"] = new JsonArray(c.Reminders.OrderBy(r => r.DueUtc)
                .Select(r => (JsonNode)new JsonObject { ["text"] = $"{InstantText(r.DueUtc)} ({PhaseLabel(r.Kind)})" }).ToArray()),
            ["noReminders"] = texts["created.noReminders"],
        };
        return cards.Render(CreatedTemplate, model);
    }

    public Task<JsonObject> ListAsync(IReadOnlyList<CommitmentSummary> items, CancellationToken ct) =>
        ListAsync(items, texts["mine.title"], texts["mine.intro"], null, ct);

    /// <param name="responsibleText">The «Responsable» line of each item (null: not shown, e.g. in «mis compromisos»).</param>
    public async Task<JsonObject> ListAsync(IReadOnlyList<CommitmentSummary> items, string title, string intro,
        Func<CommitmentSummary, string>? responsibleText, CancellationToken ct)
    {
        var array = new JsonArray();
        foreach (var s in items)
        {
            array.Add(new JsonObject
            {
                ["id"] = s.Id,
                ["what"] = s.What,
                ["unitName"] = await UnitNameAsync(s.Unit, ct),
                ["dateText"] = DateText(s.AccountabilityDate),
                ["statusText"] = texts.Status(s.Status),
                ["responsibleText"] = responsibleText?.Invoke(s) ?? "",
                ["filesText"] = s.EvidenceFileCount > 0 ? texts.Format("evidence.count", s.EvidenceFileCount) : "",
            });
        }
        return cards.Render(ListTemplate, new JsonObject
        {
            ["title"] = title,
            ["intro"] = intro,
            ["items"] = array,
        });
    }

    /// <summary>The reminder card (also the commitment's state card after an action, with another headline).</summary>
    public async Task<JsonObject> ReminderCardAsync(Commitment c, CommitmentCardMode mode, ReminderKind? kind, bool possibleRedelivery,
        CancellationToken ct, string notice = "", IReadOnlyList<string>? errors = null, ReminderInputs? inputs = null, string note = "")
    {
        var (headline, style) = mode switch
        {
            CommitmentCardMode.Reminder when kind is { } k => (await ReminderHeadlineAsync(c, ct), k.Phase == ReminderPhase.After ? "warning" : "accent"),
            CommitmentCardMode.Done => (texts["state.done"], "good"),
            CommitmentCardMode.Rescheduled => (texts["state.rescheduled"], "accent"),
            CommitmentCardMode.Adjusted => (texts["state.adjusted"], "accent"),
            CommitmentCardMode.Edited => (texts["state.edited"], "accent"),
            CommitmentCardMode.Reassigned => (texts["state.reassigned"], "accent"),
            CommitmentCardMode.Cancelled => (texts["state.cancelled"], "default"),
            CommitmentCardMode.Resumed => (texts["state.resumed"], "accent"),
            // Green only for a met commitment: a suspended, dropped or cancelled one is not «done».
            _ => (texts["state.headline"], c.IsOpen ? "accent" : c.Status == CommitmentStatus.Cumplido ? "good" : "default"),
        };
        inputs ??= new ReminderInputs();
        var model = new JsonObject
        {
            ["headline"] = headline,
            ["style"] = style,
            ["redelivery"] = possibleRedelivery,
            ["redeliveryFlag"] = possibleRedelivery ? "1" : "",
            ["redeliveryText"] = texts["reminder.redelivery"],
            ["notice"] = notice,
            ["note"] = note,
            ["errors"] = new JsonArray((errors ?? []).Select(e => (JsonNode)new JsonObject { ["text"] = e }).ToArray()),
            ["kind"] = kind?.Token ?? "",
            ["c"] = await CommitmentModelAsync(c, ct),
            ["inputs"] = new JsonObject
            {
                ["evidenceText"] = inputs.EvidenceText,
                ["evidenceLink"] = inputs.EvidenceLink,
                ["newDate"] = inputs.NewDate,
                ["reason"] = inputs.Reason,
            },
            ["minDate"] = IsoDate(Today),
        };
        return cards.Render(ReminderTemplate, model);
    }

    /// <summary>
    /// The reminder's headline from the real distance between today and the date, not from the reminder's kind (a
    /// late or moved reminder never says «mañana» when it is today): «faltan 3 días hábiles», «vence hoy», «vence el
    /// domingo 10» (a date that is not a working day), «venció el viernes 4».
    /// </summary>
    public async Task<string> ReminderHeadlineAsync(Commitment c, CancellationToken ct)
    {
        var today = Today;
        var date = c.AccountabilityDate;
        if (date == today)
        {
            return texts["reminder.onDay"];
        }
        if (date < today)
        {
            return texts.Format("reminder.after", ShortDateText(date, today));
        }
        var calendar = await planner.CalendarAsync(c, ct);
        if (!calendar.IsWorkingDay(date))
        {
            return texts.Format("reminder.beforeNonWorking", ShortDateText(date, today));
        }
        var left = calendar.WorkingDaysAfter(today, date);
        return texts.Plural("reminder.before", left, left, ShortDateText(date, today));
    }

    /// <summary>«viernes 4» within the month of <paramref name="today"/>, «viernes 4 de septiembre» otherwise.</summary>
    public static string ShortDateText(LocalDate date, LocalDate today) =>
        date.ToString(date.Year == today.Year && date.Month == today.Month ? "dddd d" : "dddd d 'de' MMMM", Culture);

    private string PhaseLabel(ReminderKind kind) => kind.Phase switch
    {
        ReminderPhase.Before => texts.Plural("phase.before", -kind.OffsetDays),
        ReminderPhase.OnDay => texts["phase.onDay"],
        _ => texts.Plural("phase.after", kind.OffsetDays),
    };

    internal async Task<JsonObject> CommitmentModelAsync(Commitment c, CancellationToken ct)
    {
        var evidence = c.Evidence is null
            ? ""
            : string.Join(" · ", new[] { c.Evidence.Text, c.Evidence.Link }.Where(s => !string.IsNullOrWhiteSpace(s)));
        return new JsonObject
        {
            ["id"] = c.Id,
            ["version"] = c.Version.ToString(CultureInfo.InvariantCulture),
            ["what"] = c.What,
            ["unitName"] = await UnitNameAsync(c.Unit, ct),
            ["responsibleName"] = c.Responsible.Name,
            ["dateText"] = DateText(c.AccountabilityDate),
            ["verification"] = string.IsNullOrWhiteSpace(c.MeansOfVerification) ? "—" : c.MeansOfVerification,
            ["statusText"] = texts.Status(c.Status),
            ["evidence"] = evidence,
            ["lastChange"] = "",
            ["isOpen"] = c.IsOpen,
            ["isSuspended"] = c.Status == CommitmentStatus.Suspendido,
            ["cancelReason"] = c.CancellationReason ?? "",
            ["files"] = new JsonArray(c.EvidenceFiles.Select(f => (JsonNode)new JsonObject
            {
                ["text"] = Evidence.EvidenceMessageHandler.FileLine(f),
                ["url"] = links.Create(f.FileId).Url.ToString(),
            }).ToArray()),
            ["source"] = c.Source is { } source ? texts.Format("source.line", source.Question, source.Answer) : "",
        };
    }
}
