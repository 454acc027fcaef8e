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
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment(environment);
            foreach (var (key, value) in settings) web.UseSetting(key, value);
        });
        return Assert.Throws<OptionsValidationException>(() => factory.Server);
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
}
