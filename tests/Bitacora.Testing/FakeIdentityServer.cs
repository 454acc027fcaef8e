using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Bitacora.Testing;

/// <summary>Serves Bot Framework and Entra OpenID metadata + JWKS from loopback Kestrel, with locally generated
/// RSA keys, and signs tokens with them (or with a key nobody published, to forge).</summary>
public sealed class FakeIdentityServer : IAsyncDisposable
{
    public const string ChannelKeyId = "bf-key-1";
    public const string EntraKeyId = "entra-key-1";

    private readonly RSA _channelKey = RSA.Create(2048);
    private readonly RSA _entraKey = RSA.Create(2048);
    private readonly RSA _forgerKey = RSA.Create(2048);
    private LoopbackServer _server = null!;

    public int MetadataRequests;

    public string ChannelMetadataUrl => _server.BaseUrl + "/bf/v1/.well-known/openidconfiguration";
    public string EntraMetadataUrl => _server.BaseUrl + "/entra/{tenant}/v2.0/.well-known/openid-configuration";

    public static async Task<FakeIdentityServer> StartAsync()
    {
        var identity = new FakeIdentityServer();
        identity._server = await LoopbackServer.StartAsync(identity.HandleAsync);
        return identity;
    }

    private Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref MetadataRequests);
        var path = context.Request.Path.Value ?? "";
        var baseUrl = _server.BaseUrl;
        JsonNode? document = path switch
        {
            "/bf/v1/.well-known/openidconfiguration" => new JsonObject
            {
                ["issuer"] = "https://api.botframework.com",
                ["authorization_endpoint"] = "https://invalid.botframework.com",
                ["jwks_uri"] = baseUrl + "/bf/v1/keys",
                ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
                ["token_endpoint_auth_methods_supported"] = new JsonArray("private_key_jwt"),
            },
            "/bf/v1/keys" => new JsonObject { ["keys"] = new JsonArray(Jwk(_channelKey, ChannelKeyId, "msteams", "emulator")) },
            "/entra/keys" => new JsonObject { ["keys"] = new JsonArray(Jwk(_entraKey, EntraKeyId)) },
            _ when path.StartsWith("/entra/", StringComparison.Ordinal) && path.EndsWith("/v2.0/.well-known/openid-configuration", StringComparison.Ordinal) => new JsonObject
            {
                ["issuer"] = $"https://login.microsoftonline.com/{path.Split('/')[2]}/v2.0",
                ["jwks_uri"] = baseUrl + "/entra/keys",
                ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
            },
            _ => null,
        };
        if (document is null)
        {
            context.Response.StatusCode = 404;
            return Task.CompletedTask;
        }
        return context.Response.WriteAsync(document.ToJsonString());
    }

    private static JsonObject Jwk(RSA rsa, string kid, params string[] endorsements)
    {
        var parameters = rsa.ExportParameters(false);
        var jwk = new JsonObject
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["kid"] = kid,
            ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
            ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
        };
        if (endorsements.Length > 0) jwk["endorsements"] = new JsonArray(endorsements.Select(e => (JsonNode)e!).ToArray());
        return jwk;
    }

    public string ChannelToken(string audience, string? serviceUrl, string issuer = "https://api.botframework.com",
        DateTime? expires = null, bool forged = false) =>
        Sign(forged ? _forgerKey : _channelKey, ChannelKeyId, issuer, audience, expires,
            serviceUrl is null ? null : new Dictionary<string, object> { ["serviceurl"] = serviceUrl });

    /// <summary>The app id the tests configure as the allowed caller (BotFramework:AllowedCallers).</summary>
    public const string AllowedCaller = "bf-service";

    /// <summary>An Entra token as Entra issues it to <paramref name="caller"/> by client credentials: the caller in
    /// <c>appid</c> (v1.0, issuer sts.windows.net) or <c>azp</c> (v2.0); optionally a serviceurl claim.</summary>
    public string EntraToken(string audience, string issuer, DateTime? expires = null, string? caller = AllowedCaller,
        string? serviceUrl = null)
    {
        var v1 = issuer.StartsWith("https://sts.windows.net/", StringComparison.Ordinal);
        var claims = new Dictionary<string, object> { ["tid"] = "t", ["ver"] = v1 ? "1.0" : "2.0" };
        if (caller is not null) claims[v1 ? "appid" : "azp"] = caller;
        if (serviceUrl is not null) claims["serviceurl"] = serviceUrl;
        return Sign(_entraKey, EntraKeyId, issuer, audience, expires, claims);
    }

    public static string UnsignedToken(string audience, string serviceUrl) => new JsonWebTokenHandler().CreateToken(
        new SecurityTokenDescriptor
        {
            Issuer = "https://api.botframework.com",
            Audience = audience,
            Expires = DateTime.UtcNow.AddMinutes(30),
            Claims = new Dictionary<string, object> { ["serviceurl"] = serviceUrl },
        });

    private static string Sign(RSA rsa, string kid, string issuer, string audience, DateTime? expires,
        IDictionary<string, object>? claims)
    {
        var exp = expires ?? DateTime.UtcNow.AddMinutes(30);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = exp.AddHours(-1),
            NotBefore = exp.AddHours(-1),
            Expires = exp,
            Claims = claims,
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = kid },
                SecurityAlgorithms.RsaSha256),
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _channelKey.Dispose();
        _entraKey.Dispose();
        _forgerKey.Dispose();
    }
}
