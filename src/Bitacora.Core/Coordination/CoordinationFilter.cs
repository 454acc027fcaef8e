using System.Text.RegularExpressions;
using Bitacora.Bot.Hosting;
using Bitacora.Bot.Registry.Identifiers;
using Bitacora.Bot.Registry.Model;

namespace Bitacora.Bot.Coordination;

/// <summary>
/// What a coordinator typed after the command, before it is checked against the registry. Each part is optional;
/// the defaults (the person's territory or region, the current semester) are applied by <see cref="CoordinationScopeResolver"/>.
/// </summary>
public sealed record FilterRequest(string? TerritoryId, string? RegionCode, UnitCode? Unit, ReportPeriod? Period)
{
    public static FilterRequest Empty { get; } = new(null, null, null, null);
}

/// <summary>The parse result: the request, or the Spanish reason with examples.</summary>
public sealed record FilterParse(FilterRequest? Request, string? Error);

/// <summary>
/// Forgiving parser of coordination filters. Accepted (any order, accents and case ignored):
/// <c>territorio 16-1</c> (also a bare <c>16-1</c>), <c>región 16</c>, <c>unidad rbd 41201-5</c> / <c>unidad junji 16101001</c>
/// (also bare <c>rbd 41201-5</c>, <c>rbd:41201</c>), <c>periodo 2026</c> / <c>periodo 2026-1</c> (also <c>semestre 2026-2</c>,
/// <c>año 2026</c> or a bare <c>2026-1</c>). A unit excludes a territory or region; territory and region exclude each other.
/// </summary>
public static partial class CoordinationFilterParser
{
    [GeneratedRegex(@"^\d{1,2}-\d{1,2}$", RegexOptions.CultureInvariant)]
    private static partial Regex TerritoryPattern();

    [GeneratedRegex(@"^\d{4}([-/_]s?[12])?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex PeriodPattern();

    public static FilterParse Parse(string? arguments, CoordinationTexts texts)
    {
        var tokens = (arguments ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(t => t.Trim(',', ';', '.')).Where(t => t.Length > 0).ToList();
        string? territory = null, region = null;
        UnitCode? unit = null;
        ReportPeriod? period = null;
        for (var i = 0; i < tokens.Count; i++)
        {
            var word = CommandText.Normalize(tokens[i]);
            string? Next() => i + 1 < tokens.Count ? tokens[++i] : null;
            switch (word)
            {
                case "de" or "del" or "la" or "el" or "en":
                    continue;
                case "territorio" or "terr" or "t":
                    var t = Next();
                    if (TerritoryId.Normalize(t) is not { } tid) return Fail(texts, CoordinationTexts.BadTerritory, t);
                    territory = tid;
                    continue;
                case "region" or "reg":
                    var r = Next();
                    if (r is null || r.Length is < 1 or > 2 || !r.All(char.IsAsciiDigit)) return Fail(texts, CoordinationTexts.BadRegion, r);
                    region = r.PadLeft(2, '0');
                    continue;
                case "unidad" or "u" or "establecimiento" or "jardin":
                    var kind = Next();
                    if (kind is null) return Fail(texts, CoordinationTexts.BadUnit, null);
                    if (UnitCode.TryParse(kind, out var direct))
                    {
                        unit = direct;
                        continue;
                    }
                    var code = Next();
                    if (!UnitCode.TryParse(kind + " " + code, out var parsed)) return Fail(texts, CoordinationTexts.BadUnit, (kind + " " + code).Trim());
                    unit = parsed;
                    continue;
                case "rbd" or "junji":
                    var value = Next();
                    if (!UnitCode.TryParse(word + " " + value, out var bare)) return Fail(texts, CoordinationTexts.BadUnit, (tokens[i - (value is null ? 0 : 1)] + " " + value).Trim());
                    unit = bare;
                    continue;
                case "periodo" or "semestre" or "ano" or "p":
                    var p = Next();
                    if (!ReportPeriod.TryParse(p, out var rp)) return Fail(texts, CoordinationTexts.BadPeriod, p);
                    period = rp;
                    continue;
            }
            if (UnitCode.TryParse(tokens[i], out var colon))
            {
                unit = colon;
            }
            else if (PeriodPattern().IsMatch(tokens[i]) && ReportPeriod.TryParse(tokens[i], out var bp))
            {
                period = bp;
            }
            else if (TerritoryPattern().IsMatch(tokens[i]))
            {
                territory = TerritoryId.Normalize(tokens[i]);
            }
            else
            {
                return Fail(texts, CoordinationTexts.UnknownFilter, tokens[i]);
            }
        }
        if ((unit is not null && (territory is not null || region is not null)) || (territory is not null && region is not null))
        {
            return new FilterParse(null, texts.Format(CoordinationTexts.TooManyScopes) + "\n\n" + texts[CoordinationTexts.FilterExamples]);
        }
        return new FilterParse(new FilterRequest(territory, region, unit, period), null);
    }

    private static FilterParse Fail(CoordinationTexts texts, string key, string? value) =>
        new(null, texts.Format(key, value ?? "") + "\n\n" + texts[CoordinationTexts.FilterExamples]);
}
