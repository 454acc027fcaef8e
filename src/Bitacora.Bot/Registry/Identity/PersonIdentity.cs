using Bitacora.Bot.Registry.Model;
using Bitacora.Bot.Registry.Storage;
using Bitacora.BotFramework;

namespace Bitacora.Bot.Registry.Identity;

/// <summary>
/// "Who is this person", whatever the source: an activity's <c>from</c> (Teams id, <c>aadObjectId</c>), a member of the
/// conversation (Teams id, <c>objectId</c>, email, UPN), a unit's directive contact (email, maybe an Entra id) or the
/// registry entry they all lead to. Every feature stores <see cref="Key"/> and finds a person under any of
/// <see cref="Keys"/>, so a person picked one way is found when they arrive another.
/// </summary>
public sealed record PersonIdentity(string Name, string? TeamsUserId, string? AadObjectId, string? Email, Person? Registry = null)
{
    /// <summary>
    /// The stable key: the registry email when the person is registered (the registry's own key), else the Entra object
    /// id, else the email, else the Teams id. Lower-case (Entra ids and emails compare case-insensitively).
    /// </summary>
    public string Key => PersonKeys.Canonical(Registry?.Email, AadObjectId, Email, TeamsUserId);

    /// <summary>Every key the person may have been recorded under, <see cref="Key"/> first.</summary>
    public IReadOnlyList<string> Keys => PersonKeys.All(Key, Registry?.Email, AadObjectId, Registry?.AadObjectId, Email,
        TeamsUserId, Registry?.TeamsUserId);

    /// <summary>True when Teams can address the person (a Teams user id, or an Entra id to start a 1:1 with).</summary>
    public bool IsReachable => TeamsUserId is not null || AadObjectId is not null;

    /// <summary>A member as the members API describes them (Entra id from <c>objectId</c> or <c>aadObjectId</c>).</summary>
    public static PersonIdentity? FromMember(TeamsChannelAccount member)
    {
        if (member.IsAnonymous || string.IsNullOrWhiteSpace(member.Id) || member.DisplayName is not { } name)
        {
            return null;
        }
        var email = new[] { member.Email, member.UserPrincipalName }.FirstOrDefault(e => !string.IsNullOrWhiteSpace(e) && e.Contains('@'));
        return new PersonIdentity(name, member.Id, Clean(member.EntraObjectId), Clean(email));
    }

    /// <summary>A unit's directive contact from the registry (maybe never seen in Teams).</summary>
    public static PersonIdentity FromContact(DirectiveContact contact) =>
        new(contact.Name, null, Clean(contact.AadObjectId), Clean(contact.Email));

    /// <summary>The sender of a turn, as resolved against the registry.</summary>
    public static PersonIdentity FromTurn(ResolvedIdentity identity) =>
        new(identity.Person?.Name ?? (string.IsNullOrWhiteSpace(identity.User.Name) ? "" : identity.User.Name!),
            Clean(identity.User.TeamsUserId) ?? identity.Person?.TeamsUserId,
            Clean(identity.User.AadObjectId) ?? identity.Person?.AadObjectId,
            Clean(identity.User.Email) ?? identity.Person?.Email,
            identity.Person);

    /// <summary>
    /// The sender as the activity alone names them (Teams id, Entra id, display name; no registry read): what
    /// <see cref="TurnIdentityExtensions.GetActorAsync"/> falls back to, and the key of a session participant.
    /// </summary>
    public static PersonIdentity FromActivity(Activity activity) =>
        FromTurn(new ResolvedIdentity(TurnIdentityService.UserOf(activity), null, IdentityMatch.NotFound, false));

    /// <summary>This identity completed with its registry entry (ids the entry knows fill the gaps).</summary>
    public PersonIdentity With(Person? registry) => registry is null ? this : this with
    {
        Registry = registry,
        TeamsUserId = TeamsUserId ?? registry.TeamsUserId,
        AadObjectId = AadObjectId ?? registry.AadObjectId,
        Email = Email ?? registry.Email,
        Name = Name.Length > 0 ? Name : registry.Name,
    };

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}

/// <summary>The key conventions of <see cref="PersonIdentity"/>, for code that holds loose ids.</summary>
public static class PersonKeys
{
    public static string Canonical(params string?[] candidates) =>
        candidates.Select(Normalize).FirstOrDefault(k => k is not null) ?? "desconocido";

    public static IReadOnlyList<string> All(params string?[] candidates) =>
        candidates.Select(Normalize).OfType<string>().Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Emails and Entra ids (GUIDs) lower-cased; Teams ids ("29:…") are case-sensitive and kept.</summary>
    public static string? Normalize(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return null;
        }
        var t = id.Trim();
        return t.Contains('@', StringComparison.Ordinal) || Guid.TryParse(t, out _) ? t.ToLowerInvariant() : t;
    }
}

/// <summary>
/// Completes a <see cref="PersonIdentity"/> with the registry: by Teams id, Entra id, then email. When the identity
/// carries Teams ids the registry entry lacks, they are linked there (through <see cref="RoleService"/>, the same
/// linking a first message does), so a person picked from a member list is reachable before they ever write.
/// </summary>
public sealed class PersonResolver(IPersonDirectory directory, RoleService roles, ILogger<PersonResolver> logger)
{
    public async Task<PersonIdentity> ResolveAsync(PersonIdentity hints, CancellationToken ct)
    {
        try
        {
            if (hints.TeamsUserId is { } teamsId)
            {
                var resolved = await roles.ResolveAsync(new TeamsUser(teamsId, hints.AadObjectId, hints.Name, hints.Email), ct).ConfigureAwait(false);
                return hints.With(resolved.Person);
            }
            var person = (hints.AadObjectId is { } aad ? await directory.FindByAadObjectIdAsync(aad, ct).ConfigureAwait(false) : null)
                         ?? (hints.Email is { } email ? await directory.FindByEmailAsync(email, ct).ConfigureAwait(false) : null);
            return hints.With(person);
        }
        catch (Azure.RequestFailedException e)
        {
            logger.LogWarning(e, "Could not look {Name} up in the registry", hints.Name);
            return hints;
        }
    }
}
