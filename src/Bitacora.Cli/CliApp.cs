using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Globalization;
using Bitacora.Cli.Hosting;

namespace Bitacora.Cli;

/// <summary>The console a command talks to; tests pass string readers and writers (and no progress bars).</summary>
public sealed record CliConsole(TextReader In, TextWriter Out, TextWriter Error, bool Interactive = false)
{
    /// <summary>The process console; progress bars only when neither output is redirected.</summary>
    public static CliConsole System { get; } = new(Console.In, Console.Out, Console.Error,
        Interactive: !Console.IsOutputRedirected && !Console.IsErrorRedirected);
}

/// <summary>One verb of `bitacora`, e.g. "cards render". Each lives in its feature's folder under Commands/.</summary>
public interface ICliCommand
{
    /// <summary>The words that select the command, e.g. ["cards", "render"]: a group and the verb.</summary>
    IReadOnlyList<string> Path { get; }

    /// <summary>The verb (named <c>Path[^1]</c>) with its arguments, options, Spanish help and action.</summary>
    Command Build(CliConsole console);
}

/// <summary>
/// `bitacora`: a System.CommandLine tree built from the <see cref="ICliCommand"/>s (groups from their paths), Spanish
/// help on every verb, --version, and one exit-code policy (<see cref="ExitCodes"/>): usage errors, data errors,
/// unreachable storage and unexpected failures each end in one Spanish line on stderr, never a stack trace.
/// </summary>
public sealed class CliApp(IReadOnlyList<ICliCommand> commands)
{
    /// <summary>Every <see cref="ICliCommand"/> in this assembly (each has a parameterless constructor).</summary>
    public static CliApp CreateDefault() => new(typeof(CliApp).Assembly.GetTypes()
        .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(ICliCommand).IsAssignableFrom(t)
                    && t.GetConstructor(Type.EmptyTypes) is not null)
        .Select(t => (ICliCommand)Activator.CreateInstance(t)!)
        .OrderBy(c => string.Join(' ', c.Path), StringComparer.Ordinal)
        .ToList());

    /// <summary>The whole command tree (tests walk it to check every verb's help).</summary>
    public Command BuildRoot(CliConsole console)
    {
        var texts = CliTexts.Default;
        // Not a RootCommand: that one takes its name and version from the entry assembly (a test host, in tests).
        var root = new Command("bitacora", texts["root.description"])
        {
            new HelpOption(),
            new VersionOption { Action = new PrintVersion() },
        };
        root.SetAction(parse => WriteHelp(parse, console));
        foreach (var command in commands)
        {
            Command parent = root;
            foreach (var word in command.Path.SkipLast(1))
            {
                var group = parent.Subcommands.FirstOrDefault(c => c.Name == word);
                if (group is null)
                {
                    group = new Command(word, texts.TryGet("group." + word) ?? word);
                    parent.Add(group);
                }
                parent = group;
            }
            parent.Add(command.Build(console));
        }
        return root;
    }

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        // System.CommandLine's own words (Uso:, Opciones:, its parse errors) follow the UI culture: Spanish, always.
        CultureInfo.CurrentUICulture = CliTexts.Culture;
        CultureInfo.CurrentCulture = CliTexts.Culture;
        var texts = CliTexts.Default;
        var parse = BuildRoot(console).Parse(args);
        var verb = VerbName(parse.CommandResult.Command);
        if (parse.Action is ParseErrorAction)
        {
            await console.Error.WriteLineAsync(texts.Format("error.usage", verb, parse.Errors[0].Message));
            await console.Error.WriteLineAsync(texts.Format("error.usageHint", verb));
            return ExitCodes.Usage;
        }
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration
            {
                Output = console.Out,
                Error = console.Error,
                EnableDefaultExceptionHandler = false,
            }, cancellationToken);
        }
        catch (CliUsageException e)
        {
            await console.Error.WriteLineAsync(texts.Format("error.usage", verb, e.Message));
            return ExitCodes.Usage;
        }
        catch (CliDataException e)
        {
            await console.Error.WriteLineAsync(texts.Format("error.usage", verb, e.Message));
            return ExitCodes.Data;
        }
        catch (Exception e) when (StorageFailure.Describe(e) is { } reason)
        {
            await console.Error.WriteLineAsync(texts.Format("error.storage", verb, reason));
            return ExitCodes.StorageUnreachable;
        }
        catch (OperationCanceledException)
        {
            await console.Error.WriteLineAsync(texts.Format("error.cancelled", verb));
            return ExitCodes.Cancelled;
        }
        catch (Exception e)
        {
            // A bug or an unforeseen environment: one line, with the type so it can be reported; no stack trace.
            await console.Error.WriteLineAsync(texts.Format("error.unexpected", verb, e.GetType().Name, e.Message.Split('\n')[0]));
            return ExitCodes.Unexpected;
        }
    }

    private static int WriteHelp(ParseResult parse, CliConsole console)
    {
        var help = parse.RootCommandResult.Command.Options.OfType<HelpOption>().First();
        return ((SynchronousCommandLineAction)help.Action!).Invoke(parse);
    }

    /// <summary>"bitacora units import" for the units import verb.</summary>
    internal static string VerbName(Command command)
    {
        var words = new List<string>();
        for (var c = command; c is not null; c = c.Parents.OfType<Command>().FirstOrDefault())
        {
            words.Insert(0, c.Name);
        }
        return string.Join(' ', words);
    }

    /// <summary>`bitacora --version`: this assembly's informational version (x.y.z+commit).</summary>
    private sealed class PrintVersion : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            var assembly = typeof(CliApp).Assembly;
            var version = assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
                .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion
                ?? assembly.GetName().Version!.ToString();
            parseResult.InvocationConfiguration.Output.WriteLine(version);
            return ExitCodes.Ok;
        }
    }
}

/// <summary>A bad argument or option: one clear Spanish line, exit code <see cref="ExitCodes.Usage"/>.</summary>
public sealed class CliUsageException(string message) : Exception(message);

/// <summary>The input data or the stored data do not allow the operation: exit code <see cref="ExitCodes.Data"/>.</summary>
public sealed class CliDataException(string message) : Exception(message);
