using System.Text;
using Bitacora.Bot.Hosting;
using Bitacora.Bot.Texts;

namespace Bitacora.Bot.Legal;

/// <summary>
/// /privacidad and /condiciones: the privacy statement and terms of use the Teams manifest links
/// (developer.privacyUrl / termsOfUseUrl), in Spanish (es-CL), from Content/Texts/legal.es-CL.json. Public pages: no
/// authentication, nothing read from storage.
/// </summary>
public static class LegalPages
{
    public const string PrivacyPath = "/privacidad";
    public const string TermsPath = "/condiciones";
    public const string FileName = "legal.es-CL.json";

    /// <summary>Loads the texts (checked at start-up: both pages need a title and at least one section).</summary>
    public static IServiceCollection AddLegalPages(this IServiceCollection services)
    {
        services.AddTexts(LegalTexts.Load);
        return services;
    }

    /// <summary>
    /// Plain <see cref="RequestDelegate"/>s, not minimal-API handlers: ASP.NET Core builds a handler with parameters
    /// (<c>(HttpContext http, LegalTexts texts) => …</c>) by compiling its binding with System.Linq.Expressions when the
    /// first request arrives — a /health probe included — and an idle bot kept that code (issue 16, idle RSS:
    /// ≈ −2.5 MiB with <see cref="FileDownloadEndpoint"/> alike, bench/README.md "Idle memory, session 7").
    /// </summary>
    public static IEndpointRouteBuilder MapLegalPages(this IEndpointRouteBuilder app)
    {
        app.MapGet(PrivacyPath, http => Page(http, "privacy")).ExcludeFromDescription();
        app.MapGet(TermsPath, http => Page(http, "terms")).ExcludeFromDescription();
        return app;
    }

    private static Task Page(HttpContext http, string page) =>
        PageResult(http, http.RequestServices.GetRequiredService<LegalTexts>(), page).ExecuteAsync(http);

    private static IResult PageResult(HttpContext http, LegalTexts texts, string page)
    {
        http.Response.Headers.ContentLanguage = "es-CL";
        http.Response.Headers["X-Content-Type-Options"] = "nosniff";
        http.Response.Headers.CacheControl = "public, max-age=3600";
        var title = Encode(texts.Title(page));
        var html = new StringBuilder()
            .Append("<!DOCTYPE html><html lang=\"es-CL\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(title).Append("</title><style>body{font-family:'Segoe UI',system-ui,sans-serif;margin:0;background:#f5f5f5;color:#242424;line-height:1.5}")
            .Append("main{max-width:42rem;margin:6vh auto;background:#fff;padding:2rem 2.5rem;border-radius:8px;box-shadow:0 1px 4px rgba(0,0,0,.15)}")
            .Append("h1{font-size:1.5rem;color:#0E4A7A;margin-top:0}h2{font-size:1.1rem;color:#0E4A7A}footer{margin-top:2rem;font-size:.85rem;color:#616161}</style></head><body><main>")
            .Append("<h1>").Append(title).Append("</h1>");
        foreach (var (heading, body) in texts.Sections(page))
        {
            html.Append("<h2>").Append(Encode(heading)).Append("</h2><p>").Append(Encode(body)).Append("</p>");
        }
        html.Append("<footer>").Append(Encode(texts.Footer)).Append("</footer></main></body></html>");
        return Results.Content(html.ToString(), "text/html; charset=utf-8", Encoding.UTF8);
    }

    /// <summary>Escapes markup only (accents stay readable in the UTF-8 page source).</summary>
    private static string Encode(string text) =>
        text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;").Replace("'", "&#39;");
}

/// <summary>The pages' texts: "{page}.title", then "{page}.{n}.heading" / "{page}.{n}.body" for n = 1, 2, … while present.</summary>
public sealed class LegalTexts : TextCatalog
{
    public LegalTexts(TextCatalog catalog)
        : base(catalog)
    {
        foreach (var page in new[] { "privacy", "terms" })
        {
            EnsureContains([$"{page}.title", $"{page}.1.heading", $"{page}.1.body", "footer"], Source);
        }
    }

    public static LegalTexts Load(string textsFolder) => new(LoadFile(Path.Combine(textsFolder, LegalPages.FileName)));

    public string Footer => this["footer"];

    public string Title(string page) => this[$"{page}.title"];

    public IEnumerable<(string Heading, string Body)> Sections(string page)
    {
        for (var n = 1; Contains($"{page}.{n}.heading"); n++)
        {
            yield return (this[$"{page}.{n}.heading"], this[$"{page}.{n}.body"]);
        }
    }
}
