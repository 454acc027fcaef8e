using System.Collections.Frozen;
using System.Text.Json.Nodes;
using Bitacora.Cards;

namespace Bitacora.Bot.Cards;

/// <summary>
/// The card templates of Content/Cards, parsed once at start-up (a broken template stops the bot with its file name)
/// and expanded per message. The Action.Submit fallbacks of Universal Actions are added to the templates here, once
/// (<see cref="UniversalActions.TryAddToTemplate"/>), so a card is not walked per message: the card <see cref="Draft"/>
/// returns is nodes created when first read (<see cref="AdaptiveCardTemplate.Expand(JsonNode?, JsonNode?)"/>), and a
/// caller that only measures and sends it never builds its tree.
/// </summary>
public sealed class CardCatalog
{
    /// <summary>A parsed template; <paramref name="WalkFallbacks"/> when its fallbacks are added per card instead.</summary>
    private sealed record Entry(AdaptiveCardTemplate Template, bool WalkFallbacks);

    private readonly FrozenDictionary<string, Entry> _templates;

    private CardCatalog(FrozenDictionary<string, Entry> templates) => _templates = templates;

    /// <summary>Loads every template of <paramref name="folder"/>.</summary>
    public static CardCatalog Load(string folder) => Load(folder, fallbacksInTemplates: true);

    /// <summary>
    /// Loads every template of <paramref name="folder"/>. <paramref name="fallbacksInTemplates"/> false adds the
    /// fallbacks by walking each expanded card, as the bot did before (benchmarks and tests compare both).
    /// </summary>
    public static CardCatalog Load(string folder, bool fallbacksInTemplates)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"Card templates folder not found: {folder}");
        }
        var templates = new Dictionary<string, Entry>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            try
            {
                var text = File.ReadAllText(file);
                var template = AdaptiveCardTemplate.Parse(text);
                templates[Path.GetFileNameWithoutExtension(file)] = fallbacksInTemplates && WithFallbacks(text) is { } withFallbacks
                    ? new Entry(withFallbacks, WalkFallbacks: false)
                    : new Entry(template, WalkFallbacks: true);
            }
            catch (Exception e) when (e is TemplateException or System.Text.Json.JsonException)
            {
                throw new InvalidDataException($"Card template {file}: {e.Message}", e);
            }
        }
        return new CardCatalog(templates.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>The template with its fallbacks written in, or null when they must be added per card.</summary>
    private static AdaptiveCardTemplate? WithFallbacks(string text)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or ArgumentException)
        {
            // E.g. a property written twice: the engine keeps the first, a JsonObject refuses it. Walk per card.
            return null;
        }
        return node is not null && UniversalActions.TryAddToTemplate(node) ? AdaptiveCardTemplate.Parse(node) : null;
    }

    /// <summary>Names of the templates whose fallbacks are added per card (none of the shipped ones; tests check).</summary>
    public IEnumerable<string> WalkedPerCard => _templates.Where(t => t.Value.WalkFallbacks).Select(t => t.Key).Order(StringComparer.Ordinal);

    public IEnumerable<string> Names => _templates.Keys;

    /// <summary>Fails unless every template in <paramref name="names"/> exists.</summary>
    public void EnsureContains(IEnumerable<string> names)
    {
        var missing = names.Where(n => !_templates.ContainsKey(n)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidDataException($"Missing card templates: {string.Join(", ", missing)}");
        }
    }

    /// <summary>Expands template <paramref name="name"/> with <paramref name="data"/> into an Adaptive Card.</summary>
    public JsonObject Render(string name, JsonNode? data)
    {
        var card = Draft(name, data);
        // Every card the bot sends is rendered here: none leaves above what Teams accepts (a 413 would be silent
        // for everyone but the log). Features that can grow degrade before this point (CardBudget.DesignBytes).
        CardBudget.EnsureDeliverable(name, card);
        return card;
    }

    /// <summary>
    /// Expands without the size check: for a feature that measures drafts (<see cref="CardBudget.Measure"/>) and
    /// degrades them until they fit; what it finally sends must pass <see cref="CardBudget.EnsureDeliverable"/>.
    /// </summary>
    public JsonObject Draft(string name, JsonNode? data)
    {
        if (!_templates.TryGetValue(name, out var entry))
        {
            throw new KeyNotFoundException($"No card template '{name}'.");
        }
        var card = entry.Template.Expand(data) as JsonObject
                   ?? throw new InvalidDataException($"Card template '{name}' did not expand to a JSON object.");
        return entry.WalkFallbacks ? UniversalActions.WithSubmitFallbacks(card) : card;
    }
}
