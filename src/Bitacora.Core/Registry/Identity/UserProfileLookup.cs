using Microsoft.Graph;
using Microsoft.Graph.Models.ODataErrors;

namespace Bitacora.Bot.Registry.Identity;

/// <summary>What the directory says about a user: where their email may be found.</summary>
public sealed record UserProfile(string? Mail, string? UserPrincipalName, string? DisplayName);

/// <summary>Looks a user up in the tenant directory by AAD object id (Microsoft Graph in production).</summary>
public interface IUserProfileLookup
{
    /// <summary>The profile, or null when unknown or the directory cannot be reached (identity linking then falls back).</summary>
    Task<UserProfile?> FindAsync(string aadObjectId, CancellationToken ct = default);
}

/// <summary>Used when Graph is not configured: knows nobody.</summary>
public sealed class NoUserProfileLookup : IUserProfileLookup
{
    public Task<UserProfile?> FindAsync(string aadObjectId, CancellationToken ct = default) => Task.FromResult<UserProfile?>(null);
}

/// <summary>
/// Microsoft Graph `GET /users/{id}?$select=mail,userPrincipalName,displayName`. Needs the application permission
/// User.Read.All (admin consent) on the bot's app registration.
/// </summary>
public sealed class GraphUserProfileLookup(GraphServiceClient graph, ILogger<GraphUserProfileLookup> logger) : IUserProfileLookup
{
    public async Task<UserProfile?> FindAsync(string aadObjectId, CancellationToken ct = default)
    {
        try
        {
            var user = await graph.Users[aadObjectId].GetAsync(
                r => r.QueryParameters.Select = ["mail", "userPrincipalName", "displayName"], ct).ConfigureAwait(false);
            return user is null ? null : new UserProfile(user.Mail, user.UserPrincipalName, user.DisplayName);
        }
        catch (ODataError e) when (e.ResponseStatusCode == 404)
        {
            return null;
        }
        catch (Exception e) when (e is ODataError or HttpRequestException or Microsoft.Identity.Client.MsalException)
        {
            // A directory outage must not break the conversation; the person is simply not linked this turn.
            logger.LogWarning(e, "Graph lookup of user {AadObjectId} failed", aadObjectId);
            return null;
        }
    }
}
