using System.Text;
using System.Text.Json.Nodes;
using Bitacora.Bot.Commitments;
using Bitacora.Bot.Commitments.ForceMajeure;
using Bitacora.Bot.Hosting;
using Bitacora.Bot.Registry.Storage;
using Bitacora.Bot.Tests.Infrastructure;
using Bitacora.Testing;
using Microsoft.Extensions.DependencyInjection;
using static Bitacora.Bot.Tests.Hosting.Authorization.Actor;

namespace Bitacora.Bot.Tests.Hosting.Authorization;

/// <summary>
/// The authorization model (README "Security" → "Authorization model") as a table: every command and card action,
/// as every kind of person, on objects of territory 16-1 (unit JUNJI 16101001, region 16). Each row's expectation lists
/// the actors in <see cref="Actor"/> order — adviser of 16-1, adviser of 16-2, directive team of the unit, coordinator
/// of 16-1, coordinator of region 16, administrator, unregistered — '+' allowed, '-' refused. Refusals must be logged,
/// answered with a Spanish refusal, and leave every domain table exactly as it was.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AuthorizationMatrixTests(AzuriteFixture azurite)
{
    private delegate Task<Outcome> Run(AuthorizationWorld world, Actor actor);

    private sealed record Row(string Kind, string Verb, string Expected, string What, Run Run);

    private static readonly Actor[] Actors = Enum.GetValues<Actor>();

    private const string Logbook16 = "logbook:junji-bitacora-ett:16-1:2026";

    private static Row Command(string text, string expected, string? what = null) =>
        new("command", text, expected, what ?? text, (w, a) => w.TypeAsync(a, w.NewConversation(), text));

    private static Row CommandInSession(string text, string expected) =>
        new("command", text, expected, text + " (in a conversation running a session of 16-1)", async (w, a) =>
        {
            var conversation = w.NewConversation();
            await w.NewSessionAsync(conversation);
            return await w.TypeAsync(a, conversation, text);
        });

    private static Row Action(string verb, string expected, string what, Func<AuthorizationWorld, Conversation, Task<JsonObject>> data) =>
        new("action", verb, expected, what, async (w, a) =>
        {
            var conversation = w.NewConversation();
            return await w.ClickAsync(a, conversation, verb, await data(w, conversation));
        });

    private static Task<JsonObject> Data(params (string Key, string Value)[] fields)
    {
        var o = new JsonObject();
        foreach (var (key, value) in fields) o[key] = value;
        return Task.FromResult(o);
    }

    private static async Task<JsonObject> SessionData(AuthorizationWorld w, Conversation c, bool version = true, bool move = false)
    {
        var session = await w.NewSessionAsync(c);
        var sections = w.DepGuide.Sections;
        var data = new JsonObject { ["sessionId"] = session.Id, ["sectionId"] = sections[0].Id };
        if (version) data["version"] = session.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (move) data["to"] = sections[1].Id;
        return data;
    }

    private static async Task<JsonObject> FinishedSessionData(AuthorizationWorld w, Conversation c, Actor? startedBy, bool version = true)
    {
        var session = await w.NewFinishedSessionAsync(c, startedBy);
        var data = new JsonObject { ["sessionId"] = session.Id };
        if (version) data["version"] = session.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return data;
    }

    private static Task<JsonObject> CommitmentData(AuthorizationWorld w, Conversation c, bool version = true, params (string, string)[] inputs) =>
        CommitmentData(w, c, DirectiveTeamOfUnit, version, inputs);

    private static async Task<JsonObject> CommitmentData(AuthorizationWorld w, Conversation c, Actor responsible, bool version,
        params (string, string)[] inputs)
    {
        var commitment = await w.NewCommitmentAsync(c, responsible);
        var data = new JsonObject { ["commitmentId"] = commitment.Id, ["kind"] = "" };
        if (version) data["version"] = commitment.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (key, value) in inputs) data[key] = value;
        return data;
    }

    /// <summary>A commitment of the unit suspended by an approved force-majeure request (its responsible: the directive team).</summary>
    private static async Task<JsonObject> SuspendedCommitmentData(AuthorizationWorld w, Conversation c, params (string, string)[] inputs)
    {
        var commitment = await w.NewCommitmentAsync(c);
        var fm = w.Bot.Get<ForceMajeureService>();
        var items = new[] { new ForceMajeureItem(commitment.Id, commitment.What, commitment.Version, ForceMajeureDecision.Suspender) };
        var request = await fm.SubmitAsync(new ForceMajeureSubmission(AuthorizationWorld.Unit, ForceMajeureKind.Paro, new NodaTime.LocalDate(2026, 5, 4),
            null, "Paro comunal", null, null, items, null), new PersonRef("p-directora", "Directora"), default);
        Assert.IsType<ForceMajeureResult.Done>(await fm.ApproveAsync(request.Id, request.Version, items, null, new PersonRef("p-asesora", "Asesora"), default));
        var suspended = (await w.Bot.Get<CommitmentService>().GetAsync(commitment.Id, default))!;
        Assert.Equal(CommitmentStatus.Suspendido, suspended.Status);
        var data = new JsonObject { ["commitmentId"] = commitment.Id, ["kind"] = "", ["version"] = suspended.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        foreach (var (key, value) in inputs) data[key] = value;
        return data;
    }

    /// <summary>A force-majeure request of the unit sent by its directive team, for one new commitment.</summary>
    private static async Task<JsonObject> RequestData(AuthorizationWorld w, Conversation c, bool version = true, params (string, string)[] inputs)
    {
        var commitment = await w.NewCommitmentAsync(c);
        var director = AuthorizationWorld.IdOf(DirectiveTeamOfUnit);
        var item = new ForceMajeureItem(commitment.Id, commitment.What, commitment.Version, ForceMajeureDecision.Reprogramar,
            new NodaTime.LocalDate(2026, 6, 1));
        var request = await w.Bot.Get<ForceMajeureService>().SubmitAsync(new ForceMajeureSubmission(AuthorizationWorld.Unit,
            ForceMajeureKind.Paro, new NodaTime.LocalDate(2026, 5, 4), null, "Paro comunal", null, null, [item], null),
            new PersonRef("aad-" + director, "Directora", director, "aad-" + director), default);
        var data = new JsonObject
        {
            ["requestId"] = request.Id,
            [ForceMajeureViews.DecisionId(commitment.Id)] = "Reprogramar",
            [ForceMajeureViews.DateId(commitment.Id)] = "2026-06-01",
        };
        if (version) data["version"] = request.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (key, value) in inputs) data[key] = value;
        return data;
    }

    //                                         A161 A162 Dir  C161 CR16 Adm  Nobody
    private static readonly Row[] Rows =
    [
        Command("ayuda", "+++++++"),
        Command("quién soy", "+++++++"),
        Command("territorio 16-1", "+-++++-"),
        Command("personas 16-1", "---+++-"),
        Command("iniciar sesión", "++-+---"),
        CommandInSession("continuar sesión", "+--+---"),
        CommandInSession("presentes", "+--+---"),
        Command("rúbrica junji 16101001", "+--+---"),
        Command("nuevo compromiso", "++-+---"),
        Command("mis compromisos", "+++++++", "mis compromisos (only the sender's own; a responsible may be unregistered)"),
        Command("compromisos", "+++++++", "compromisos (only the unit of this conversation's current session: the people of the meeting)"),
        Command("pendientes territorio 16-1", "---+++-"),
        Command("pendientes región 16", "----++-", "pendientes región 16 (a filter never widens a territorial coordinator's scope)"),
        Command("pendientes unidad junji 16101001", "---+++-"),
        Command("vencidos territorio 16-1", "---+++-"),
        Command("participación territorio 16-1", "---+++-"),
        Command("resumen territorio 16-1", "---+++-"),
        Command("exportar región 16", "----++-"),
        Command("resumen semestral unidad junji 16101001", "+-++++-"),
        Command("resumen semestral región 16", "----++-"),
        Command("informe sintético unidad junji 16101001", "+--+---", "informe sintético of a unit of 16-1 (drafting the professional's comments)"),
        Command("informe sintético territorio 16-1", "+--+---"),
        Command("bitácora 16-1 2026", "+--+---"),
        Command("bitácora evaluación 16-1 2026", "+--+---"),
        Command("bitácora descargar 16-1 2026", "+--+---"),
        Command("descargar sesión 1 16-1 2026", "+--+---", "descargar sesión 1 16-1 2026 (a session record of 16-1 as .docx)"),
        CommandInSession("descargar sesión", "+--+---"),
        Action("logbook.open", "+--+---", "open the logbook of 16-1", (_, _) => Data(("logbookId", Logbook16))),
        Action("logbook.record", "+--+---", "open the record of a session of 16-1", (w, c) => SessionData(w, c, version: false)),
        Action("logbook.save", "+--+---", "save a step of the logbook of 16-1", (_, _) => Data(("logbookId", Logbook16), ("stepId", "antecedentes"))),
        Action("logbook.step", "+--+---", "move to a step of the logbook of 16-1", (_, _) => Data(("logbookId", Logbook16), ("to", "antecedentes"))),
        Action("logbook.filled", "+--+---", "mark the logbook of 16-1 filled in", (_, _) => Data(("logbookId", Logbook16))),
        Action("logbook.evaluated", "+--+---", "close the evaluation of the logbook of 16-1", (_, _) => Data(("logbookId", Logbook16))),
        Action("logbook.download", "+--+---", "download the logbook of 16-1", (_, _) => Data(("logbookId", Logbook16))),
        Action("command", "+++++++", "a button that stands for «ayuda»", (_, _) => Data(("command", "ayuda"))),
        Action("command", "----++-", "a button that stands for «pendientes región 16»: checked as if typed",
            (_, _) => Data(("command", "pendientes región 16"))),
        Action("territory.view", "+-++++-", "territory card of 16-1", (_, _) => Data(("territoryId", "16-1"))),
        Action("territory.edit", "-----+-", "Editar on the territory card", (_, _) => Data(("territoryId", "16-1"))),
        Action("territory.save", "-----+-", "Guardar on the territory form", async (w, _) =>
        {
            var territory = await w.Bot.Get<TerritoryStore>().GetAsync("16-1");
            return await Data(("territoryId", "16-1"), ("etag", territory!.ETag!));
        }),
        Action("territory.save", "-------", "Guardar without the ETag the form was rendered from", (_, _) => Data(("territoryId", "16-1"))),
        Action("session.create", "+--+---", "Comenzar a session of territory 16-1",
            (_, _) => Data(("guideId", AuthorizationWorld.Guide), ("scopeId", "territory:16-1"), ("date", "2026-05-04"), ("objective", "Revisar"))),
        Action("session.answer", "+--+---", "save answers on a session of 16-1",
            async (w, c) => { var d = await SessionData(w, c, version: false); d["q.ej-cond-actores-involucrados"] = "Directora"; return d; }),
        Action("session.navigate", "+--+---", "Siguiente on a session of 16-1", (w, c) => SessionData(w, c, move: true)),
        Action("session.navigate", "-------", "Siguiente without the session version", (w, c) => SessionData(w, c, version: false, move: true)),
        Action("session.pause", "+--+---", "Pausar a session of 16-1", (w, c) => SessionData(w, c)),
        Action("session.resume", "+--+---", "Continuar a session of 16-1", (w, c) => SessionData(w, c, version: false)),
        Action("session.finish", "+--+---", "Finalizar a session of 16-1", (w, c) => SessionData(w, c)),
        Action("session.finish", "+--+---", "Sí, finalizar (the confirmation) on a session of 16-1",
            async (w, c) => { var d = await SessionData(w, c); d["confirm"] = "yes"; return d; }),
        Action("session.reopen", "+--+++-", "Reabrir a finished session of 16-1 started by the adviser of 16-1",
            (w, c) => FinishedSessionData(w, c, AdviserOfTerritory)),
        Action("session.reopen", "---+++-", "Reabrir a finished session of 16-1 someone else started (coordinators only)",
            (w, c) => FinishedSessionData(w, c, null)),
        Action("session.reopen", "-------", "Reabrir without the session version", (w, c) => FinishedSessionData(w, c, AdviserOfTerritory, version: false)),
        Action("session.view", "+--+---", "show the current card of a session of 16-1", (w, c) => SessionData(w, c, version: false)),
        Action("session.detail", "+--+---", "«Ver completo» of an answer of a session of 16-1", async (w, c) =>
        {
            var d = await SessionData(w, c, version: false);
            d["questionId"] = w.DepGuide.Sections[0].Questions[0].Id;
            return d;
        }),
        Action("rubric.save", "+--+---", "save rubric scores of the unit (never its directive team)", (w, _) => Data(
            ("unitId", AuthorizationWorld.Unit), ("period", "2026"), ("guideId", AuthorizationWorld.Guide),
            ("rubricId", w.DepGuide.Rubric!.Id), ("level.condiciones", "logrado"))),
        Action("attendance.open", "+--+---", "Marcar presentes on the status message of a session of 16-1", (w, c) => SessionData(w, c, version: false)),
        Action("attendance.save", "+--+---", "Guardar asistencia of a session of 16-1",
            async (w, c) => { var d = await SessionData(w, c, version: false); d["guests"] = "Pedro Soto"; return d; }),
        Action("session.download", "+--+---", "«Descargar registro (.docx)» on the summary of a session of 16-1", (w, c) => SessionData(w, c, version: false)),
        Action("summary.comments.save", "+--+---", "Guardar borrador of the comments of a unit of 16-1",
            (_, _) => Data(("subject", "unit:junji:16101001"), ("period", "2026-1"), ("comments", "Buen semestre"))),
        Action("summary.comments.ready", "+--+---", "Listos para enviar on the comments of territory 16-1",
            (_, _) => Data(("subject", "territory:16-1"), ("period", "2026-1"), ("comments", "Buen semestre"))),
        Action("summary.document", "+--+---", "Descargar informe (.docx) of a unit of 16-1",
            (_, _) => Data(("subject", "unit:junji:16101001"), ("period", "2026-1"))),
        Action("commitment.new", "+--+---", "Nuevo compromiso on the summary of a session of 16-1", (w, c) => SessionData(w, c, version: false)),
        Action("commitment.create", "+--+---", "Registrar a commitment for the unit", (_, _) => Data(("what", "Actualizar el PEI"),
            ("unit", AuthorizationWorld.Unit), ("responsible", AuthorizationWorld.Responsible), ("date", "2026-05-20"), ("verification", "Acta"))),
        Action("commitment.formPeople", "+--+---", "the form's responsible list for the unit (its directive contacts)",
            (_, _) => Data(("what", "Actualizar el PEI"), ("unit", AuthorizationWorld.Unit))),
        Action("commitment.show", "+-++++-", "open a commitment of the unit", (w, c) => CommitmentData(w, c)),
        Action("commitment.done", "+-++---", "Cumplido on a commitment of the unit", (w, c) => CommitmentData(w, c, true, ("evidenceText", "Acta firmada"))),
        Action("commitment.done", "+-++--+", "Cumplido when the responsible is someone the registry does not know",
            (w, c) => CommitmentData(w, c, Unregistered, true, ("evidenceText", "Acta firmada"))),
        Action("commitment.show", "++++++-", "open a commitment whose responsible is the adviser of 16-2",
            (w, c) => CommitmentData(w, c, AdviserOfOtherTerritory, true)),
        Action("commitment.done", "-------", "Cumplido without the version the card showed",
            (w, c) => CommitmentData(w, c, false, ("evidenceText", "Acta firmada"))),
        Action("commitment.reschedule", "+-++---", "Nueva fecha on a commitment of the unit",
            (w, c) => CommitmentData(w, c, true, ("newDate", "2026-05-25"), ("reason", "Paro comunal"))),
        Action("commitment.resume", "+-++---", "«Reanudar» a commitment of the unit suspended by force majeure (as «Nueva fecha»)",
            (w, c) => SuspendedCommitmentData(w, c, ("newDate", "2026-05-25"), ("reason", "Terminó el paro"))),
        Command("fuerza mayor junji 16101001", "--+----", "fuerza mayor (the request form of the unit: its directive team)"),
        Action("fm.open", "--+----", "«Solicitar ajuste por fuerza mayor» on a commitment of the unit", (w, c) => CommitmentData(w, c, false)),
        Action("fm.open", "--+---+", "«Solicitar ajuste por fuerza mayor» by the commitment's unregistered responsible",
            (w, c) => CommitmentData(w, c, Unregistered, false)),
        Action("fm.request", "--+----", "send a force-majeure request for a commitment of the unit", async (w, c) =>
        {
            var commitment = await w.NewCommitmentAsync(c);
            return await Data(("unit", AuthorizationWorld.Unit), ("fmKind", "Paro"), ("fmStart", "2026-05-04"), ("fmDescription", "Paro comunal"),
                (ForceMajeureViews.DecisionId(commitment.Id), "Reprogramar"), (ForceMajeureViews.DateId(commitment.Id), "2026-06-01"));
        }),
        Action("fm.approve", "+--++--", "approve a force-majeure request of the unit (never its directive team)", (w, c) => RequestData(w, c)),
        Action("fm.approve", "-------", "approve without the version the card showed", (w, c) => RequestData(w, c, version: false)),
        Action("fm.reject", "+--++--", "reject a force-majeure request of the unit", (w, c) => RequestData(w, c, true, ("fmNote", "Sin respaldo"))),
        Action("fm.moreInfo", "+--++--", "ask more about a force-majeure request of the unit",
            (w, c) => RequestData(w, c, true, ("fmNote", "¿Hay oficio?"))),
        Action("fm.answer", "--+----", "answer about a force-majeure request of the unit (its directive team, the requester)",
            (w, c) => RequestData(w, c, true, ("fmAnswer", "Adjunto el oficio"))),
        Action("commitment.manage", "+-++---", "«Gestionar» on a commitment of the unit", (w, c) => CommitmentData(w, c, false)),
        Action("commitment.edit", "+--+---", "correct what / date / unit of a commitment of the unit (never its directive team)",
            (w, c) => CommitmentData(w, c, true, ("what", "Actualizar el PEI 2027"), ("date", "2026-05-27"), ("unit", AuthorizationWorld.Unit))),
        Action("commitment.edit", "-------", "correct a commitment without the version the card showed",
            (w, c) => CommitmentData(w, c, false, ("what", "Actualizar el PEI 2027"), ("date", "2026-05-27"))),
        Action("commitment.reassign", "+-++---", "reassign a commitment of the unit",
            (w, c) => CommitmentData(w, c, true, ("responsible", AuthorizationWorld.Responsible))),
        Action("commitment.attach", "+-++---", "attach evidence files to a commitment of the unit (the button's signature for the sender: EvidenceFileTests)",
            (w, c) => CommitmentData(w, c, false, ("files", "evidencias/20260504130000-0123456789abcdef0123456789abcdef|10|application/pdf|acta.pdf"),
                ("sig", "firma-falsa"))),
        Action("commitment.cancel", "+--+---", "cancel a commitment of the unit with a reason (never its directive team)",
            (w, c) => CommitmentData(w, c, true, ("cancelReason", "La acción ya no aplica"))),
    ];

    [Fact]
    public async Task Every_verb_as_every_role_is_allowed_or_refused_as_the_model_says_and_refusals_write_nothing()
    {
        await using var world = await AuthorizationWorld.StartAsync(azurite);
        var failures = new StringBuilder();
        foreach (var row in Rows)
        {
            Assert.Equal(Actors.Length, row.Expected.Length);
            for (var i = 0; i < Actors.Length; i++)
            {
                var actor = Actors[i];
                var expectRefused = row.Expected[i] == '-';
                // Objects are created inside Run; the snapshot is taken by a wrapper that runs after they exist.
                var (outcome, before, after) = await RunWithSnapshotsAsync(world, row, actor, expectRefused);
                if (outcome.Refused != expectRefused)
                {
                    failures.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"{row.What} as {actor}: expected {(expectRefused ? "refused" : "allowed")}, got «{Short(outcome.Shown)}»");
                }
                else if (expectRefused && before!.Count == 0)
                {
                    failures.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"{row.What} as {actor}: the storage snapshot is empty, so it proves nothing");
                }
                else if (expectRefused && !before!.SequenceEqual(after!))
                {
                    failures.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"{row.What} as {actor}: refused but storage changed: {string.Join(", ", after!.Except(before!).Concat(before!.Except(after!)).Take(5))}");
                }
            }
        }
        Assert.True(failures.Length == 0, failures.ToString());
    }

    [Fact]
    public async Task Every_registered_command_and_card_action_has_a_rule_and_a_row_in_the_matrix()
    {
        await using var world = await AuthorizationWorld.StartAsync(azurite);
        var router = world.Bot.Get<CommandRouter>(); // builds every registered command (not built at start-up since issue 16)
        var commands = router.Commands;
        var actions = world.Bot.Services.GetServices<ICardAction>().ToList();
        _ = world.Bot.Get<CardActionRouter>(); // throws on two actions with one verb (not built at start-up since issue 16)

        Assert.All(commands, c => Assert.True(c.Rule is not null, $"Command «{router.NameOf(c)}» ({c.GetType().Name}) has no authorization rule."));
        Assert.All(actions, a => Assert.True(a.Rule is not null, $"Card action {a.Verb} ({a.GetType().Name}) has no authorization rule."));

        var coveredCommands = Rows.Where(r => r.Kind == "command").Select(r => router.Match(r.Verb)?.Command.GetType()).ToHashSet();
        var coveredVerbs = Rows.Where(r => r.Kind == "action").Select(r => r.Verb).ToHashSet(StringComparer.Ordinal);
        var missing = commands.Where(c => !coveredCommands.Contains(c.GetType())).Select(c => $"command «{router.NameOf(c)}»")
            .Concat(actions.Where(a => !coveredVerbs.Contains(a.Verb)).Select(a => $"card action {a.Verb}"))
            .ToList();
        Assert.True(missing.Count == 0, "Verbs without a row in the authorization matrix (add one): " + string.Join(", ", missing));
    }

    private static async Task<(Outcome Outcome, IReadOnlyList<string>? Before, IReadOnlyList<string>? After)> RunWithSnapshotsAsync(
        AuthorizationWorld world, Row row, Actor actor, bool snapshot)
    {
        IReadOnlyList<string>? before = null;
        // The row creates its objects first (a fresh session/commitment per click), then clicks: snapshot in between.
        world.BeforeSend = snapshot ? async () => before = await world.SnapshotAsync() : null;
        var outcome = await row.Run(world, actor);
        world.BeforeSend = null;
        var after = snapshot ? await world.SnapshotAsync() : null;
        return (outcome, before, after);
    }

    private static string Short(string text) => text.Length <= 160 ? text : text[..160] + "…";
}
