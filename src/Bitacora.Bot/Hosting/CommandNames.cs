namespace Bitacora.Bot.Hosting;

/// <summary>
/// Every registered command's names (<see cref="BotCommandRegistration"/>), normalised, read without building a single
/// command: what the start-up check of the help list (<see cref="Welcome.HelpCards.EnsureKnownTo"/>) and the
/// <see cref="CommandRouter"/> both match against. Refuses two commands answering to one name, or a command with none.
/// </summary>
public sealed class CommandNames
{
    private readonly List<(string[] Words, BotCommandRegistration Command)> _names;

    public CommandNames(IEnumerable<BotCommandRegistration> registrations)
    {
        Registrations = registrations.ToList();
        if (Registrations.FirstOrDefault(r => r.Names.Count == 0) is { } unnamed)
        {
            throw new InvalidOperationException($"A command registration declares no name ({unnamed.Create.Method.DeclaringType?.Name}).");
        }
        // Longest first, so "nuevo compromiso" is not taken for a hypothetical "nuevo".
        _names = Registrations
            .SelectMany(r => r.Names.Select(n => (Words: CommandText.Normalize(n).Split(' '), Command: r)))
            .OrderByDescending(x => x.Words.Length)
            .ToList();
        var duplicate = _names.GroupBy(x => string.Join(' ', x.Words)).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two commands answer to '{duplicate.Key}'.");
        }
    }

    public IReadOnlyList<BotCommandRegistration> Registrations { get; }

    /// <summary>The registration one of whose names is <paramref name="name"/> (any spelling), or null.</summary>
    public BotCommandRegistration? Named(string name)
    {
        var key = CommandText.Normalize(name);
        return _names.FirstOrDefault(x => string.Join(' ', x.Words) == key).Command;
    }

    /// <summary>The registration whose longest name begins <paramref name="text"/>, and what follows that name.</summary>
    public (BotCommandRegistration Command, string Arguments)? Match(string text)
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
