namespace Bitacora.Bot.Hosting;

/// <summary>
/// The outermost catch of the host, in every environment (Development included, where ASP.NET would otherwise show
/// the developer exception page with the stack trace and the request headers — <c>Authorization</c> among them):
/// an exception that escapes an endpoint is logged with its details and answered with a bare 500, no body details.
/// </summary>
public static class SafeErrors
{
    public static IApplicationBuilder UseSafeErrors(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (e is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
        {
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SafeErrors).FullName!)
                .LogError(e, "Unhandled exception on {Method} {Path}", context.Request.Method, context.Request.Path);
            if (context.Response.HasStarted) return;
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync("internal error", CancellationToken.None);
        }
    });
}
