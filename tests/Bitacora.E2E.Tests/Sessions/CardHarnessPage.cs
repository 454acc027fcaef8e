using System.Text.Json.Nodes;
using Bitacora.Testing;
using Bitacora.Testing.Playground;
using Microsoft.Playwright;

namespace Bitacora.E2E.Tests.Sessions;

/// <summary>
/// One person's view of one card message, without the Agents Playground's web UI: a blank Chromium page that renders
/// the bot's card JSON with the official Adaptive Cards JS renderer (npm <c>adaptivecards</c>, as Teams' web client
/// does) and records what an Action.Execute click would send (the renderer's <c>onExecuteAction</c>). The page is
/// re-rendered only when the test applies a new card to it — i.e. only when the bot really replaced that card for this
/// person — so unsaved input survives exactly as long as a real client would keep it.
/// </summary>
internal sealed class CardHarnessPage
{
    private const string Harness = """
        window.harness = {
          renders: 0, clicks: 0, last: null,
          render(card) {
            const ac = new AdaptiveCards.AdaptiveCard();
            ac.onExecuteAction = a => {
              window.harness.last = { verb: a.verb ?? null, title: a.title ?? null, data: a.data ?? null };
              window.harness.clicks++;
            };
            ac.parse(card);
            document.getElementById('card').replaceChildren(ac.render());
            window.harness.renders++;
          }
        };
        """;

    private CardHarnessPage(IPage page, string person)
    {
        Page = page;
        Person = person;
    }

    public IPage Page { get; }
    public string Person { get; }

    public static async Task<CardHarnessPage> OpenAsync(IPage page, string person, JsonObject card)
    {
        await page.SetContentAsync($"<!doctype html><html lang=\"es-CL\"><head><meta charset=\"utf-8\"><title>{person}</title></head>" +
            "<body style=\"font-family:sans-serif;margin:16px;width:760px\"><h3>" + person + "</h3><div id=\"card\"></div></body></html>");
        await page.AddScriptTagAsync(new() { Path = RepoPaths.Combine("node_modules", "adaptivecards", "dist", "adaptivecards.min.js") });
        await page.AddScriptTagAsync(new() { Content = Harness });
        var harness = new CardHarnessPage(page, person);
        await harness.RenderAsync(card);
        return harness;
    }

    public Task<int> RendersAsync() => Page.EvaluateAsync<int>("() => window.harness.renders");

    /// <summary>Replaces what this person sees with <paramref name="card"/> (the bot updated the card for them).</summary>
    public async Task RenderAsync(JsonObject card)
    {
        var before = await RendersAsync();
        await Page.EvaluateAsync("json => window.harness.render(JSON.parse(json))", card.ToJsonString());
        Assert.Equal(before + 1, await RendersAsync());
    }

    public ILocator Input(string label) => Page.GetByLabel(label).First;

    /// <summary>Clicks the card's button and returns the Action.Execute the renderer produced (verb, title, data with
    /// the card's input values merged in, as a Teams client sends it).</summary>
    public async Task<(string Verb, string Title, JsonObject Data)> ClickAsync(string title)
    {
        var before = await Page.EvaluateAsync<int>("() => window.harness.clicks");
        await Page.GetByRole(AriaRole.Button, new() { Name = title, Exact = true }).First.ClickAsync(new() { Timeout = 30_000 });
        await Page.WaitForFunctionAsync("n => window.harness.clicks > n", before, new() { Timeout = 30_000 });
        var json = await Page.EvaluateAsync<string>("() => JSON.stringify(window.harness.last)");
        var action = JsonNode.Parse(json)!.AsObject();
        return (action["verb"]!.GetValue<string>(), action["title"]?.GetValue<string>() ?? title, action["data"]!.DeepClone().AsObject());
    }

    public async Task<string> ScreenshotAsync(string name)
    {
        Directory.CreateDirectory(PlaygroundBrowser.ScreenshotDirectory);
        var path = Path.Combine(PlaygroundBrowser.ScreenshotDirectory, $"{name}-{DateTime.UtcNow:yyyyMMdd-HHmmss}.png");
        await Page.ScreenshotAsync(new() { Path = path, FullPage = true, Timeout = 30_000 });
        return path;
    }
}
