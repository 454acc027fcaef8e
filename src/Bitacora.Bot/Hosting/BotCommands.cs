using Bitacora.Bot.Hosting.Authorization;
using Bitacora.BotFramework;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bitacora.Bot.Hosting;

/// <summary>
/// A text command people type, e.g. "iniciar sesión". Feature folders implement it and register it with
/// <see cref="BotCommandServiceCollectionExtensions.AddBotCommand{T}"/>; the router finds it by the names the class
/// declares (<see cref="IBotCommandNames"/>).
/// </summary>
public interface IBotCommand
{
    /// <summary>
    /// Who may run it, on which scope (README "Security" → "Authorization model"). The router enforces it before
    /// <see cref="HandleAsync"/> runs; the handler finds the outcome in <see cref="CommandContext.Access"/>.
    /// </summary>
    AccessRule Rule { get; }

    Task HandleAsync(CommandContext context, CancellationToken cancellationToken);
}

/// <summary>
/// The names that select a command class, in any spelling (compared through <see cref="CommandText"/>) — the one
/// declaration of a command's names: the help list (Content/Texts/commands.json) and the Teams manifest only refer to
/// them. Static, so they are read without building the command (issue 16: the start-up check of commands.json no
/// longer builds every command and the object graph behind them).
/// </summary>
public interface IBotCommandNames
{
    static abstract IReadOnlyList<string> Names { get; }
}

/// <summary>One registered command: the names that select it (first = the name logs and refusals use) and how to build it.</summary>
public sealed record BotCommandRegistration(IReadOnlyList<string> Names, Func<IServiceProvider, IBotCommand> Create);

/// <summary>The turn, plus what followed the command's name (original spelling kept: RBDs, dates, names).</summary>
public sealed record CommandContext(ITurnContext Turn, string Arguments)
{
    /// <summary>What the router checked: the sender, the scope and the object the rule's scope lookup found.</summary>
    public VerbAccess Access { get; init; } = VerbAccess.Unchecked;
}

public static class BotCommandServiceCollectionExtensions
{
    /// <summary>Registers <typeparamref name="T"/> (a singleton, built when the router is — the first message) under its static names.</summary>
    public static IServiceCollection AddBotCommand<T>(this IServiceCollection services)
        where T : class, IBotCommand, IBotCommandNames
    {
        services.TryAddSingleton<T>();
        return services.AddBotCommand(T.Names, sp => sp.GetRequiredService<T>());
    }

    /// <summary>
    /// Registers a command built by <paramref name="create"/> under <paramref name="names"/> — for a class that serves
    /// several commands (one instance per kind); the names still come from the class (e.g. <c>LogbookCommand.NamesOf(kind)</c>).
    /// </summary>
    public static IServiceCollection AddBotCommand(this IServiceCollection services, IReadOnlyList<string> names,
        Func<IServiceProvider, IBotCommand> create)
    {
        services.AddSingleton(new BotCommandRegistration(names, create));
        return services;
    }
}

/// <summary>What <see cref="CommandRouter.Match"/> found: the command, its first declared name, and the rest of the text.</summary>
public sealed record CommandMatch(IBotCommand Command, string Name, string Arguments);

/// <summary>
/// Finds the command for a message (<see cref="CommandNames"/>: the longest name whose words begin the message wins)
/// and builds it the first time it is matched — not at start-up, and not the others: an idle bot, or one whose people
/// only ever type «iniciar sesión», does not carry every command and the object graph behind it (issue 16).
/// </summary>
public sealed class CommandRouter
{
    private readonly CommandNames _names;
    private readonly Dictionary<BotCommandRegistration, Lazy<IBotCommand>> _commands = new(ReferenceEqualityComparer.Instance);

    public CommandRouter(CommandNames names, IServiceProvider services)
    {
        _names = names;
        foreach (var registration in names.Registrations)
        {
            _commands.Add(registration, new Lazy<IBotCommand>(() => Build(registration, services), LazyThreadSafetyMode.ExecutionAndPublication));
        }
    }

    /// <summary>Every registered command, built (AuthorizationMatrixTests walks them all).</summary>
    public IReadOnlyList<IBotCommand> Commands => _commands.Values.Select(c => c.Value).Distinct().ToList();

    /// <summary>
    /// The command one of whose declared names (<see cref="IBotCommandNames"/>) is <paramref name="name"/> (any
    /// spelling), or null.
    /// </summary>
    public IBotCommand? Named(string name) => _names.Named(name) is { } registration ? _commands[registration].Value : null;

    /// <summary>The first name <paramref name="command"/> was registered under.</summary>
    public string NameOf(IBotCommand command) =>
        _commands.First(c => c.Value.IsValueCreated && ReferenceEquals(c.Value.Value, command)).Key.Names[0];

    public CommandMatch? Match(string text) =>
        _names.Match(text) is { } match ? new CommandMatch(_commands[match.Command].Value, match.Command.Names[0], match.Arguments) : null;

    private static IBotCommand Build(BotCommandRegistration registration, IServiceProvider services)
    {
        var command = registration.Create(services);
        return command.Rule is null
            ? throw new InvalidOperationException($"Command '{registration.Names[0]}' ({command.GetType().Name}) declares no authorization rule.")
            : command;
    }
}
