using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Bitacora.Bot.Hosting;
using Bitacora.Bot.Tests.Infrastructure;
using Bitacora.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Bitacora.Bot.Tests.Hosting;

/// <summary>Issue 10: a bounded, seeded fuzz of malformed activities through the real pipeline (Azurite, fake
/// connector). Allowed answers are the designed ones — 200, 400, 401 (serviceUrl not allowed), 413, 501 (an invoke
/// nobody handles) — never a 5xx from a crash, never a stack trace or a header echoed back.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class FuzzTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const int Seed = 20261204;
    private const int Cases = 2500;
    private static readonly HashSet<HttpStatusCode> Designed =
    [
        HttpStatusCode.OK, HttpStatusCode.BadRequest, HttpStatusCode.Unauthorized,
        HttpStatusCode.RequestEntityTooLarge, HttpStatusCode.NotImplemented,
    ];

    private static readonly string[] Weird =
    [
        "\ud800", "a\udc00b", "\0", "nul\0byte", "\u202eevil\u202c", "\u200f\u200e", "\ufeff", "💥", "e\u0301",
        "<at>Bitácora</at>", "$ {user.name}", "=HYPERLINK(\"x\")", "'; DROP TABLE x;--", "\r\n\t", " ", "",
    ];

    private static readonly string[] Commands =
    [
        "ayuda", "hola", "quién soy", "iniciar sesión", "continuar sesión", "territorio", "territorio 16-1", "personas",
        "resumen", "pendientes", "vencidos", "participación", "exportar", "mis compromisos", "nuevo compromiso",
        "rúbrica", "bitácora",
    ];

    private BotPipeline _bot = null!;
    private string[] _verbs = [];
    private readonly CollectingLoggerProvider _logs = new();

    public async Task InitializeAsync()
    {
        _bot = await BotPipeline.StartAsync(azurite,
            services => services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(_logs));
        _verbs = _bot.Services.GetServices<ICardAction>().Select(a => a.Verb).Append("nope").ToArray();
    }

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    [Fact]
    public async Task Thousands_of_malformed_activities_get_only_designed_answers()
    {
        var random = new Random(Seed);
        var failures = new List<string>();
        for (var i = 0; i < Cases && failures.Count < 5; i++)
        {
            var body = Case(random, i);
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = content };
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer fuzz-secret-header");
            using var response = await _bot.Client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            if (!Designed.Contains(response.StatusCode) || text.Contains("fuzz-secret-header") || text.Contains("   at "))
            {
                failures.Add($"case {i}: {(int)response.StatusCode} {text[..Math.Min(200, text.Length)]}\n  sent: " +
                             Encoding.UTF8.GetString(body)[..Math.Min(600, body.Length)]);
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures) + "\n--- log tail:\n" +
                                         _logs.Text[^Math.Min(8000, _logs.Text.Length)..]);
    }

    private byte[] Case(Random r, int i)
    {
        var kind = r.Next(10);
        if (kind == 0) return Garbage(r);
        var activity = Activity(r, i);
        for (var m = r.Next(4); m > 0; m--) Mutate(r, activity);
        var json = activity.ToJsonString();
        return kind == 1 ? Encoding.UTF8.GetBytes(json[..r.Next(json.Length)]) : Encoding.UTF8.GetBytes(json);
    }

    private static byte[] Garbage(Random r) => r.Next(4) switch
    {
        0 => [],
        1 => [0xff, 0xfe, 0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d],
        2 => Encoding.UTF8.GetBytes("[1,2,3]"),
        _ => Encoding.UTF8.GetBytes("{\"type\":\"message\",\"text\":\"\\ud800\",\"conversation\":{\"id\":\"\\u0000\"}}"),
    };

    private JsonObject Activity(Random r, int i)
    {
        var conversation = r.Next(3) switch
        {
            0 => Conversation.Personal("a:fuzz-" + r.Next(20)),
            1 => Conversation.Group("19:fuzz-" + r.Next(20) + "@thread.v2"),
            _ => Conversation.Channel("19:fuzz@thread.tacv2;messageid=" + r.Next(20)),
        };
        var user = "29:fuzz-" + r.Next(30);
        return r.Next(4) switch
        {
            0 => _bot.Execute(conversation, Pick(r, _verbs), Data(r), r.Next(2) == 0 ? null : "card-" + i, user),
            1 => _bot.Activity("conversationUpdate", conversation, user),
            2 => WithValue(_bot.Message(conversation, "", user), Data(r)),
            _ => _bot.Message(conversation, Text(r), user),
        };
    }

    private static JsonObject WithValue(JsonObject activity, JsonObject value)
    {
        value["verb"] = "command";
        activity["value"] = value;
        return activity;
    }

    private JsonObject Data(Random r)
    {
        var data = new JsonObject();
        foreach (var key in new[] { "command", "sessionId", "commitmentId", "version", "sectionId", "answer", "unit", "date", "text" })
        {
            if (r.Next(2) == 0) data[key] = Value(r);
        }
        return data;
    }

    private JsonNode? Value(Random r) => r.Next(8) switch
    {
        0 => null,
        1 => r.Next(-5, 1_000_000),
        2 => new JsonArray(Text(r), null, 3),
        3 => new JsonObject { ["x"] = Text(r) },
        4 => new string('x', r.Next(1, 70_000)),
        _ => Text(r),
    };

    private static string Text(Random r) => r.Next(4) switch
    {
        0 => Pick(r, Commands),
        1 => Pick(r, Commands) + " " + Pick(r, Weird),
        2 => Pick(r, Weird) + Pick(r, Weird),
        _ => new string((char)r.Next(0x20, 0xffff), r.Next(0, 300)),
    };

    private void Mutate(Random r, JsonObject a)
    {
        string[] paths = ["type", "id", "serviceUrl", "channelId", "from", "recipient", "conversation", "text", "value",
            "name", "replyToId", "channelData", "entities", "membersAdded", "membersRemoved", "locale", "timestamp"];
        var key = Pick(r, paths);
        switch (r.Next(7))
        {
            case 0: a.Remove(key); break;
            case 1: a[key] = null; break;
            case 2: a[key] = Value(r); break;
            case 3: a["membersAdded"] = new JsonArray(null, new JsonObject { ["id"] = BotPipeline.BotId }, new JsonObject()); break;
            case 4: a["conversation"] = new JsonObject { ["id"] = new string('c', r.Next(400, 3000)) + Pick(r, Weird) }; break;
            case 5: a["from"] = new JsonObject { ["id"] = Pick(r, Weird) + new string('u', r.Next(0, 2000)), ["name"] = Text(r), ["aadObjectId"] = Pick(r, Weird) }; break;
            default: a["serviceUrl"] = r.Next(2) == 0 ? "https://attacker.example/" : "not a url"; break;
        }
    }

    private static T Pick<T>(Random r, IReadOnlyList<T> items) => items[r.Next(items.Count)];
}

/// <summary>Development included: an exception escaping an endpoint is a bare 500, no stack trace, no headers.</summary>
public sealed class SafeErrorsTests
{
    [Fact]
    public async Task In_development_an_unhandled_exception_echoes_nothing()
    {
        await using var factory = new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Development");
            web.UseSetting("Storage:ConnectionString", "UseDevelopmentStorage=true");
            web.UseSetting("Reminders:RunScheduler", "false");
            web.UseSetting("MicrosoftAppId", "");
            web.ConfigureServices(s => s.AddTransient<IStartupFilter, ThrowingEndpoint>());
        });
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/boom");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer very-secret-token");

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.DoesNotContain("very-secret-token", text);
        Assert.DoesNotContain("InvalidOperationException", text);
        Assert.DoesNotContain(" at ", text);
    }

    private sealed class ThrowingEndpoint : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Map("/boom", b => b.Run(_ => throw new InvalidOperationException("secret details")));
        };
    }
}
