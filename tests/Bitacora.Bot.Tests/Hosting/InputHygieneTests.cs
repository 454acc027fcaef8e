using System.Net;
using System.Text.Json.Nodes;
using Bitacora.Bot.Hosting;
using Bitacora.Bot.Tests.Infrastructure;
using Bitacora.Bot.Texts;
using Bitacora.Testing;

namespace Bitacora.Bot.Tests.Hosting;

public class InputCleaningTests
{
    [Theory]
    [InlineData("hola\0mundo", "holamundo")]
    [InlineData("\u202eevil\u202c text", "evil text")]
    [InlineData("iso\u2066late\u2069", "isolate")]
    [InlineData("emoji 💥 ok", "emoji 💥 ok")]
    [InlineData("e\u0301", "é")]
    [InlineData("línea\r\n\tsiguiente", "línea\r\n\tsiguiente")]
    [InlineData("Acta N°3", "Acta N°3")]
    public void Text_is_made_storable(string input, string expected) =>
        Assert.Equal(expected, InputHygieneMiddleware.Clean(input));

    [Fact]
    public void Lone_surrogates_become_replacement_characters()
    {
        // Built at run time: attribute constants cannot hold lone surrogates.
        Assert.Equal("a\ufffdb", InputHygieneMiddleware.Clean("a" + (char)0xD800 + "b"));
        Assert.Equal("\ufffd", InputHygieneMiddleware.Clean(((char)0xDC00).ToString()));
        Assert.Equal("\ufffdz", InputHygieneMiddleware.Clean(((char)0xDC00).ToString() + (char)0xD800 + "z")[1..]);
    }
}

/// <summary>Unicode edge cases and oversized values at the edge of the real pipeline.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class InputHygieneTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private BotPipeline _bot = null!;

    public async Task InitializeAsync() => _bot = await BotPipeline.StartAsync(azurite);
    public async Task DisposeAsync() => await _bot.DisposeAsync();

    private string Text(string key) => _bot.Get<TextCatalog>()[key];

    [Fact]
    public async Task Control_and_bidi_characters_are_removed_and_the_person_is_told()
    {
        var response = await _bot.PostAsync(_bot.Message(Conversation.Personal("a:u1"), "\u202eayu\0da\ud800"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await _bot.Connector.WaitForAsync(c => c.Text == Text(TextKeys.InputNormalized));
    }

    [Fact]
    public async Task An_oversized_card_value_is_refused_before_anything_is_stored()
    {
        var click = _bot.Execute(Conversation.Personal("a:u2"), "command",
            new JsonObject { ["command"] = "ayuda", ["nota"] = new string('x', InputHygieneMiddleware.MaxValueLength + 1) }, "card-1");

        var answer = await _bot.InvokeAsync(click);

        Assert.StartsWith("El texto que enviaste es demasiado largo", answer["value"]?.GetValue<string>());
        Assert.DoesNotContain(_bot.Connector.Calls, c => c.Card is not null);
    }
}
