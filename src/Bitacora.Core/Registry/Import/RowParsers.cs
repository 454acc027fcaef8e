using System.Globalization;
using Bitacora.Bot.Registry.Identifiers;
using Bitacora.Bot.Registry.Model;
using Bitacora.Bot.Registry.Storage;

namespace Bitacora.Bot.Registry.Import;

/// <summary>What a parser needs to validate references; lookups are cached per import run.</summary>
internal sealed class ParseContext(RegistryCatalog catalog, RegistryTexts texts, TerritoryStore territories, UnitStore units)
{
    private readonly Dictionary<string, Territory?> _territories = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> _units = new(StringComparer.Ordinal);

    public RegistryCatalog Catalog => catalog;

    public string Text(string key, params (string, object?)[] args) => texts.Format(key, args);

    public async Task<Territory?> TerritoryAsync(string id, CancellationToken ct)
    {
        if (!_territories.TryGetValue(id, out var t))
        {
            t = await territories.GetAsync(id, ct).ConfigureAwait(false);
            _territories[id] = t;
        }
        return t;
    }

    public async Task<bool> UnitExistsAsync(UnitCode code, CancellationToken ct)
    {
        if (!_units.TryGetValue(code.Id, out var exists))
        {
            exists = await units.GetAsync(code, ct).ConfigureAwait(false) is not null;
            _units[code.Id] = exists;
        }
        return exists;
    }
}

/// <summary>Turns one CSV row into a registry value, or into the list of reasons it is invalid.</summary>
internal interface IRowParser<T>
{
    CsvSchema Schema { get; }

    string KeyOf(T value);

    Task<(T? Value, IReadOnlyList<string> Errors)> ParseAsync(CsvRow row, ParseContext context, CancellationToken ct);
}

internal static class ColumnNames
{
    public const string UnitsPrefix = "units_";
    public const string StaffPrefix = "staff_";
}

internal static class AadIds
{
    /// <summary>
    /// Entra ID object ids are GUIDs; the Agents Playground uses GUID-like ids of other lengths
    /// ("00000000-0000-0000-0000-0000000000020"), so any run of hex digits and dashes is accepted.
    /// </summary>
    public static bool IsPlausible(string id) =>
        id.Length is >= 8 and <= 64 && id.All(c => char.IsAsciiHexDigit(c) || c == '-');
}

internal static class Emails
{
    /// <summary>A deliberately plain check (one @, something on each side, a dot in the domain, no spaces).</summary>
    public static bool IsValid(string email)
    {
        var e = email.Trim();
        var at = e.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at == e.LastIndexOf('@') && at < e.Length - 1
               && e.IndexOf('.', at) > at + 1 && !e.EndsWith('.') && !e.Any(char.IsWhiteSpace);
    }
}
