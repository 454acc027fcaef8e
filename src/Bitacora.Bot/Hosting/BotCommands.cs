using Bitacora.Bot.Hosting.Authorization;
using Bitacora.BotFramework;

namespace Bitacora.Bot.Hosting;

/// <summary>A text command people type, e.g. "iniciar sesión". Feature folders implement it; the router finds it.</summary>
public interface IBotCommand
{
    /// <summary>The names that select the command, in any spelling: they are compared through <see cref="CommandText"/>.</summary>
    IReadOnlyList<string> Names { get; }

    /// <summary>
    /// Who may run it, on which scope (README "Security" → "Authorization model"). The router enforces it before
    /// <see cref="HandleAsync"/> runs; the handler finds the outcome in <see cref="CommandContext.Access"/>.
    /// </summary>
    AccessRule Rule { get; }

    Task HandleAsync(CommandContext context, CancellationToken cancellationToken);
}

/// <summary>The turn, plus what followed the command's name (original spelling kept: RBDs, dates, names).</summary>
public sealed record CommandContext(ITurnContext Turn, string Arguments)
{
    /// <summary>What the router checked: the sender, the scope and the object the rule's scope lookup found.</summary>
    public VerbAccess Access { get; init; } = VerbAccess.Unchecked;
}

/// <summary>
/// Finds the command for a message: the longest name whose words begin the message wins,
/// so "nuevo compromiso" is not taken for a hypothetical "nuevo".
/// </summary>
public sealed class CommandRouter
{
    private readonly List<(string[] Words, IBotCommand Command)> _names;

    public CommandRouter(IEnumerable<IBotCommand> commands)
    {
        _names = commands
            .SelectMany(c => c.Names.Select(n => (Words: CommandText.Normalize(n).Split(' '), Command: c)))
            .OrderByDescending(x => x.Words.Length)
            .ToList();
        var duplicate = _names.GroupBy(x => string.Join(' ', x.Words)).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two commands answer to '{duplicate.Key}'.");
        }
        Commands = commands.Distinct().ToList();
        if (Commands.FirstOrDefault(c => c.Rule is null) is { } unruled)
        {
            throw new InvalidOperationException($"Command '{(unruled.Names.Count > 0 ? unruled.Names[0] : null)}' ({unruled.GetType().Name}) declares no authorization rule.");
        }
    }

    public IReadOnlyList<IBotCommand> Commands { get; }

    /// <summary>
    /// The command one of whose declared <see cref="IBotCommand.Names"/> is <paramref name="name"/> (any spelling), or
    /// null. The names in C# are the one declaration: the help list and the Teams manifest only refer to them.
    /// </summary>
    public IBotCommand? Named(string name)
    {
        var key = CommandText.Normalize(name);
        return _names.FirstOrDefault(x => string.Join(' ', x.Words) == key).Command;
    }

    public (IBotCommand Command, string Arguments)? Match(string text)
    {
        var tokens = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var normalized = tokens.Select(CommandText.Normalize).ToArray();
        foreach (var (words, command) in _names)
        {
            if (TryMatch(normalized, words, out var consumed))
            {
                return (command, string.Join(' ', tokens.Skip(consumed)));
            }
        }
        return null;
    }

    /// <summary>Matches the command's words against the first tokens; a token may normalise to several words or none.</summary>
    private static bool TryMatch(string[] normalizedTokens, string[] words, out int consumedTokens)
    {
        var w = 0;
        consumedTokens = 0;
        for (var t = 0; t < normalizedTokens.Length && w < words.Length; t++)
        {
            if (normalizedTokens[t].Length == 0)
            {
                consumedTokens = t + 1;
                continue;
            }
            foreach (var part in normalizedTokens[t].Split(' '))
            {
                if (w >= words.Length || part != words[w])
                {
                    return false;
                }
                w++;
            }
            consumedTokens = t + 1;
        }
        return w == words.Length;
    }
}
