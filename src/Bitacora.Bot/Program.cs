using Bitacora.Bot.Attendance;
using Bitacora.Bot.Guides;
using Bitacora.Bot.Hosting;
using Bitacora.Bot.Legal;
using Bitacora.Bot.Logbook;
using Bitacora.Bot.Observability;
using Bitacora.Bot.Registry;
using Bitacora.Bot.Reminders;
using Bitacora.Bot.Rubric;
using Bitacora.Bot.Sessions;
using Bitacora.Bot.Storage;
using Bitacora.BotFramework;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    ContentRootPath = ContentRoot.Resolve(args, Directory.GetCurrentDirectory(), AppContext.BaseDirectory),
});

// Tests drive the sweep themselves (with their own clock); everywhere else Hangfire's server runs it.
var runScheduler = builder.Configuration.GetValue("Reminders:RunScheduler", defaultValue: true);
builder.AddServiceDefaults(schedulerRunsHere: runScheduler);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddTableStorage(builder.Configuration);
builder.Services.AddBitacoraHost(builder.Configuration);
builder.Services.AddRegistry(builder.Configuration);
builder.Services.AddGuides(builder.Configuration);
builder.Services.AddSessions(builder.Configuration);
builder.Services.AddRubricScores(builder.Configuration);
builder.Services.AddMeetingFlow();
builder.Services.AddAttendance();
builder.Services.AddLogbook();
builder.Services.AddReminders(builder.Configuration, addHangfireServer: runScheduler);
builder.Services.AddCoordination(builder.Configuration);
builder.Services.AddFiles(builder.Configuration);
builder.Services.AddExports();
builder.Services.AddLegalPages();

var app = builder.Build();

app.UseSafeErrors(); // no stack trace or header ever reaches a client, Development included

app.MapDefaultEndpoints(); // /health (storage, scheduler, connector token) and /alive
app.MapBotMessages("/api/messages");
app.MapFileDownloads();
app.MapLegalPages(); // /privacidad and /condiciones, linked from the Teams manifest
app.MapReminderDashboard("/hangfire");

app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
