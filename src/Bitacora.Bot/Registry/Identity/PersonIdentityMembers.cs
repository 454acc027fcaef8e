using Bitacora.BotFramework;

namespace Bitacora.Bot.Registry.Identity;

/// <summary>
/// <see cref="PersonIdentity"/> from a Bot Framework member or activity (the host's side of identity: Bitacora.Core, where
/// PersonIdentity lives, knows no Bot Framework types). Callers still write <c>PersonIdentity.FromMember(m)</c> and
/// <c>PersonIdentity.FromActivity(a)</c>.
/// </summary>
public static class PersonIdentityMembers
{
    extension(PersonIdentity)
    {
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

        /// <summary>
        /// The sender as the activity alone names them (Teams id, Entra id, display name; no registry read): what
        /// <see cref="TurnIdentityExtensions.GetActorAsync"/> falls back to, and the key of a session participant.
        /// </summary>
        public static PersonIdentity FromActivity(Activity activity) =>
            PersonIdentity.FromTurn(new ResolvedIdentity(TurnIdentityService.UserOf(activity), null, IdentityMatch.NotFound, false));
    }

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
