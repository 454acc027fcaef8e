using System.Globalization;
using System.Text.Json.Nodes;
using Bitacora.Bot.Registry.Identity;
using Bitacora.BotFramework;

namespace Bitacora.Bot.Hosting.Authorization;

/// <summary>
/// What a command or card action requires, declared by the verb itself and enforced by the router before the handler
/// runs: a <see cref="AccessPolicy"/>, how to find the scope (territory / region / unit) of the object acted on, and —
/// for writes to shared objects — the version the card showed.
/// </summary>
public sealed record AccessRule(AccessPolicy Policy)
{
    /// <summary>How to find the object's scope; null: the role held anywhere is enough (e.g. opening an empty form).</summary>
    public ScopeResolver? Scope { get; init; }

    /// <summary>Required version field of the card data; null when the verb writes nothing shared.</summary>
    public VersionRule? Version { get; init; }

    /// <summary>
    /// Whoever the object names as its owner (a commitment's responsible) passes too, registered or not, whatever their
    /// roles — matched on the ids Teams authenticates (Teams user id, Entra object id) or their registry entry.
    /// </summary>
    public OwnerCheck? Owner { get; init; }

    public static AccessRule Anyone { get; } = new(Policies.Anyone);

    public static AccessRule Require(AccessPolicy policy) => new(policy);

    public AccessRule ScopedBy(ScopeResolver resolver) => this with { Scope = resolver };

    public AccessRule OrOwner(OwnerCheck owner) => this with { Owner = owner };

    /// <summary>
    /// The card must say which version it showed (<paramref name="field"/>: a whole number 0…2³¹−1 unless
    /// <paramref name="numeric"/> is false, then any short token such as an ETag). The write compares it atomically.
    /// </summary>
    public AccessRule WithVersion(string field = "version", bool numeric = true) => this with { Version = new VersionRule(field, numeric) };

    public override string ToString() =>
        Policy + (Owner is null ? "" : " or owner") + (Scope is null ? "" : " @scope") + (Version is null ? "" : $" +{Version.Field}");
}

/// <summary>Whether <paramref name="identity"/> is the owner of the object the scope lookup found.</summary>
public delegate bool OwnerCheck(ResolvedIdentity identity, object? target);

/// <summary>The card data field that carries the version of the object the card showed.</summary>
public sealed record VersionRule(string Field, bool Numeric);

/// <summary>Finds the scope of the object a verb acts on (reads storage as needed).</summary>
public delegate Task<ScopeLookup> ScopeResolver(VerbRequest request, CancellationToken cancellationToken);

/// <summary>What the resolver sees: the turn, the sender as the registry knows them, and the typed arguments or card data.</summary>
public sealed record VerbRequest(ITurnContext Turn, ResolvedIdentity Identity, string Arguments, JsonObject Data)
{
    public IServiceProvider Services => Turn.Services;

    public T Get<T>() where T : notnull => Turn.Services.GetRequiredService<T>();

    /// <summary>A card data field as text (trimmed), or null when absent or empty.</summary>
    public string? Field(string name)
    {
        var text = Data[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : Data[name]?.ToString();
        return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }

    /// <summary>A card data field that names an object by id: null when absent, empty or longer than any id.</summary>
    public string? IdField(string name) => Field(name) is { Length: <= ScopeLookups.MaxIdLength } id ? id : null;
}

/// <summary>The outcome of a scope lookup.</summary>
public abstract record ScopeLookup
{
    private ScopeLookup() { }

    /// <summary>The object exists and lies in <see cref="Scope"/>; <see cref="Target"/> (if any) is handed to the handler.</summary>
    public sealed record Found(AccessScope Scope, object? Target = null) : ScopeLookup;

    /// <summary>
    /// The verb names no existing object (not given, not found): holding the policy's roles anywhere is enough, and the
    /// handler answers (usage, "no existe"). Only valid for verbs whose handler writes nothing without an object.
    /// </summary>
    public sealed record NoObject : ScopeLookup;

    /// <summary>The resolver answered already (<see cref="Message"/> null) or gives the message to answer; the handler does not run.</summary>
    public sealed record Stop(string? Message) : ScopeLookup;

    public static ScopeLookup None { get; } = new NoObject();
}

/// <summary>What the router established before the handler runs: who acts, in which scope, on which object, at which version.</summary>
public sealed record VerbAccess(ResolvedIdentity? Identity, AccessScope Scope, object? Target, string? Version)
{
    /// <summary>For handlers called outside the router (none in the app): nothing was checked.</summary>
    public static VerbAccess Unchecked { get; } = new(null, AccessScope.Any, null, null);

    /// <summary>The version the card showed, as a number (verbs whose rule requires a numeric version always have one).</summary>
    public int? VersionNumber =>
        int.TryParse(Version, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;

    public T? TargetAs<T>() where T : class => Target as T;
}
