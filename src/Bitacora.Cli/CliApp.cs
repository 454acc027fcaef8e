using System.Reflection;

namespace Bitacora.Cli;

/// <summary>The console a command talks to; tests pass string readers and writers.</summary>
public sealed record CliConsole(TextReader In, TextWriter Out, TextWriter Error)
{
    public static CliConsole System { get; } = new(Console.In, Console.Out, Console.Error);
}

/// <summary>One verb of `bitacora`, e.g. "cards render". Each lives in its feature's folder under Commands/.</summary>
public interface ICliCommand
{
    /// <summary>The words that select the command, e.g. ["cards", "render"].</summary>
    IReadOnlyList<string> Path { get; }

    /// <summary>One line for `bitacora help`.</summary>
    string Summary { get; }

    /// <summary>Runs with the arguments after the command's words; returns the process exit code.</summary>
    Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken);
}

/// <summary>Dispatches `bitacora &lt;words&gt; [args]` to the command whose path matches the most words.</summary>
public sealed class CliApp(IReadOnlyList<ICliCommand> commands)
{
    /// <summary>Every <see cref="ICliCommand"/> in this assembly (each has a parameterless constructor).</summary>
    public static CliApp CreateDefault() => new(typeof(CliApp).Assembly.GetTypes()
        .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(ICliCommand).IsAssignableFrom(t)
                    && t.GetConstructor(Type.EmptyTypes) is not null)
        .Select(t => (ICliCommand)Activator.CreateInstance(t)!)
        .OrderBy(c => string.Join(' ', c.Path), StringComparer.Ordinal)
        .ToList());

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        var match = commands
            .Where(c => c.Path.Count <= args.Count && c.Path.Select((w, i) => w == args[i]).All(x => x))
            .MaxBy(c => c.Path.Count);
        if (match is null)
        {
            var wantsHelp = args.Count == 0 || args[0] is "help" or "--help" or "-h";
            await PrintHelpAsync(wantsHelp ? console.Out : console.Error, wantsHelp ? null : args);
            return wantsHelp ? 0 : 1;
        }
        try
        {
            return await match.RunAsync(args.Skip(match.Path.Count).ToList(), console, cancellationToken);
        }
        catch (CliUsageException e)
        {
            await console.Error.WriteLineAsync($"bitacora {string.Join(' ', match.Path)}: {e.Message}");
            return 1;
        }
    }

    private async Task PrintHelpAsync(TextWriter writer, IReadOnlyList<string>? unknown)
    {
        if (unknown is not null)
        {
            await writer.WriteLineAsync($"Unknown command: {string.Join(' ', unknown)}");
        }
        await writer.WriteLineAsync("Usage: bitacora <command> [options]");
        await writer.WriteLineAsync();
        foreach (var c in commands)
        {
            await writer.WriteLineAsync($"  {string.Join(' ', c.Path),-24} {c.Summary}");
        }
    }
}

/// <summary>Thrown by a command for a bad argument; printed as one clear line with exit code 1.</summary>
public sealed class CliUsageException(string message) : Exception(message);
