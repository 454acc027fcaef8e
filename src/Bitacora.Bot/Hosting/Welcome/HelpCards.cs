using System.Text.Json.Nodes;
using Bitacora.Bot.Cards;

namespace Bitacora.Bot.Hosting.Welcome;

/// <summary>Builds the welcome and help cards from their templates and the command list (Content/Texts/commands.json).</summary>
public sealed class HelpCards(CardCatalog cards, JsonObject commandList)
{
    public const string WelcomeTemplate = "welcome";
    public const string HelpTemplate = "help";

    public static JsonObject LoadCommandList(string path) =>
        JsonNode.Parse(File.ReadAllText(path)) as JsonObject
        ?? throw new InvalidDataException($"{path}: expected a JSON object with 'groups'.");

    /// <summary>Every name the help list shows (Content/Texts/commands.json).</summary>
    public IEnumerable<string> CommandNames =>
        (commandList["groups"] as JsonArray ?? []).SelectMany(g => g?["commands"] as JsonArray ?? [])
            .Select(c => c?["name"]?.GetValue<string>() ?? "");

    /// <summary>Throws naming the first name of the help list that no registered command declares (no command is built).</summary>
    public void EnsureKnownTo(CommandNames commands)
    {
        if (CommandNames.FirstOrDefault(n => commands.Named(n) is null) is { } unknown)
        {
            throw new InvalidDataException($"Content/Texts/commands.json: «{unknown}» is not the name of any command (IBotCommandNames.Names).");
        }
    }

    public JsonObject Welcome(string? userName) =>
        cards.Render(WelcomeTemplate, new JsonObject { ["userName"] = FirstName(userName) });

    public JsonObject Help(string? intro)
    {
        var data = new JsonObject
        {
            ["intro"] = intro ?? "",
            ["groups"] = commandList["groups"]?.DeepClone(),
        };
        return cards.Render(HelpTemplate, data);
    }

    // "Alex Wilber" → "Alex": a greeting by first name reads naturally in Spanish.
    private static string FirstName(string? name) =>
        string.IsNullOrWhiteSpace(name) ? "" : name.Trim().Split(' ', 2)[0];
}
