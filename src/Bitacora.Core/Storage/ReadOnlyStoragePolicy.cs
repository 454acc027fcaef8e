using System.Diagnostics.CodeAnalysis;
using System.Text;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Bitacora.Bot.Storage;

/// <summary>
/// Makes a Table Storage client read-only, at the HTTP boundary so no code path can slip past it: «create table» is
/// answered locally as if the table existed (nothing is sent), a query on a table that does not exist reads as empty,
/// and any other write throws <see cref="ReadOnlyStorageException"/> before it leaves the process. Used by the CLI's
/// --dry-run, which must leave storage exactly as it was.
/// </summary>
public sealed class ReadOnlyStoragePolicy : HttpPipelinePolicy
{
    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (Intercept(message))
        {
            return;
        }
        ProcessNext(message, pipeline);
        AfterRead(message);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (Intercept(message))
        {
            return;
        }
        await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        AfterRead(message);
    }

    /// <summary>True when the request was answered here; throws for a write.</summary>
    private static bool Intercept(HttpMessage message)
    {
        var request = message.Request;
        if (request.Method == RequestMethod.Get || request.Method == RequestMethod.Head)
        {
            return false;
        }
        if (request.Method == RequestMethod.Post && request.Uri.Path.EndsWith("/Tables", StringComparison.OrdinalIgnoreCase))
        {
            message.Response = new LocalResponse(204, "No Content", null, request.ClientRequestId);
            return true;
        }
        throw new ReadOnlyStorageException($"{request.Method} {request.Uri.Path}");
    }

    /// <summary>A query (path ending in "()") on a table that does not exist reads as no rows.</summary>
    private static void AfterRead(HttpMessage message)
    {
        if (message.Response.Status == 404 && message.Request.Uri.Path.EndsWith("()", StringComparison.Ordinal))
        {
            message.Response = new LocalResponse(200, "OK", """{"value":[]}""", message.Request.ClientRequestId);
        }
    }

    private sealed class LocalResponse(int status, string reason, string? json, string requestId) : Response
    {
        private readonly Dictionary<string, string> _headers = json is null
            ? new(StringComparer.OrdinalIgnoreCase)
            : new(StringComparer.OrdinalIgnoreCase) { ["Content-Type"] = "application/json;odata=nometadata;charset=utf-8" };

        public override int Status => status;

        public override string ReasonPhrase => reason;

        public override Stream? ContentStream { get; set; } = json is null ? null : new MemoryStream(Encoding.UTF8.GetBytes(json));

        public override string ClientRequestId { get; set; } = requestId;

        public override void Dispose() => ContentStream?.Dispose();

        protected override bool TryGetHeader(string name, [NotNullWhen(true)] out string? value) => _headers.TryGetValue(name, out value);

        protected override bool TryGetHeaderValues(string name, [NotNullWhen(true)] out IEnumerable<string>? values)
        {
            values = _headers.TryGetValue(name, out var value) ? [value] : null;
            return values is not null;
        }

        protected override bool ContainsHeader(string name) => _headers.ContainsKey(name);

        protected override IEnumerable<HttpHeader> EnumerateHeaders() => _headers.Select(h => new HttpHeader(h.Key, h.Value));
    }
}

/// <summary>A write reached a read-only (dry-run) storage client: a bug in the caller, never sent.</summary>
public sealed class ReadOnlyStorageException(string request)
    : InvalidOperationException($"Storage is read-only here (dry run) but this write was attempted: {request}");
