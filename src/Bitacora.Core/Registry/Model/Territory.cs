using System.Globalization;

namespace Bitacora.Bot.Registry.Model;

/// <summary>How the territory's learning communities (CAETT) are organised, as agreed by the team.</summary>
public sealed record LearningCommunityOrganisation(
    string Representative,
    string MeetingFrequency,
    string MeetingRecords,
    string OtherAgreements)
{
    public static LearningCommunityOrganisation Empty { get; } = new("", "", "", "");
}

/// <summary>
/// A territory of a region and its technical team (JUNJI "Antecedentes del territorio y del ETT").
/// <see cref="UnitsByProgramme"/> is keyed by programme id and <see cref="StaffByDiscipline"/> by discipline id
/// (see <see cref="RegistryCatalog"/>); absent keys mean zero / nobody.
/// </summary>
public sealed record Territory(
    string RegionCode,
    string RegionName,
    int Number,
    string Name,
    IReadOnlyList<string> Communes,
    IReadOnlyDictionary<string, int> UnitsByProgramme,
    IReadOnlyDictionary<string, IReadOnlyList<string>> StaffByDiscipline,
    LearningCommunityOrganisation Organisation)
{
    /// <summary>"16-1": region code and territory number; the territory's key everywhere else.</summary>
    public string Id => TerritoryId.Format(RegionCode, Number);

    /// <summary>The storage ETag this value was read with; pass it back to update without overwriting someone else.</summary>
    public string? ETag { get; init; }

    public int TotalUnits => UnitsByProgramme.Values.Sum();

    public int TotalStaff => StaffByDiscipline.Values.Sum(n => n.Count);
}

public static class TerritoryId
{
    public static string Format(string regionCode, int number) =>
        regionCode + "-" + number.ToString(CultureInfo.InvariantCulture);

    /// <summary>"16-1" → ("16", 1). The region code is kept as written (two digits in canonical ids).</summary>
    public static bool TryParse(string? id, out string regionCode, out int number)
    {
        regionCode = "";
        number = 0;
        var parts = (id ?? "").Trim().Split('-');
        if (parts.Length != 2 || parts[0].Length is < 1 or > 2 || !parts[0].All(char.IsAsciiDigit)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out number) || number <= 0)
        {
            return false;
        }
        regionCode = parts[0].PadLeft(2, '0');
        return true;
    }

    /// <summary>The canonical form ("16-1", "07-3") of an id typed as "16-01" or "7-3"; null when malformed.</summary>
    public static string? Normalize(string? id) =>
        TryParse(id, out var region, out var number) ? Format(region, number) : null;
}
