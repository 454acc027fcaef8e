using Bitacora.Bot;
using Bitacora.Bot.Attendance;
using Bitacora.Bot.Calendar;
using Bitacora.Bot.Commitments;
using Bitacora.Bot.Conversations;
using Bitacora.Bot.Coordination;
using Bitacora.Bot.Exports;
using Bitacora.Bot.Guides;
using Bitacora.Bot.Hosting;
using Bitacora.Bot.Logbook;
using Bitacora.Bot.Registry;
using Bitacora.Bot.Reminders;
using Bitacora.Bot.Rubric;
using Bitacora.Bot.Sessions;
using Bitacora.Bot.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Bitacora.Cli.Hosting;

/// <summary>Which storage a verb uses, as given on its command line (null = from configuration).</summary>
public sealed record StorageSelection(string? ConnectionString, string? TablePrefix, bool ReadOnly);

/// <summary>
/// The bot's services for a CLI verb: Bitacora.Core's features through the same Add…Core methods the web host's Add…
/// call, on a <see cref="HostApplicationBuilder"/> that is built but never started (no Hangfire, no hosted services);
/// a verb adds what only it needs (<paramref name="compose"/> of <see cref="Build"/>: the reminder channel).
/// Configuration, later wins: CLI defaults (1 retry, 2 s per request, no scheduler) · appsettings.json next to the
/// binaries · appsettings.json in the current folder · environment variables (Storage__ConnectionString, …) ·
/// BITACORA_STORAGE · --storage / --table-prefix · --dry-run (Storage:ReadOnly — nothing is written, not even a table).
/// </summary>
public static class CliHost
{
    public const string StorageVariable = "BITACORA_STORAGE";

    private static readonly Dictionary<string, string?> Defaults = new()
    {
        // Fail in seconds when storage is down: an operator is waiting (the bot keeps the SDK's patient defaults).
        ["Storage:MaxRetries"] = "1",
        ["Storage:NetworkTimeout"] = "00:00:02",
        ["Reminders:RunScheduler"] = "false",
        ["Registry:SeedSamples"] = "false",
        // The CLI serves no inbound requests, so the host's «no anonymous inbound outside Development» rule does not
        // apply; outbound credentials (reminders run --send) still come from MicrosoftAppId/MicrosoftAppPassword.
        ["BotFramework:AllowAnonymous"] = "true",
    };

    public static IHost Build(StorageSelection storage, IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection, IConfiguration>? compose = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environments.Production,
        });
        builder.Configuration
            .AddInMemoryCollection(Defaults)
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(Overrides(storage, settings));
        AddCore(builder);
        compose?.Invoke(builder.Services, builder.Configuration);
        return builder.Build();
    }

    /// <summary>Every Core feature the verbs read or write, each through its own Add…Core (Bitacora.Core).</summary>
    private static void AddCore(HostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddTableStorage(configuration);
        services.AddContent(configuration);
        services.AddTeamsRateLimiter(configuration);
        services.AddRegistryCore(configuration);
        services.AddGuides(configuration);
        services.AddSessions(configuration);
        services.AddRubricScores(configuration);
        services.AddAttendanceCore();
        services.AddLogbookCore();
        services.AddCalendar();
        services.AddCommitmentsCore();
        services.AddRemindersCore(configuration);
        services.AddCoordinationCore();
        services.AddExportsCore();
        services.AddGraphIfConfigured(configuration);
    }

    /// <summary>A malformed connection string is the operator's typo: a usage error naming what is wrong, not a crash.</summary>
    private static void EnsureParses(string connection)
    {
        try
        {
            _ = new Azure.Data.Tables.TableServiceClient(connection);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            throw new CliUsageException(CliTexts.Default.Format("error.storageFormat", e.Message.Split('\n')[0]));
        }
    }

    private static Dictionary<string, string?> Overrides(StorageSelection storage, IReadOnlyDictionary<string, string?>? settings)
    {
        var result = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
        var connection = string.IsNullOrWhiteSpace(storage.ConnectionString)
            ? Environment.GetEnvironmentVariable(StorageVariable)
            : storage.ConnectionString;
        if (!string.IsNullOrWhiteSpace(connection))
        {
            EnsureParses(connection);
            result["Storage:ConnectionString"] = connection;
        }
        if (storage.TablePrefix is not null)
        {
            result["Storage:TablePrefix"] = storage.TablePrefix;
        }
        if (storage.ReadOnly)
        {
            result["Storage:ReadOnly"] = "true";
        }
        return result;
    }
}
