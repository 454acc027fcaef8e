using Bitacora.Bot.Storage;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddTableStorage(builder.Configuration);

var app = builder.Build();

app.MapGet("/healthz", () => Results.Text("ok"));

app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
