using Bitacora.Bot.Hosting.Authorization;
using Bitacora.Bot.Registry.Identity;

namespace Bitacora.Bot.Coordination;

/// <summary>
/// The host's side of <see cref="CoordinationScopeResolver"/> (the resolver itself lives in Bitacora.Core and knows no
/// verbs): the scope lookup the coordination and summary commands hand to the role gate.
/// </summary>
public static class CoordinationScopeLookup
{
    extension(CoordinationScopeResolver resolver)
    {
        /// <summary>
        /// The scope lookup of the coordination and summary commands: parses the typed filters (<paramref name="defaults"/>
        /// may fill them in for the person), resolves them, and hands the <see cref="CoordinationScope"/> to the handler.
        /// A bad or unknown filter stops with its Spanish message.
        /// </summary>
        public async Task<ScopeLookup> LookupAsync(VerbRequest request, CoordinationTexts texts,
            Func<FilterRequest, ResolvedIdentity, FilterRequest>? defaults, CancellationToken ct)
        {
            var parsed = CoordinationFilterParser.Parse(request.Arguments, texts);
            if (parsed.Request is not { } filter)
            {
                return new ScopeLookup.Stop(parsed.Error);
            }
            var resolved = await resolver.ResolveAsync(defaults?.Invoke(filter, request.Identity) ?? filter, request.Identity, ct);
            return resolved.Scope is { } scope ? new ScopeLookup.Found(scope.Access, scope) : new ScopeLookup.Stop(resolved.Error);
        }
    }
}
