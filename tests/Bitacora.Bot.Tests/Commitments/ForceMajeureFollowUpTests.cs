using System.Globalization;
using System.Text.Json.Nodes;
using Bitacora.Bot.Commitments;
using Bitacora.Bot.Commitments.ForceMajeure;
using Bitacora.Bot.Hosting;
using Bitacora.Bot.Tests.Hosting;
using Bitacora.Bot.Tests.Infrastructure;
using Bitacora.Testing;
using NodaTime;

namespace Bitacora.Bot.Tests.Commitments;

/// <summary>
/// What follows a force-majeure request, through the real pipeline and Azurite (Monday 4 May 2026 09:00 Santiago):
/// a suspended commitment is resumed with a new date (reminders derived again); when one of two reviewers decides,
/// the other reviewer's card is updated in place to the outcome, and a late click on an old card says who decided.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ForceMajeureFollowUpTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Unit = "junji:16101001";
    private static readonly Conversation AdelePersonal = Conversation.Personal("a:personal-29:adele");
    private static readonly Conversation AlexPersonal = Conversation.Personal("a:personal-29:user-1");
    private static readonly Conversation MeganPersonal = Conversation.Personal("a:personal-29:megan");

    private BotPipeline _bot = null!;
    private PersonRef _alex = null!;
    private PersonRef _adele = null!;

    public async Task InitializeAsync()
    {
        _bot = await BotPipeline.StartAsync(azurite);
        await _bot.RegisterUnitAsync(Unit, "Jardín Infantil Los Copihues", "16-1");
        var alex = await _bot.RegisterAsync("29:user-1", "Alex Wilber", TestPeople.Adviser, "16-1");
        var adele = await _bot.RegisterAsync("29:adele", "Adele Vance", TestPeople.DirectiveOf(Unit), "16-1");
        await _bot.RegisterAsync("29:megan", "Megan Bowen", TestPeople.CoordinatorOf("16-1"), "16-1");
        _alex = new PersonRef(alex.Email, alex.Name, alex.TeamsUserId, alex.AadObjectId, alex.Email);
        _adele = new PersonRef(adele.Email, adele.Name, adele.TeamsUserId, adele.AadObjectId, adele.Email);
    }

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    private static string Text(JsonNode? node) => node?.ToJsonString(Json.Unescaped) ?? "";

    private Task<Commitment> CreateAsync(string what) =>
        _bot.Get<CommitmentService>().CreateAsync(new NewCommitment(Unit, what, _adele, new LocalDate(2026, 5, 11), "Acta",
            new CommitmentOrigin("s-1", "19:ett@thread.v2", _bot.Connector.ServiceUrl)), _alex, default);

    private async Task<Commitment> StoredAsync(Commitment c) => (await _bot.Get<CommitmentService>().GetAsync(c.Id, default))!;

    private Task<JsonObject> AsAdeleAsync(string verb, JsonObject data) =>
        _bot.InvokeAsync(_bot.Execute(AdelePersonal, verb, data, "state-card", "29:adele", "Adele Vance"));

    private static JsonObject Fields(params (string Key, string Value)[] fields)
    {
        var o = new JsonObject();
        foreach (var (key, value) in fields) o[key] = value;
        return o;
    }

    private async Task<Commitment> SuspendedAsync(string what)
    {
        var c = await CreateAsync(what);
        var fm = _bot.Get<ForceMajeureService>();
        var items = new[] { new ForceMajeureItem(c.Id, c.What, c.Version, ForceMajeureDecision.Suspender) };
        var request = await fm.SubmitAsync(new ForceMajeureSubmission(Unit, ForceMajeureKind.TomaDelEstablecimiento, new LocalDate(2026, 5, 4), null,
            "Toma del establecimiento", null, null, items, null), _adele, default);
        Assert.IsType<ForceMajeureResult.Done>(await fm.ApproveAsync(request.Id, request.Version, items, null, _alex, default));
        var suspended = await StoredAsync(c);
        Assert.Equal((CommitmentStatus.Suspendido, 0), (suspended.Status, suspended.Reminders.Count));
        return suspended;
    }

    private static JsonObject Resume(Commitment c, string date, string reason) =>
        Fields(("commitmentId", c.Id), ("version", c.Version.ToString(CultureInfo.InvariantCulture)), ("kind", ""), ("redelivery", ""),
            ("newDate", date), ("reason", reason));

    [Fact]
    public async Task A_suspended_commitment_is_resumed_with_a_new_date_and_its_reminders_are_derived_again()
    {
        var c = await SuspendedAsync("Taller con familias");

        // The state card of a suspended commitment offers «Reanudar» (and no «Cumplido» / «Nueva fecha»).
        await AsAdeleAsync("commitment.show", Fields(("commitmentId", c.Id)));
        var shown = Text((await _bot.Connector.WaitForAsync(x => x.ConversationId == AdelePersonal.Id
                                                                && Text(x.Card).Contains("Taller con familias"))).Card);
        Assert.Contains("commitment.resume", shown);
        Assert.DoesNotContain("commitment.done", shown);

        // A date in the past is refused next to the inputs, which keep the typed reason (500 characters, the card's maximum).
        var reason = "Terminó la toma. " + new string('m', 483);
        var past = Text((await AsAdeleAsync("commitment.resume", Resume(c, "2026-04-30", reason)))["value"]);
        Assert.Contains("no puede estar en el pasado", past);
        Assert.Contains(reason, past);
        Assert.Equal(CommitmentStatus.Suspendido, (await StoredAsync(c)).Status);

        var resumed = Text((await AsAdeleAsync("commitment.resume", Resume(c, "2026-06-15", reason)))["value"]);
        Assert.Contains("Compromiso reanudado", resumed);
        Assert.Contains("lunes 15 de junio de 2026", resumed);
        var now = await StoredAsync(c);
        Assert.Equal((CommitmentStatus.Pendiente, new LocalDate(2026, 6, 15)), (now.Status, now.AccountabilityDate));
        Assert.NotEmpty(now.Reminders);
        Assert.All(now.Reminders, r => Assert.True(r.DueUtc > Instant.FromUtc(2026, 6, 1, 0, 0), r.DueUtc.ToString()));
        var history = await _bot.Get<CommitmentStore>().GetHistoryAsync(Unit, c.Id, default);
        Assert.Contains(history, h => h is { What: "estado", From: "Suspendido", To: "Pendiente" } && h.Why == reason && h.By.Name == "Adele Vance");
        Assert.Contains(history, h => h is { What: "fecha", To: "2026-06-15" });

        // The adviser is told; resuming again from the old card is a conflict that names Adele.
        var told = await _bot.Connector.WaitForAsync(x => x.IsSend && x.ConversationId == "19:ett@thread.v2" && (x.Text ?? "").Contains("reanudó"));
        Assert.Contains("Adele Vance reanudó «Taller con familias»", told.Text);
        var again = Text((await _bot.InvokeAsync(_bot.Execute(AlexPersonal, "commitment.resume", Resume(c, "2026-06-20", "Otra vez"),
            "old-card")))["value"]);
        Assert.Contains("Adele Vance", again);
        Assert.Equal(new LocalDate(2026, 6, 15), (await StoredAsync(c)).AccountabilityDate);

        // On a commitment that is not suspended, «Reanudar» changes nothing and says why.
        var open = await CreateAsync("Actualizar el PEI");
        var notSuspended = Text((await AsAdeleAsync("commitment.resume", Resume(open, "2026-06-15", "")))["value"]);
        Assert.Contains("no está suspendido", notSuspended);
        Assert.Equal(1, (await StoredAsync(open)).Version);
    }

    [Fact]
    public async Task When_one_reviewer_decides_the_other_reviewers_card_shows_the_outcome_and_a_late_click_says_who_decided()
    {
        var c = await CreateAsync("Actualizar el PEI con la comunidad");
        var sent = Text((await AsAdeleAsync("fm.request", Fields(("unit", Unit), ("fmKind", "Paro"), ("fmStart", "2026-05-04"),
            ("fmDescription", "Paro comunal de funcionarios"), (ForceMajeureViews.DecisionId(c.Id), "Reprogramar"),
            (ForceMajeureViews.DateId(c.Id), "2026-06-01"))))["value"]);
        Assert.Contains("Alex Wilber", sent);
        Assert.Contains("Megan Bowen", sent);
        var request = (await _bot.Get<ForceMajeureService>().Store.ListByUnitAsync(Unit, default)).Single();
        var cards = await _bot.Get<ForceMajeureReviewCards>().ListAsync(request.Id, default);
        Assert.Equal(new[] { AlexPersonal.Id, MeganPersonal.Id }.Order(StringComparer.Ordinal), cards.Select(x => x.ConversationId).Order(StringComparer.Ordinal));
        var alexCard = cards.Single(x => x.ConversationId == AlexPersonal.Id);
        var meganCard = cards.Single(x => x.ConversationId == MeganPersonal.Id);

        var data = Fields(("requestId", request.Id), ("version", "1"), (ForceMajeureViews.DecisionId(c.Id), "Reprogramar"),
            (ForceMajeureViews.DateId(c.Id), "2026-06-01"), ("fmNote", "Con oficio del sostenedor"));
        var approved = Text((await _bot.InvokeAsync(_bot.Execute(AlexPersonal, "fm.approve", data, alexCard.ActivityId)))["value"]);
        Assert.Contains("Solicitud por fuerza mayor: Aprobada", approved);

        // Megan's card is updated in place (PUT on its activity), to the outcome and without buttons; Alex's is not
        // (his invoke response replaced it).
        await _bot.Get<SharedCardUpdates>().WhenIdleAsync();
        var update = await _bot.Connector.WaitForAsync(x => x.IsUpdate && x.ConversationId == MeganPersonal.Id);
        Assert.Equal(meganCard.ActivityId, update.ActivityId);
        var updated = Text(update.Card);
        Assert.Contains("Solicitud por fuerza mayor: Aprobada", updated);
        Assert.Contains("Alex Wilber", updated);
        Assert.DoesNotContain("fm.approve", updated);
        Assert.DoesNotContain("fm.reject", updated);
        Assert.Single(_bot.Connector.Calls, x => x.IsUpdate && x.ConversationId == MeganPersonal.Id);

        // Megan clicks «Rechazar» on a copy she still had open: nothing changes, she is told who approved and keeps her text.
        data = (JsonObject)data.DeepClone();
        data["fmNote"] = "No hay respaldo suficiente";
        data["verb"] = "fm.reject";
        var late = Text((await _bot.InvokeAsync(_bot.Execute(MeganPersonal, "fm.reject", data, meganCard.ActivityId, "29:megan",
            "Megan Bowen")))["value"]);
        Assert.Contains("Alex Wilber ya aprobó esta solicitud", late);
        Assert.Contains("Lo que escribiste: «No hay respaldo suficiente»", late);
        Assert.DoesNotContain("fm.reject", late);
        Assert.Equal(ForceMajeureRequestStatus.Aprobada, (await _bot.Get<ForceMajeureService>().GetAsync(request.Id, default))!.Status);
        Assert.Equal(new LocalDate(2026, 6, 1), (await StoredAsync(c)).AccountabilityDate);
    }
}
