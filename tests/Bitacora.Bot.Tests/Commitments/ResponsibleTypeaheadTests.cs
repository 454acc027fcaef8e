using System.Text.Json.Nodes;
using Bitacora.Bot.Sessions;
using Bitacora.Bot.Tests.Hosting;
using Bitacora.Bot.Tests.Infrastructure;
using Bitacora.Testing;

namespace Bitacora.Bot.Tests.Commitments;

/// <summary>
/// The responsible picker's dynamic typeahead: the cards carry Input.ChoiceSet choices.data (Data.Query) next to the
/// static list, and the bot answers Teams' application/search invoke (shapes from Microsoft's «Typeahead search in
/// Adaptive Cards») through the real pipeline — filtered, bounded, and only for people who may pick for that unit.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ResponsibleTypeaheadTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Unit = "junji:16101001";
    private static readonly Conversation Group = Conversation.Group("19:ett-typeahead@thread.v2");

    private BotPipeline _bot = null!;

    public async Task InitializeAsync()
    {
        _bot = await BotPipeline.StartAsync(azurite);
        await _bot.RegisterUnitAsync(Unit, "Jardín Infantil Los Copihues", "16-1");
        await _bot.RegisterAsync("29:user-1", "Alex Wilber", TestPeople.Adviser, "16-1");
        await _bot.RegisterAsync("29:other", "Otra Asesora", TestPeople.Adviser, "16-2");
        _bot.Connector.Members.Add(FakeConnector.TeamsMember("29:user-1", "aad-29:user-1", "Alex", "Wilber", "alexw@example.com"));
        _bot.Connector.Members.Add(FakeConnector.TeamsMember("29:megan", "aad-29:megan", "Megan", "Bowen", "meganb@example.com"));
        _bot.Connector.Members.Add(FakeConnector.TeamsMember("29:monica", "aad-29:monica", "Mónica", "Peña", "monicap@example.com"));
        await _bot.Get<SessionRepository>().StartAsync(new StartSession(
            SessionScope.Unit(Unit, "Jardín Infantil Los Copihues"), "junji-bitacora-ett", 1, "2026", new DateOnly(2026, 5, 4),
            "Revisar el PEI", null, new Participant("aad-29:user-1", "Alex Wilber"), Group.Id));
    }

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    /// <summary>An application/search invoke as Teams sends it (name, value.queryText/queryOptions/dataset/data).</summary>
    private Task<JsonObject> SearchAsync(string text, string dataset, JsonObject? inputs = null, string user = "29:user-1",
        string name = "Alex Wilber", int top = 15)
    {
        var activity = _bot.Activity("invoke", Group, user, name);
        activity["name"] = "application/search";
        activity["value"] = new JsonObject
        {
            ["queryText"] = text,
            ["queryOptions"] = new JsonObject { ["skip"] = 0, ["top"] = top },
            ["dataset"] = dataset,
            ["data"] = inputs ?? new JsonObject(),
        };
        return _bot.InvokeAsync(activity);
    }

    private static List<string> Titles(JsonObject response)
    {
        Assert.Equal("application/vnd.microsoft.search.searchResponse", response["type"]!.GetValue<string>());
        return response["value"]!["results"]!.AsArray().Select(r => r!["title"]!.GetValue<string>()).ToList();
    }

    [Fact]
    public async Task The_form_offers_a_Data_Query_typeahead_with_the_static_list_as_fallback()
    {
        await _bot.PostAsync(_bot.MentionMessage(Group, "nuevo compromiso"));
        var form = (await _bot.Connector.WaitForAsync(c => c.Card?.ToJsonString().Contains("Registrar compromiso") == true)).Card!;

        var picker = form.DescendantsWithId("responsible");
        Assert.Equal("filtered", picker["style"]!.GetValue<string>());
        Assert.Equal("Data.Query", picker["choices.data"]!["type"]!.GetValue<string>());
        Assert.Equal("commitment.people:" + Unit, picker["choices.data"]!["dataset"]!.GetValue<string>());
        Assert.Equal("auto", picker["choices.data"]!["associatedInputs"]!.GetValue<string>());
        Assert.Contains(picker["choices"]!.AsArray(), c => c!["title"]!.GetValue<string>() == "Megan Bowen");
    }

    [Fact]
    public async Task The_search_invoke_answers_the_people_matching_every_word_accents_and_case_ignored()
    {
        var titles = Titles(await SearchAsync("monica pe", "commitment.people:" + Unit, new JsonObject { ["unit"] = Unit }));

        Assert.Equal(["Mónica Peña"], titles);
        Assert.Equal(3, Titles(await SearchAsync("", "commitment.people:", new JsonObject { ["unit"] = Unit })).Count);
        Assert.Single(Titles(await SearchAsync("", "commitment.people:" + Unit, top: 1)));
    }

    [Fact]
    public async Task The_chosen_unit_comes_from_the_cards_inputs_and_a_result_value_is_accepted_by_the_form()
    {
        var response = await SearchAsync("megan", "commitment.people:", new JsonObject { ["unit"] = Unit, ["what"] = "Plan" });
        var megan = response["value"]!["results"]!.AsArray().Single()!["value"]!.GetValue<string>();

        var created = await _bot.InvokeAsync(_bot.Execute(Group, "commitment.create", new JsonObject
        {
            ["what"] = "Plan de lectura", ["unit"] = Unit, ["responsible"] = megan, ["date"] = "2026-06-01",
        }, "form-card"));

        Assert.Contains("Compromiso registrado", created.ToJsonString(Json.Unescaped));
        Assert.Contains("Megan Bowen", created.ToJsonString(Json.Unescaped));
    }

    [Fact]
    public async Task Someone_without_rights_on_the_unit_and_an_unknown_dataset_get_no_results()
    {
        Assert.Empty(Titles(await SearchAsync("", "commitment.people:" + Unit, new JsonObject { ["unit"] = Unit }, "29:other", "Otra Asesora")));
        Assert.Empty(Titles(await SearchAsync("", "commitment.people:" + Unit, new JsonObject { ["unit"] = Unit }, "29:nobody", "Nadie")));
        Assert.Empty(Titles(await SearchAsync("", "npm")));
    }
}
