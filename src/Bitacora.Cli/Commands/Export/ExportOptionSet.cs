using System.CommandLine;
using Bitacora.Bot.Coordination;
using Bitacora.Bot.Registry.Identifiers;
using Bitacora.Bot.Registry.Identity;
using Bitacora.Bot.Registry.Model;
using Bitacora.Bot.Registry.Storage;
using Bitacora.Cli.Hosting;

namespace Bitacora.Cli.Commands.Export;

/// <summary>
/// The options of every `bitacora export …` verb, declared and read one way: the scope (--territory, --region,
/// --unit), --period, --out, --format and the storage options. A verb adds the ones it takes.
/// </summary>
public sealed class ExportOptionSet
{
    private static CliTexts Texts => CliTexts.Default;

    public Option<string?> Territory { get; } = new("--territory") { Description = Texts["option.export.territory"], HelpName = "16-1" };

    public Option<string?> Region { get; } = new("--region") { Description = Texts["option.export.region"], HelpName = "16" };

    public Option<string?> Unit { get; } = new("--unit") { Description = Texts["option.export.unit"], HelpName = "rbd:41201" };

    public Option<string?> Period { get; } = new("--period") { Description = Texts["option.export.period"], HelpName = "2026-1" };

    public Option<string?> Out { get; } = new("--out") { Description = Texts["option.export.out"], HelpName = "archivo" };

    public Option<string?> Format { get; } = new Option<string?>("--format") { Description = Texts["option.export.format"] }
        .AcceptOnlyFromAmong("xlsx", "csv");

    public StorageOptionSet Storage { get; } = new();

    /// <summary>The options a verb takes (--out and the storage options always).</summary>
    public Command Add(Command command, ExportTakes takes)
    {
        if (takes.HasFlag(ExportTakes.Territory))
        {
            command.Add(Territory);
        }
        if (takes.HasFlag(ExportTakes.AnyScope))
        {
            command.Add(Region);
            command.Add(Unit);
        }
        if (takes.HasFlag(ExportTakes.Period))
        {
            command.Add(Period);
        }
        command.Add(Out);
        if (takes.HasFlag(ExportTakes.Format))
        {
            command.Add(Format);
        }
        Storage.AddTo(command);
        return command;
    }

    /// <summary>--territory, normalised (16-01 → 16-1); a usage error when missing or malformed.</summary>
    public string RequiredTerritory(ParseResult parse) =>
        TerritoryId.Normalize(parse.GetValue(Territory)) ?? throw new CliUsageException(Texts["error.export.territory"]);

    /// <summary>--out; a usage error when missing.</summary>
    public string RequiredOut(ParseResult parse, string example) =>
        parse.GetValue(Out) is { Length: > 0 } path ? path : throw new CliUsageException(Texts.Format("error.export.out", example));

    /// <summary>--period parsed, or null (the caller's default).</summary>
    public ReportPeriod? ReportPeriod(ParseResult parse)
    {
        if (parse.GetValue(Period) is not { } text)
        {
            return null;
        }
        return Bot.Coordination.ReportPeriod.TryParse(text, out var period)
            ? period
            : throw new CliUsageException(Texts.Format("error.export.period", text));
    }

    /// <summary>A usage error unless exactly one of --territory, --region, --unit is given.</summary>
    public void EnsureOneScope(ParseResult parse)
    {
        if (new[] { parse.GetValue(Territory), parse.GetValue(Region), parse.GetValue(Unit) }.Count(x => x is not null) != 1)
        {
            throw new CliUsageException(Texts["error.export.scope"]);
        }
    }

    /// <summary>Exactly one of --territory, --region, --unit, resolved against the registry (unknown = data error).</summary>
    public async Task<(List<Territory> Territories, Unit? Unit, AccessScope Access)> ResolveScopeAsync(ParseResult parse,
        TerritoryStore territories, UnitStore units, CancellationToken ct)
    {
        EnsureOneScope(parse);
        var (territory, region, unit) = (parse.GetValue(Territory), parse.GetValue(Region), parse.GetValue(Unit));
        if (unit is not null)
        {
            if (!UnitCode.TryParse(unit, out var code) || await units.GetAsync(code, ct) is not { } found)
            {
                throw new CliDataException(Texts.Format("error.export.noUnit", unit));
            }
            var t = await territories.GetAsync(found.TerritoryId, ct)
                    ?? throw new CliDataException(Texts.Format("error.export.noTerritory", found.TerritoryId));
            return ([t], found, AccessScope.Unit(found.Code.Id, found.TerritoryId));
        }
        if (territory is not null)
        {
            var t = await territories.GetAsync(TerritoryId.Normalize(territory) ?? territory, ct)
                    ?? throw new CliDataException(Texts.Format("error.export.noTerritory", territory));
            return ([t], null, AccessScope.Territory(t.Id));
        }
        var regionCode = region!.PadLeft(2, '0');
        var list = (await territories.ListByRegionAsync(regionCode, ct)).OrderBy(t => t.Number).ToList();
        return list.Count == 0
            ? throw new CliDataException(Texts.Format("error.export.noRegion", region))
            : (list, null, AccessScope.Region(regionCode));
    }
}

/// <summary>Which of the shared export options a verb takes.</summary>
[Flags]
public enum ExportTakes
{
    None = 0,
    Territory = 1,

    /// <summary>--region and --unit as alternatives to --territory.</summary>
    AnyScope = 2 | Territory,
    Period = 4,
    Format = 8,
}
