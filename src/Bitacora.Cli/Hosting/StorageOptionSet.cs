using System.CommandLine;

namespace Bitacora.Cli.Hosting;

/// <summary>--storage and --table-prefix, the same on every verb that reads or writes Table Storage.</summary>
public sealed class StorageOptionSet
{
    public Option<string?> Storage { get; } = new("--storage")
    {
        Description = CliTexts.Default["option.storage"],
        HelpName = "cadena",
    };

    public Option<string?> TablePrefix { get; } = new("--table-prefix")
    {
        Description = CliTexts.Default["option.tablePrefix"],
        HelpName = "prefijo",
    };

    public void AddTo(Command command)
    {
        command.Add(Storage);
        command.Add(TablePrefix);
    }

    public StorageSelection Read(ParseResult parse, bool readOnly = false) =>
        new(parse.GetValue(Storage), parse.GetValue(TablePrefix), readOnly);
}
