using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bitacora.BotFramework;

public static class BotEndpointRouteBuilderExtensions
{
    /// <summary>Maps <c>POST {pattern}</c>, the Bot Framework messaging endpoint.</summary>
    public static IEndpointConventionBuilder MapBotMessages(this IEndpointRouteBuilder endpoints,
        string pattern = "/api/messages") =>
        endpoints.MapPost(pattern, (HttpContext context) =>
                context.RequestServices.GetRequiredService<BotMessagesEndpoint>().HandleAsync(context))
            .WithDisplayName("Bot Framework messages");
}

/// <summary>The messaging endpoint: size-limited read, authentication, validation, then the turn. Invokes are
/// answered with their invoke response; other activities with 200 once processed (or 500 if the turn failed and no
/// <see cref="ITurnErrorHandler"/> handled it).</summary>
public sealed class BotMessagesEndpoint(
    BotAdapter adapter, BotAuthenticator authenticator, IOptions<BotFrameworkOptions> options,
    ILogger<BotMessagesEndpoint> logger)
{
    public async Task HandleAsync(HttpContext context)
    {
        var ct = context.RequestAborted;
        var authorization = context.Request.Headers.Authorization.ToString();

        // Refuse unauthenticated callers before reading what they send.
        if (!authenticator.IsAnonymous && string.IsNullOrWhiteSpace(authorization))
        {
            await RejectAsync(context, StatusCodes.Status401Unauthorized, "missing bearer token");
            return;
        }

        var (body, tooLarge) = await ReadBodyAsync(context.Request, options.Value.MaxRequestBodyBytes, ct);
        if (tooLarge)
        {
            await RejectAsync(context, StatusCodes.Status413PayloadTooLarge, "activity too large");
            return;
        }

        Activity? activity;
        try
        {
            activity = body.Length == 0 ? null : JsonSerializer.Deserialize<Activity>(body, BotJson.Options);
        }
        catch (JsonException e)
        {
            await RejectAsync(context, StatusCodes.Status400BadRequest, $"malformed JSON ({e.Path ?? "$"}, line {e.LineNumber})");
            return;
        }

        var invalid = Validate(activity);
        if (invalid is not null)
        {
            await RejectAsync(context, StatusCodes.Status400BadRequest, invalid);
            return;
        }

        var auth = await authenticator.AuthenticateAsync(authorization, activity!, ct);
        if (!auth.Succeeded)
        {
            await RejectAsync(context, StatusCodes.Status401Unauthorized, "unauthorized", auth.Failure);
            return;
        }

        if (!ActivityTypes.Known.Contains(activity!.Type!))
        {
            logger.LogDebug("Ignoring activity of unknown type {Type}", activity.Type);
            context.Response.StatusCode = StatusCodes.Status200OK;
            return;
        }

        try
        {
            var invokeResponse = await adapter.ProcessActivityAsync(activity, context.RequestServices, ct);
            if (invokeResponse is null)
            {
                context.Response.StatusCode = StatusCodes.Status200OK;
                return;
            }
            context.Response.StatusCode = invokeResponse.Status;
            if (invokeResponse.Body is not null)
            {
                context.Response.ContentType = "application/json; charset=utf-8";
                await JsonSerializer.SerializeAsync(context.Response.Body, invokeResponse.Body,
                    invokeResponse.Body.GetType(), BotJson.Options, ct);
            }
        }
        catch (BotTurnException)
        {
            // Already logged by the adapter with the activity's details.
            if (!context.Response.HasStarted) context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            logger.LogWarning("The channel gave up on activity {ActivityId} before the turn ended", activity.Id);
        }
    }

    internal static string? Validate(Activity? activity)
    {
        if (activity is null) return "empty body";
        if (string.IsNullOrWhiteSpace(activity.Type)) return "missing type";
        if (!ActivityTypes.Known.Contains(activity.Type)) return null;
        if (string.IsNullOrWhiteSpace(activity.ServiceUrl)) return "missing serviceUrl";
        if (!Uri.TryCreate(activity.ServiceUrl, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            return "serviceUrl is not an http(s) URL";
        if (string.IsNullOrWhiteSpace(activity.Conversation?.Id)) return "missing conversation.id";
        return null;
    }

    private static async Task<(byte[] Body, bool TooLarge)> ReadBodyAsync(HttpRequest request, int limit,
        CancellationToken ct)
    {
        if (request.ContentLength > limit) return ([], true);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit) return ([], true);
            buffer.Write(chunk, 0, read);
        }
        return (buffer.ToArray(), false);
    }

    private async Task RejectAsync(HttpContext context, int status, string reason, string? detail = null)
    {
        logger.LogWarning("Rejected {Method} {Path} with {Status}: {Reason}", context.Request.Method,
            context.Request.Path, status, detail ?? reason);
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(reason, context.RequestAborted);
    }
}
