using System.Collections.Frozen;
using System.Text.Json.Nodes;
using Bitacora.Cards;

namespace Bitacora.Bot.Cards;

/// <summary>
/// The card templates of Content/Cards, parsed once at start-up (a broken template stops the bot with its file name)
/// and expanded per message.
/// </summary>
public sealed class CardCatalog
{
    private readonly FrozenDictionary<string, AdaptiveCardTemplate> _templates;

    private CardCatalog(FrozenDictionary<string, AdaptiveCardTemplate> templates) => _templates = templates;

    public static CardCatalog Load(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"Card templates folder not found: {folder}");
        }
        var templates = new Dictionary<string, AdaptiveCardTemplate>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            try
            {
                templates[Path.GetFileNameWithoutExtension(file)] = AdaptiveCardTemplate.Parse(File.ReadAllText(file));
            }
            catch (Exception e) when (e is TemplateException or System.Text.Json.JsonException)
            {
                throw new InvalidDataException($"Card template {file}: {e.Message}", e);
            }
        }
        return new CardCatalog(templates.ToFrozenDictionary(StringComparer.Ordinal));
    }

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
        if (!_templates.TryGetValue(name, out var template))
        {
            throw new KeyNotFoundException($"No card template '{name}'.");
        }
        var card = template.Expand(data) as JsonObject
                   ?? throw new InvalidDataException($"Card template '{name}' did not expand to a JSON object.");
        return UniversalActions.WithSubmitFallbacks(card);
    }
}
