using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bitacora.Bot.Tests.Hosting;

/// <summary>
/// The real Program refuses to start with configuration that would run wrong, naming the key. Validation happens
/// before any hosted service, so no storage is reached (the connection string points nowhere on purpose).
/// </summary>
public class ConfigurationValidationTests
{
    private static readonly Dictionary<string, string?> Production = new()
    {
        ["Storage:ConnectionString"] = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:9/devstoreaccount1;",
        ["Reminders:RunScheduler"] = "false",
        ["MicrosoftAppId"] = "11111111-2222-3333-4444-555555555555",
        ["MicrosoftAppPassword"] = "secret",
        ["MicrosoftAppTenantId"] = "",
        ["MicrosoftAppType"] = "MultiTenant",
    };

    private static OptionsValidationException StartFails(string environment, params (string Key, string? Value)[] overrides)
    {
        var settings = new Dictionary<string, string?>(Production);
        foreach (var (key, value) in overrides) settings[key] = value;
        return Assert.IsType<OptionsValidationException>(StartFailure(environment, settings));
    }

    /// <summary>
    /// What starting Program with <paramref name="settings"/> throws. WebApplicationFactory's deferred host has a race
    /// when the application's own start fails: the failing start disposes its services while the factory's thread is
    /// about to read one of them, and the factory then throws <see cref="ObjectDisposedException"/> ('IServiceProvider')
    /// instead of the application's exception (≈ 1 start in 200 here). That is the test host, not the bot: start again.
    /// </summary>
    private static Exception StartFailure(string environment, IReadOnlyDictionary<string, string?> settings)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
            {
                web.UseEnvironment(environment);
                foreach (var (key, value) in settings) web.UseSetting(key, value);
            });
            var e = Assert.ThrowsAny<Exception>(() => factory.Server);
            if (e is not ObjectDisposedException { ObjectName: "IServiceProvider" } || attempt == 5) return e;
        }
    }

    [Fact]
    public void Production_without_an_app_id_does_not_start()
    {
        var e = StartFails("Production", ("MicrosoftAppId", ""));
        Assert.Contains("MicrosoftAppId is empty in the 'Production' environment", e.Message);
        Assert.Contains("BotFramework:AllowAnonymous", e.Message);
    }

    [Fact]
    public void An_app_id_without_its_password_does_not_start()
    {
        var e = StartFails("Production", ("MicrosoftAppPassword", ""));
        Assert.Contains("MicrosoftAppPassword is empty", e.Message);
    }

    [Fact]
    public void SingleTenant_without_a_tenant_does_not_start()
    {
        var e = StartFails("Production", ("MicrosoftAppType", "SingleTenant"));
        Assert.Contains("MicrosoftAppTenantId is empty while MicrosoftAppType is SingleTenant", e.Message);
    }

    [Fact]
    public void An_unknown_app_type_does_not_start()
    {
        var e = StartFails("Production", ("MicrosoftAppType", "UserAssignedMSI"));
        Assert.Contains("MicrosoftAppType 'UserAssignedMSI' is not supported", e.Message);
    }

    [Fact]
    public void Graph_on_without_a_tenant_does_not_start_and_names_the_key()
    {
        var e = StartFails("Production", ("Registry:UseGraph", "true"));
        Assert.Contains("Registry:UseGraph is true but MicrosoftAppTenantId is empty", e.Message);
    }

    [Fact]
    public void Anonymous_in_development_is_not_refused_by_validation()
    {
        // Development may run anonymous; here the start goes on until storage (unreachable on purpose) is needed,
        // so any failure must not be an options validation failure.
        var settings = new Dictionary<string, string?>(Production) { ["MicrosoftAppId"] = "", ["MicrosoftAppPassword"] = "" };
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Development");
            foreach (var (key, value) in settings) web.UseSetting(key, value);
            web.UseSetting("Registry:SeedSamples", "false");
        });
        var options = factory.Services.GetRequiredService<IOptions<BotFramework.BotFrameworkOptions>>().Value;
        Assert.True(options.IsAnonymous);
    }

    [Fact]
    public void A_bad_table_prefix_does_not_start()
    {
        var e = StartFails("Production", ("Storage:TablePrefix", "bad-prefix"));
        Assert.Contains("Storage:TablePrefix", e.Message);
    }

    [Fact]
    public void Managed_identity_storage_outside_development_without_a_signing_key_does_not_start()
    {
        var e = StartFails("Production",
            ("Storage:ConnectionString", ""),
            ("Storage:TableEndpoint", "https://account.table.core.windows.net"),
            ("Storage:BlobEndpoint", "https://account.blob.core.windows.net"));
        Assert.Contains("Files:SigningKey is empty and the storage connection has no AccountKey", e.Message);
    }

    [Fact]
    public void Both_a_connection_string_and_a_table_endpoint_do_not_start()
    {
        var e = StartFails("Production", ("Storage:TableEndpoint", "https://account.table.core.windows.net"));
        Assert.Contains("Storage:ConnectionString and Storage:TableEndpoint are both set", e.Message);
    }

    /// <summary>One invalid value per options class (and per kind of check); the failure names the key.</summary>
    [Theory]
    [InlineData("Storage:TablePrefix", "bad-prefix", "Storage:TablePrefix")]
    [InlineData("Storage:MaxConnections", "0", "Storage:MaxConnections")]
    [InlineData("Files:LinkLifetime", "3.00:00:00", "Files:LinkLifetime")]
    [InlineData("Files:SigningKey", "c2hvcnQ=", "Files:SigningKey must be base64 of at least 32 bytes")]
    [InlineData("Files:RetentionCron", "every hour", "Files:RetentionCron 'every hour'")]
    [InlineData("Files:PublicBaseUrl", "bitacora.example.cl", "Files:PublicBaseUrl 'bitacora.example.cl'")]
    [InlineData("Reminders:TimeZone", "America/Springfield", "Reminders:TimeZone 'America/Springfield'")]
    [InlineData("Reminders:TimeOfDay", "9am", "Reminders:TimeOfDay '9am'")]
    [InlineData("Reminders:WorkingDays:0", "Lunes", "Reminders:WorkingDays 'Lunes'")]
    [InlineData("Reminders:SweepCron", "*/5 * *", "Reminders:SweepCron")]
    [InlineData("Reminders:MaxAttempts", "0", "Reminders:MaxAttempts")]
    [InlineData("Reminders:RateLimits:AppPerSecond", "0", "Reminders:RateLimits:AppPerSecond")]
    [InlineData("Reminders:SweepBudget", "00:10:00", "Reminders:SweepBudget")]
    [InlineData("Summaries:Dates:0", "31-07", "Summaries:Dates '31-07'")]
    [InlineData("Summaries:TimeOfDay", "25:00", "Summaries:TimeOfDay '25:00'")]
    [InlineData("Content:Path", "/nonexistent/bitacora-content", "Content:Path")]
    [InlineData("Guides:Path", "/nonexistent/bitacora-guides", "Guides:Path")]
    [InlineData("Sessions:MaxWriteAttempts", "0", "Sessions:MaxWriteAttempts")]
    [InlineData("Retention:Cron", "nightly", "Retention:Cron")]
    [InlineData("Retention:ProcessedActivitiesDays", "0", "Retention:ProcessedActivitiesDays")]
    [InlineData("Registry:IdentityCacheSeconds", "-1", "Registry:IdentityCacheSeconds")]
    [InlineData("Registry:KnownIdentityCacheMinutes", "-5", "Registry:KnownIdentityCacheMinutes")]
    [InlineData("Registry:RegistryVersionCheckSeconds", "-1", "Registry:RegistryVersionCheckSeconds")]
    [InlineData("BotFramework:MaxRequestBodyBytes", "0", "BotFramework:MaxRequestBodyBytes")]
    [InlineData("ForwardedHeaders:KnownProxies:0", "not-an-ip", "ForwardedHeaders:KnownProxies 'not-an-ip'")]
    public void An_invalid_value_stops_the_start_naming_the_key(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?>(Production) { [key] = value };

        var e = StartFailure("Production", settings);

        Assert.True(e is OptionsValidationException or InvalidOperationException, e.ToString());
        Assert.Contains(expected, e.Message);
    }
}
