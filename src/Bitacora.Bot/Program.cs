using Bitacora.Bot;
using Bitacora.Bot.Hosting;
using Bitacora.Bot.Legal;
using Bitacora.Bot.Observability;
using Bitacora.Bot.Reminders;
using Bitacora.BotFramework;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    ContentRootPath = ContentRoot.Resolve(args, Directory.GetCurrentDirectory(), AppContext.BaseDirectory),
});

// Tests drive the sweep themselves (with their own clock); everywhere else Hangfire's server runs it.
var runScheduler = builder.Configuration.GetValue("Reminders:RunScheduler", defaultValue: true);
builder.AddServiceDefaults(schedulerRunsHere: runScheduler);
builder.AddBitacora(); // every feature, composed as the CLI composes it (BitacoraServices)
builder.Services.AddLegalPages(); // web only: /privacidad and /condiciones

var app = builder.Build();

app.UseSafeErrors(); // no stack trace or header ever reaches a client, Development included

app.MapDefaultEndpoints(); // /health (storage, scheduler, connector token) and /alive
app.MapBotMessages("/api/messages");
app.MapFileDownloads();
app.MapLegalPages(); // /privacidad and /condiciones, linked from the Teams manifest
app.MapReminderDashboard("/hangfire");

// Return what start-up left on the heap once the content checks are done (StartupHeap says why) — only when the bot is
// the process: WebApplicationFactory runs this file inside a test host, whose heap holds every other test's.
if (System.Reflection.Assembly.GetEntryAssembly() == typeof(Program).Assembly)
{
    StartupHeap.CompactAfterChecks(app.Services);
}

app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
