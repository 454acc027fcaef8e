using System.Text.Json.Nodes;
using Bitacora.Testing;

namespace Bitacora.Bot.Tests.Infrastructure;

/// <summary>The loopback connector's guard against cards sent with a literal "${…}" (a missing view-model path).</summary>
public sealed class UnexpandedBindingCheckTests
{
    [Fact]
    public async Task A_card_with_a_literal_binding_fails_loudly_and_a_clean_one_does_not()
    {
        await using var connector = await FakeConnector.StartAsync();
        connector.RecordUnexpandedBindings("POST clean", JsonNode.Parse("""{"body":[{"type":"TextBlock","text":"Hola, Alex"}]}"""));
        connector.AssertNoUnexpandedBindings();

        connector.RecordUnexpandedBindings("POST broken", JsonNode.Parse("""{"body":[{"type":"TextBlock","text":"Hola, ${name}"}]}"""));
        var error = Assert.Throws<InvalidOperationException>(connector.AssertNoUnexpandedBindings);
        Assert.Contains("${name}", error.Message);
        Assert.Contains("POST broken", error.Message);
    }
}
