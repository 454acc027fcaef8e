using Bitacora.Bot.Hosting;
using Bitacora.Bot.Storage;
using Bitacora.BotFramework;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddTableStorage(builder.Configuration);
builder.Services.AddBitacoraHost(builder.Configuration);

var app = builder.Build();

app.MapGet("/healthz", () => Results.Text("ok"));
app.MapBotMessages("/api/messages");

app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
