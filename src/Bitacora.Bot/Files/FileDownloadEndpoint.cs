using System.Net;
using System.Text;
using Bitacora.Bot.Files;

namespace Microsoft.AspNetCore.Builder;

/// <summary>GET /archivos/{area}/{name}?vence=…&amp;firma=…: the file behind a signed link, or a Spanish page saying why not.</summary>
public static class FileDownloadEndpoint
{
    /// <summary>
    /// A plain <see cref="RequestDelegate"/>, not a minimal-API handler with bound parameters: those are compiled with
    /// System.Linq.Expressions at the first request (a /health probe included), code an idle bot then carries (issue 16;
    /// see <see cref="Bitacora.Bot.Legal.LegalPages.MapLegalPages"/>).
    /// </summary>
    public static IEndpointRouteBuilder MapFileDownloads(this IEndpointRouteBuilder app)
    {
        app.MapGet(FileLinks.RoutePrefix + "{area}/{name}", async http =>
        {
            var result = await DownloadAsync(http, (string)http.Request.RouteValues["area"]!, (string)http.Request.RouteValues["name"]!);
            await result.ExecuteAsync(http);
        }).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> DownloadAsync(HttpContext http, string area, string name)
    {
        var services = http.RequestServices;
        var texts = services.GetRequiredService<FileTexts>();
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers["X-Content-Type-Options"] = "nosniff";
        http.Response.Headers["Referrer-Policy"] = "no-referrer";
        var id = area + "/" + name;
        switch (services.GetRequiredService<FileLinks>().Check(id, http.Request.Query["vence"], http.Request.Query["firma"]))
        {
            case LinkCheck.Expired:
                return Page(HttpStatusCode.Gone, texts, FileTexts.PageExpiredTitle, FileTexts.PageExpiredBody);
            case LinkCheck.Invalid:
                return Page(HttpStatusCode.Forbidden, texts, FileTexts.PageInvalidTitle, FileTexts.PageInvalidBody);
        }
        if (await services.GetRequiredService<BlobFileStore>().GetAsync(id, http.RequestAborted) is not { } file)
        {
            return Page(HttpStatusCode.Gone, texts, FileTexts.PageGoneTitle, FileTexts.PageGoneBody);
        }
        return Results.File(file.Content, file.File.ContentType, file.File.FileName);
    }

    /// <summary>Escapes markup only (accents stay readable in the UTF-8 page source).</summary>
    private static string Encode(string text) =>
        text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;").Replace("'", "&#39;");

    private static IResult Page(HttpStatusCode status, FileTexts texts, string titleKey, string bodyKey)
    {
        var title = Encode(texts[titleKey]);
        var html = new StringBuilder()
            .Append("<!DOCTYPE html><html lang=\"es-CL\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(title).Append("</title><style>body{font-family:'Segoe UI',system-ui,sans-serif;margin:0;background:#f5f5f5;color:#242424}")
            .Append("main{max-width:34rem;margin:12vh auto;background:#fff;padding:2rem 2.5rem;border-radius:8px;box-shadow:0 1px 4px rgba(0,0,0,.15)}")
            .Append("h1{font-size:1.4rem;color:#0E4A7A;margin-top:0}footer{margin-top:2rem;font-size:.85rem;color:#616161}</style></head><body><main>")
            .Append("<h1>").Append(title).Append("</h1><p>").Append(Encode(texts[bodyKey])).Append("</p><footer>")
            .Append(Encode(texts[FileTexts.PageFooter])).Append("</footer></main></body></html>")
            .ToString();
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, (int)status);
    }
}
