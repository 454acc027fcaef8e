namespace Bitacora.Bot.Commitments.Chat;

/// <summary>
/// A responsible person as a choice value of the form: "kind|teamsUserId|aadObjectId|email|name" (kind "m" = member
/// of the conversation, "c" = directive contact of the unit). The card carries the whole identity so the action needs
/// no second lookup; it only names someone the person could already pick in the chat.
/// </summary>
public static class ResponsibleChoice
{
    public static string Encode(string kind, string? teamsUserId, string? aadObjectId, string? email, string name) =>
        string.Join('|', kind, Clean(teamsUserId), Clean(aadObjectId), Clean(email), Clean(name));

    public static PersonRef? Decode(string? value)
    {
        var parts = (value ?? "").Split('|');
        if (parts.Length != 5 || parts[0] is not ("m" or "c") || string.IsNullOrWhiteSpace(parts[4]))
        {
            return null;
        }
        var teams = Empty(parts[1]);
        var aad = Empty(parts[2]);
        var email = Empty(parts[3]);
        var id = aad ?? email ?? teams;
        return id is null ? null : new PersonRef(id, parts[4], teams, aad);
    }

    private static string Clean(string? s) => (s ?? "").Replace('|', '/').Trim();

    private static string? Empty(string s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
