using Bitacora.Bot.Registry.Model;
using Bitacora.Bot.Registry.Storage;

namespace Bitacora.Bot.Registry.Identity;

/// <summary>The user of a turn as the activity describes them (from.id, from.aadObjectId, from.name; email if known).</summary>
public sealed record TeamsUser(string TeamsUserId, string? AadObjectId, string? Name, string? Email = null);

public enum IdentityMatch
{
    NotFound,

    /// <summary>The Teams user id was already linked to a registry entry.</summary>
    TeamsUserId,
    AadObjectId,

    /// <summary>Matched by the email the activity carried.</summary>
    Email,

    /// <summary>Matched by the mail or UPN Microsoft Graph returned for the AAD object id.</summary>
    DirectoryEmail,
}

/// <summary>Who the turn's user is in the registry, and what they may do.</summary>
public sealed record ResolvedIdentity(TeamsUser User, Person? Person, IdentityMatch Match, bool LinkedNow)
{
    public PersonRoles Roles => Person?.Roles ?? PersonRoles.None;

    public bool IsKnown => Person is not null;

    /// <summary>The sender as a <see cref="PersonIdentity"/>: the one shape every feature keys people by.</summary>
    public PersonIdentity ToPerson() => PersonIdentity.FromTurn(this);
}

/// <summary>
/// Finds the registry entry of a Teams user — by Teams user id (already linked), AAD object id, the activity's email,
/// or the mail/UPN Microsoft Graph knows for the AAD object id — and links it the first time, so later turns are a
/// single point read. An entry that already holds a different AAD object id is never re-linked by email.
/// </summary>
public sealed class RoleService(IPersonDirectory directory, IUserProfileLookup profiles, ILogger<RoleService> logger)
{
    public async Task<ResolvedIdentity> ResolveAsync(TeamsUser user, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var linked = await directory.FindByTeamsUserIdAsync(user.TeamsUserId, ct).ConfigureAwait(false);
        if (linked is not null && (user.AadObjectId is null || linked.AadObjectId is null
                                   || string.Equals(linked.AadObjectId, user.AadObjectId, StringComparison.OrdinalIgnoreCase)))
        {
            return new ResolvedIdentity(user, linked, IdentityMatch.TeamsUserId, false);
        }

        if (!string.IsNullOrWhiteSpace(user.AadObjectId))
        {
            var byAad = await directory.FindByAadObjectIdAsync(user.AadObjectId, ct).ConfigureAwait(false);
            if (byAad is not null)
            {
                return await LinkAsync(user, byAad, IdentityMatch.AadObjectId, ct).ConfigureAwait(false);
            }
        }

        if (!string.IsNullOrWhiteSpace(user.Email)
            && await TryEmailAsync(user, user.Email, IdentityMatch.Email, ct).ConfigureAwait(false) is { } byEmail)
        {
            return byEmail;
        }

        if (!string.IsNullOrWhiteSpace(user.AadObjectId))
        {
            var profile = await profiles.FindAsync(user.AadObjectId, ct).ConfigureAwait(false);
            foreach (var candidate in new[] { profile?.Mail, profile?.UserPrincipalName })
            {
                if (!string.IsNullOrWhiteSpace(candidate)
                    && await TryEmailAsync(user, candidate, IdentityMatch.DirectoryEmail, ct).ConfigureAwait(false) is { } found)
                {
                    return found;
                }
            }
        }

        logger.LogInformation("Teams user {TeamsUserId} (AAD {AadObjectId}) is not in the registry", user.TeamsUserId, user.AadObjectId);
        return new ResolvedIdentity(user, null, IdentityMatch.NotFound, false);
    }

    private async Task<ResolvedIdentity?> TryEmailAsync(TeamsUser user, string email, IdentityMatch match, CancellationToken ct)
    {
        var person = await directory.FindByEmailAsync(email, ct).ConfigureAwait(false);
        if (person is null)
        {
            return null;
        }
        if (person.AadObjectId is not null && user.AadObjectId is not null
            && !string.Equals(person.AadObjectId, user.AadObjectId, StringComparison.OrdinalIgnoreCase))
        {
            logger.LogWarning("Registry entry {Email} belongs to AAD object {Registered}, not to {Claimed}; not linking Teams user {TeamsUserId}",
                person.Email, person.AadObjectId, user.AadObjectId, user.TeamsUserId);
            return null;
        }
        return await LinkAsync(user, person, match, ct).ConfigureAwait(false);
    }

    private async Task<ResolvedIdentity> LinkAsync(TeamsUser user, Person person, IdentityMatch match, CancellationToken ct)
    {
        var aad = user.AadObjectId?.ToLowerInvariant();
        if (person.TeamsUserId == user.TeamsUserId && (aad is null || person.AadObjectId == aad))
        {
            return new ResolvedIdentity(user, person, match, false);
        }
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var result = await directory.LinkAsync(person, user.TeamsUserId, aad, ct).ConfigureAwait(false);
            if (result.Succeeded && result.Value is not null)
            {
                logger.LogInformation("Linked Teams user {TeamsUserId} to registry entry {Email} by {Match}", user.TeamsUserId, person.Email, match);
                return new ResolvedIdentity(user, result.Value, match, true);
            }
            // Someone (an import, another turn) wrote the entry meanwhile: read it again and retry once.
            person = await directory.FindByEmailAsync(person.Email, ct).ConfigureAwait(false) ?? person;
        }
        logger.LogWarning("Could not link Teams user {TeamsUserId} to {Email} (concurrent changes); will retry next turn", user.TeamsUserId, person.Email);
        return new ResolvedIdentity(user, person, match, false);
    }
}
