using System.Text.Json.Nodes;
using Bitacora.Bot.Commitments;
using Bitacora.Bot.Registry.Storage;
using Bitacora.Bot.Reminders;
using Bitacora.Bot.Sessions;
using Bitacora.Bot.Tests.Infrastructure;
using Bitacora.Bot.Tests.Registry;
using Bitacora.Testing;

namespace Bitacora.Bot.Tests.Commitments;

/// <summary>
/// One identity for a responsible, however they were picked: members come as the Teams members API returns them
/// (<c>objectId</c>, <c>givenName</c>/<c>surname</c>, <c>email</c>, <c>userPrincipalName</c>, no <c>aadObjectId</c>);
/// the sender of a turn as Teams sends <c>from</c> (<c>id</c>, <c>name</c>, <c>aadObjectId</c>, no email). Sample
/// registry seeded; Monday 4 May 2026, 09:00 Santiago.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ResponsibleIdentityTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Unit = "junji:16101001";
    private static readonly Conversation Group = Conversation.Group("19:copihues-consejo@thread.v2");

    // Not in the registry: known to Bitácora only through the member list.
    private const string LidiaTeamsId = "29:1bSnHZ7Js2STWrgk6ScEErLk1Lp2zQuD5H2qQ960rtvst";
    private const string LidiaObjectId = "76b0b09f-d410-48fd-993e-84da521a597b";

    private RegistryBot _bot = null!;
    private Session _session = null!;

    public async Task InitializeAsync()
    {
        _bot = await RegistryBot.StartAsync(azurite);
        _bot.Connector.Members.Add(FakeConnector.TeamsMember(SampleUser.Alex.TeamsId, SampleUser.Alex.AadObjectId, "Alex", "Wilber", "alexw@example.com"));
        _bot.Connector.Members.Add(FakeConnector.TeamsMember(SampleUser.Adele.TeamsId, SampleUser.Adele.AadObjectId, "Adele", "Vance",
            "AdeleV@example.com", "adelev@example.com"));
        _bot.Connector.Members.Add(FakeConnector.TeamsMember(LidiaTeamsId, LidiaObjectId, "Lidia", "Holloway", "Lidia.Holloway@junji.example"));
        _bot.Connector.Members.Add(new JsonObject
        {
            ["id"] = "29:anon-guest", ["name"] = "Anon1 (Guest)", ["tenantId"] = "tenant-1", ["userRole"] = "anonymous",
        });
        _session = await _bot.Get<SessionRepository>().StartAsync(new StartSession(
            SessionScope.Unit(Unit, "Jardín Infantil Los Copihues"), "junji-bitacora-ett", 1, "2026", new DateOnly(2026, 5, 4),
            "Revisar el PEI", null, new Participant(SampleUser.Alex.AadObjectId, "Alex Wilber"), Group.Id));
    }

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    private async Task<JsonObject> FormAsync()
    {
        var activity = RegistryBot.As(_bot.Pipeline.MentionMessage(Group, "nuevo compromiso"), SampleUser.Alex);
        await _bot.Pipeline.PostAsync(activity);
        return (await _bot.Connector.WaitForAsync(c => c.Card.Text().Contains("Nuevo compromiso"))).Card!;
    }

    private static IReadOnlyList<(string Title, string Value)> People(JsonObject form) =>
        form["body"]!.AsArray().First(e => e?["id"]?.GetValue<string>() == "responsible")!["choices"]!.AsArray()
            .Select(c => (c!["title"]!.GetValue<string>(), c["value"]!.GetValue<string>())).ToList();

    private async Task<Commitment> CreateAsync(JsonObject form, string who, string what, string date = "2026-05-13")
    {
        var response = await _bot.ClickAsync(SampleUser.Alex, new JsonObject
        {
            ["verb"] = "commitment.create",
            ["what"] = what,
            ["unit"] = Unit,
            ["responsible"] = People(form).Single(p => p.Title.StartsWith(who, StringComparison.Ordinal)).Value,
            ["date"] = date,
            ["verification"] = "Acta",
        }, "form-card", Group);
        Assert.Contains("Compromiso registrado", response.Text());
        var id = (await _bot.Get<CommitmentStore>().ListBySessionAsync(_session.Id, CancellationToken.None)).Single(s => s.What == what).Id;
        return (await _bot.Get<CommitmentService>().GetAsync(id, CancellationToken.None))!;
    }

    private async Task<string> MineAsync(string teamsId, string name, string aadObjectId)
    {
        var conv = Conversation.Personal("a:dm-" + teamsId);
        var answer = await _bot.SendAsync(RegistryBot.As(_bot.Pipeline.Message(conv, "mis compromisos"), teamsId, name, aadObjectId), conv);
        return answer.Card is null ? answer.Text ?? "" : answer.Card.Text();
    }

    [Fact]
    public async Task The_picker_offers_members_and_the_units_directive_team_once_each_and_marks_who_Teams_cannot_reach()
    {
        var people = People(await FormAsync());

        Assert.Single(people, p => p.Title.StartsWith("Adele Vance", StringComparison.Ordinal)); // member and unit contact: once
        Assert.Contains(people, p => p.Title == "Lidia Holloway"); // display name from givenName + surname
        Assert.DoesNotContain(people, p => p.Title.Contains("Anon1", StringComparison.Ordinal)); // anonymous guests cannot answer
        // The unit's technical lead is in the registry's unit file only, never seen in Teams.
        Assert.Contains(people, p => p.Title == "Rosa Alarcón Vidal · Jardín Infantil Los Copihues · sin contacto en Teams");
        Assert.DoesNotContain(people, p => p.Title.Contains("Marcela Pino", StringComparison.Ordinal)); // another unit's director
    }

    [Fact]
    public async Task A_responsible_picked_from_the_member_list_finds_the_commitment_in_mis_compromisos()
    {
        var form = await FormAsync();
        var lidias = await CreateAsync(form, "Lidia Holloway", "Actualizar el PEI con las familias");
        var adeles = await CreateAsync(form, "Adele Vance", "Socializar el reglamento interno");

        // The Entra id came from the members API's objectId; the registry person is the anchor when there is one.
        Assert.Equal((LidiaObjectId, LidiaTeamsId, "lidia.holloway@junji.example"),
            (lidias.Responsible.AadObjectId, lidias.Responsible.TeamsUserId, lidias.Responsible.Email));
        Assert.Equal("adelev@example.com", adeles.Responsible.Id);

        // Teams' `from` carries aadObjectId and no email: the same people are found.
        Assert.Contains("Actualizar el PEI con las familias", await MineAsync(LidiaTeamsId, "Lidia Holloway", LidiaObjectId));
        var adele = await MineAsync(SampleUser.Adele.TeamsId, "Adele Vance", SampleUser.Adele.AadObjectId);
        Assert.Contains("Socializar el reglamento interno", adele);
        Assert.DoesNotContain("Actualizar el PEI con las familias", adele);
        Assert.Equal("No tienes compromisos abiertos.", await MineAsync(SampleUser.Megan.TeamsId, "Megan Bowen", SampleUser.Megan.AadObjectId));
    }

    [Fact]
    public async Task A_registry_director_without_Teams_is_reminded_in_the_session_conversation_then_directly_after_first_contact()
    {
        // Rosa leads the unit with Adele; the registry knows her by email only.
        await _bot.ImportPeopleAsync("""
            email,name,rut,aad_object_id,teams_user_id,discipline,territories,roles,directive_units,coordinated_territories,coordinated_regions
            r.alarcon@junji.example,Rosa Alarcón Vidal,,,,,16-1,,junji:16101001,,
            """);
        var commitment = await CreateAsync(await FormAsync(), "Rosa Alarcón Vidal", "Ordenar la biblioteca de aula", "2026-05-20");
        Assert.Equal("r.alarcon@junji.example", commitment.Responsible.Id);
        var reminders = commitment.Reminders.OrderBy(r => r.DueUtc).ToList();

        _bot.Connector.Clear();
        var first = await SweepAsync(reminders[0].DueUtc.ToDateTimeOffset());
        Assert.Equal(1, first.SentToFallback);
        var inSession = await _bot.Connector.WaitForAsync(c => c.IsSend && c.ConversationId == Group.Id && c.Card is not null);
        Assert.Contains("Rosa Alarcón Vidal", inSession.Text);
        Assert.DoesNotContain(_bot.Connector.Calls, c => c.Path == "/v3/conversations"); // no id to open a 1:1 with

        // First contact: Rosa writes to the bot; Teams gives her email through the member list, the registry links her.
        _bot.Connector.Members.Add(FakeConnector.TeamsMember("29:rosa", "5a6b7c8d-0000-4000-8000-00000000a1a1", "Rosa", "Alarcón Vidal",
            "r.alarcon@junji.example"));
        var rosaChat = Conversation.Personal("a:dm-rosa");
        await _bot.SendAsync(RegistryBot.As(_bot.Pipeline.Message(rosaChat, "hola"), "29:rosa", "Rosa Alarcón Vidal",
            "5a6b7c8d-0000-4000-8000-00000000a1a1"), rosaChat);
        Assert.Equal("29:rosa", (await _bot.Get<PersonStore>().FindByEmailAsync("r.alarcon@junji.example"))?.TeamsUserId);

        _bot.Connector.Clear();
        var second = await SweepAsync(reminders[1].DueUtc.ToDateTimeOffset());
        Assert.Equal((1, 0), (second.Sent, second.SentToFallback));
        var direct = await _bot.Connector.WaitForAsync(c => c.IsSend && c.Card is not null);
        Assert.Equal(rosaChat.Id, direct.ConversationId);
        Assert.Contains("Ordenar la biblioteca de aula", await MineAsync("29:rosa", "Rosa Alarcón Vidal", "5a6b7c8d-0000-4000-8000-00000000a1a1"));
    }

    [Fact]
    public async Task Compromisos_in_the_meeting_lists_the_units_open_commitments_and_who_Teams_cannot_reach()
    {
        var form = await FormAsync();
        await CreateAsync(form, "Lidia Holloway", "Actualizar el PEI con las familias");
        await CreateAsync(form, "Rosa Alarcón Vidal", "Ordenar la biblioteca de aula", "2026-05-20");
        _bot.Connector.Clear();

        var list = await _bot.SendAsync(RegistryBot.As(_bot.Pipeline.MentionMessage(Group, "compromisos"), SampleUser.Alex), Group);
        var json = list.Card.Text();
        Assert.Contains("Compromisos abiertos de Jardín Infantil Los Copihues", json);
        Assert.Contains("\"value\":\"Lidia Holloway\"", json);
        Assert.Contains("Rosa Alarcón Vidal · sin contacto en Teams", json);
        Assert.True(json.IndexOf("Actualizar el PEI", StringComparison.Ordinal) < json.IndexOf("Ordenar la biblioteca", StringComparison.Ordinal));

        var other = await _bot.SendAsync(RegistryBot.As(_bot.Pipeline.MentionMessage(Group, "compromisos RBD 41201-5"), SampleUser.Alex), Group);
        Assert.Contains("unidad de la sesión en curso", other.Text);
    }

    private async Task<SweepReport> SweepAsync(DateTimeOffset at)
    {
        _bot.Pipeline.Time.SetUtcNow(at);
        return await _bot.Get<ReminderSweep>().RunAsync(at, CancellationToken.None);
    }
}
