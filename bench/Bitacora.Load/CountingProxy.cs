using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bitacora.Load;

/// <summary>
/// A reverse proxy on loopback between the bot and Azurite's Table endpoint that counts the requests (a transaction
/// is one request, as it is one round trip). Shared Key signatures do not cover the host, so forwarding keeps them valid.
/// </summary>
internal sealed class CountingProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _upstream;
    private long _count;
    private long _after;
    private long _lastTicks;

    private CountingProxy(WebApplication app, HttpClient upstream)
    {
        _app = app;
        _upstream = upstream;
    }

    public string BaseUrl { get; private set; } = "";

    public long Count => Interlocked.Read(ref _count);

    /// <summary>Requests the bot tagged as made after the turn answered (header x-bitacora-after-answer: the duplicate
    /// guard's «done», the cards everyone else sees); <see cref="Count"/> minus this is what the answers waited for.</summary>
    public long AfterAnswer => Interlocked.Read(ref _after);

    /// <summary>When set, every request is added here ("before|after METHOD path"), for attributing a turn's requests.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string>? Trace { get; set; }

    /// <summary>When set, the upstream time of every request is added here by kind (method, table, point/query).</summary>
    public RequestTimings? Timings { get; set; }

    /// <summary>Time since the last request arrived (to tell when after-answer work has ended).</summary>
    public TimeSpan SinceLast => Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastTicks));

    /// <summary>
    /// Until no request came for <paramref name="quiet"/> (at most <paramref name="max"/>): the bot's earlier work,
    /// after-answer work included, is over. Returns how long it waited.
    /// </summary>
    public async Task<TimeSpan> WaitQuietAsync(TimeSpan quiet, TimeSpan max)
    {
        var began = Stopwatch.GetTimestamp();
        while (SinceLast < quiet && Stopwatch.GetElapsedTime(began) < max)
        {
            await Task.Delay(quiet - SinceLast > TimeSpan.Zero ? quiet - SinceLast : TimeSpan.FromMilliseconds(10));
        }
        return Stopwatch.GetElapsedTime(began);
    }

    public static async Task<CountingProxy> StartAsync(Uri target)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Limits.MaxRequestBodySize = null).UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var upstream = new HttpClient(new SocketsHttpHandler
        {
            UseCookies = false, AllowAutoRedirect = false, MaxConnectionsPerServer = 256,
            AutomaticDecompression = System.Net.DecompressionMethods.None, UseProxy = false,
        }) { BaseAddress = target, Timeout = TimeSpan.FromSeconds(60) };
        var proxy = new CountingProxy(app, upstream);
        app.Run(proxy.ForwardAsync);
        await app.StartAsync();
        proxy.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return proxy;
    }

    private async Task ForwardAsync(HttpContext context)
    {
        var request = context.Request;
        var after = request.Headers.ContainsKey("x-bitacora-after-answer");
        if (after) Interlocked.Increment(ref _after);
        Interlocked.Increment(ref _count);
        Interlocked.Exchange(ref _lastTicks, Stopwatch.GetTimestamp());
        if (Trace is { } trace)
        {
            var path = Uri.UnescapeDataString(request.Path + request.QueryString.ToString().Replace("$format=application/json;odata=minimalmetadata", "", StringComparison.Ordinal));
            trace.Enqueue($"{(after ? "after " : "before")} {request.Method,-6} {(path.Length > 170 ? path[..170] + "…" : path)}");
        }
        // The raw target, byte for byte: the signature covers the path as the client encoded it.
        var target = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()!.RawTarget;
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(_upstream.BaseAddress!, new Uri(target, UriKind.Relative)));
        if (request.ContentLength > 0 || request.Headers.ContainsKey("Transfer-Encoding"))
        {
            message.Content = new StreamContent(request.Body);
        }
        foreach (var (name, values) in request.Headers)
        {
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase) || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)) continue;
            if (!message.Headers.TryAddWithoutValidation(name, values.ToArray()))
            {
                message.Content?.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
        }
        var sent = Stopwatch.GetTimestamp();
        using var response = await _upstream.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)) continue;
            context.Response.Headers[name] = values.ToArray();
        }
        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
        Timings?.Add(request.Method, request.Path.Value ?? "", request.Query.ContainsKey("$filter"), Stopwatch.GetElapsedTime(sent));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _upstream.Dispose();
    }
}
