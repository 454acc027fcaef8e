using Bitacora.Bot.Registry.Identity;

namespace Bitacora.Bot.Commitments.Chat;

/// <summary>
/// A responsible person as a choice value of the form: "kind|teamsUserId|entraObjectId|email|name[|unit]" (kind "m" =
/// member of the conversation, "c" = directive contact of the unit, which then follows). The card carries the identity hints; the action completes
/// them with the registry (<see cref="PersonResolver"/>) before storing.
/// </summary>
public static class ResponsibleChoice
{
    public static string Encode(string kind, PersonIdentity person, string? unit = null) =>
        string.Join('|', kind, Clean(person.TeamsUserId), Clean(person.AadObjectId), Clean(person.Email), Clean(person.Name))
        + (unit is null ? "" : "|" + Clean(unit));

    /// <summary>The unit a directive-contact choice belongs to; null for members.</summary>
    public static string? UnitOf(string? value) =>
        (value ?? "").Split('|') is { Length: 6 } parts && parts[0] == "c" ? Empty(parts[5]) : null;

    public static PersonIdentity? Decode(string? value)
    {
        var parts = (value ?? "").Split('|');
        if (parts.Length is not (5 or 6) || parts[0] is not ("m" or "c") || string.IsNullOrWhiteSpace(parts[4]))
        {
            return null;
        }
        var person = new PersonIdentity(parts[4], Empty(parts[1]), Empty(parts[2]), Empty(parts[3]));
        return person.TeamsUserId is null && person.AadObjectId is null && person.Email is null ? null : person;
    }

    /// <summary>The kind letter of a choice value ("m" or "c"), or null.</summary>
    public static string? KindOf(string? value) => value is { Length: > 1 } v && v[1] == '|' ? v[..1] : null;

    private static string Clean(string? s) => (s ?? "").Replace('|', '/').Trim();

    private static string? Empty(string s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
