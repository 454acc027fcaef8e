using Azure.Data.Tables;
using Bitacora.Bot.Storage;

namespace Bitacora.Cli.Commands.Export;

/// <summary>
/// The options every `bitacora export …` verb reads, parsed once: the verb's own options ("--territory", "--session", …)
/// plus the common ones, --out FILE, --storage CS (default: Storage__ConnectionString, else Azurite's development
/// storage) and --table-prefix P (default: Storage__TablePrefix). An unknown option or a missing value is a usage error.
/// </summary>
public sealed class ExportArguments
{
    private static readonly string[] Common = ["--out", "--storage", "--table-prefix"];
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    private ExportArguments() { }

    /// <summary>Parses <paramref name="args"/>; <paramref name="usage"/> is the line shown after an unknown option.</summary>
    public static ExportArguments Parse(IReadOnlyList<string> args, IReadOnlyCollection<string> options, string usage)
    {
        var parsed = new ExportArguments();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (!options.Contains(name) && !Common.Contains(name))
            {
                throw new CliUsageException($"Opción desconocida: {name}. Uso: {usage}");
            }
            if (i + 1 >= args.Count) throw new CliUsageException($"Falta el valor de {name}.");
            parsed._values[name] = args[++i];
        }
        return parsed;
    }

    /// <summary>The value given for <paramref name="option"/> (e.g. "--territory"), or null.</summary>
    public string? this[string option] => _values.GetValueOrDefault(option);

    public string? Output => this["--out"];

    /// <summary>The value of a required option, or a usage error with <paramref name="hint"/>.</summary>
    public string Required(string option, string hint) =>
        string.IsNullOrWhiteSpace(this[option]) ? throw new CliUsageException(hint) : this[option]!;

    /// <summary>The tables the bot uses (same connection and prefix rules as the bot's Storage options).</summary>
    public TableClientProvider Tables()
    {
        var storage = this["--storage"] ?? Environment.GetEnvironmentVariable("Storage__ConnectionString");
        var prefix = this["--table-prefix"] ?? Environment.GetEnvironmentVariable("Storage__TablePrefix");
        return new TableClientProvider(new TableServiceClient(string.IsNullOrWhiteSpace(storage) ? "UseDevelopmentStorage=true" : storage), prefix ?? "");
    }

    /// <summary>Content/ next to the binaries (guides, texts), as the bot reads it.</summary>
    public static string ContentFolder => Path.Combine(AppContext.BaseDirectory, "Content");
}
