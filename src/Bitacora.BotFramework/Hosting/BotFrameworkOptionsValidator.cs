using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Bitacora.BotFramework;

/// <summary>
/// Refuses to start a bot that would run wrong: anonymous outside Development (unless
/// <c>BotFramework:AllowAnonymous</c>), an app id without its password, an unknown app type, SingleTenant without a
/// tenant, unusable retry budgets or metadata URLs. Every failure names the configuration key to fix.
/// </summary>
internal sealed class BotFrameworkOptionsValidator(IHostEnvironment environment) : IValidateOptions<BotFrameworkOptions>
{
    public ValidateOptionsResult Validate(string? name, BotFrameworkOptions o)
    {
        var failures = new List<string>();
        if (o.IsAnonymous)
        {
            if (!environment.IsDevelopment() && !o.AllowAnonymous)
                failures.Add($"MicrosoftAppId is empty in the '{environment.EnvironmentName}' environment: inbound requests " +
                             "would not be authenticated. Set MicrosoftAppId and MicrosoftAppPassword (the bot's Entra app), " +
                             "or BotFramework:AllowAnonymous=true for a local emulator only.");
        }
        else if (string.IsNullOrWhiteSpace(o.MicrosoftAppPassword))
        {
            failures.Add("MicrosoftAppPassword is empty while MicrosoftAppId is set: outbound calls could not get a token.");
        }

        if (!string.Equals(o.MicrosoftAppType, "MultiTenant", StringComparison.OrdinalIgnoreCase) && !o.IsSingleTenant)
            failures.Add($"MicrosoftAppType '{o.MicrosoftAppType}' is not supported: use MultiTenant or SingleTenant.");
        if (o.IsSingleTenant && string.IsNullOrWhiteSpace(o.MicrosoftAppTenantId))
            failures.Add("MicrosoftAppTenantId is empty while MicrosoftAppType is SingleTenant.");

        foreach (var (key, url) in new[]
                 {
                     ("BotFramework:OpenIdMetadataUrl", o.OpenIdMetadataUrl),
                     ("BotFramework:EntraOpenIdMetadataUrl", o.EntraOpenIdMetadataUrl.Replace("{tenant}", "t")),
                     ("BotFramework:AuthorityHost", o.AuthorityHost),
                 })
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
                failures.Add($"{key} '{url}' is not an absolute http(s) URL.");
        }

        if (o.MaxRequestBodyBytes <= 0) failures.Add("BotFramework:MaxRequestBodyBytes must be positive.");
        if (o.ClockSkew < TimeSpan.Zero) failures.Add("BotFramework:ClockSkew must not be negative.");
        var retry = o.Retry;
        if (retry.MaxAttempts < 1) failures.Add("BotFramework:Retry:MaxAttempts must be at least 1.");
        if (retry.BaseDelay < TimeSpan.Zero) failures.Add("BotFramework:Retry:BaseDelay must not be negative.");
        if (retry.MaxDelay < retry.BaseDelay) failures.Add("BotFramework:Retry:MaxDelay must be at least BaseDelay.");
        if (retry.AttemptTimeout <= TimeSpan.Zero) failures.Add("BotFramework:Retry:AttemptTimeout must be positive.");
        if (retry.MaxTotalTime <= TimeSpan.Zero) failures.Add("BotFramework:Retry:MaxTotalTime must be positive.");

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
