using Microsoft.Playwright;

namespace Bitacora.Testing.Playground;

/// <summary>
/// The Playground's web UI in headless Debian Chromium (/usr/bin/chromium, never a downloaded browser) through
/// Microsoft.Playwright's bundled driver. Fresh profile per instance; requests to cdn.office.net (fonts, unreachable
/// offline) are aborted so the page does not wait on them; the page load is retried because the UI sometimes never
/// shows its text box. Screenshots go to &lt;repo&gt;/.artifacts/screenshots/.
/// </summary>
public sealed class PlaygroundBrowser : IAsyncDisposable
{
    public const string DefaultExecutable = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage",
    ];

    private readonly IPlaywright _playwright;
    private readonly IBrowserContext _context;
    private readonly string _profile;

    private PlaygroundBrowser(IPlaywright playwright, IBrowserContext context, IPage page, string profile)
    {
        _playwright = playwright;
        _context = context;
        Page = page;
        _profile = profile;
    }

    public IPage Page { get; private set; }

    public static string ScreenshotDirectory => RepoPaths.Combine(".artifacts", "screenshots");

    /// <summary>BITACORA_CHROMIUM overrides the browser path (default /usr/bin/chromium).</summary>
    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable("BITACORA_CHROMIUM") is { Length: > 0 } p ? p : DefaultExecutable;

    public static bool IsAvailable => File.Exists(ExecutablePath);

    public static async Task<PlaygroundBrowser> LaunchAsync()
    {
        if (!IsAvailable)
        {
            throw new InvalidOperationException(
                $"No Chromium at {ExecutablePath}. Install Debian's `chromium` (scripts/test does it: apt-get install -y chromium).");
        }
        // The bundled driver must never try to fetch a browser of its own.
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_VALIDATE_HOST_REQUIREMENTS", "1");
        var playwright = await Playwright.CreateAsync();
        var profile = Directory.CreateTempSubdirectory("bitacora-chromium-").FullName;
        try
        {
            var context = await playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Args = ChromiumArgs,
                ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
                Locale = "es-CL",
                TimezoneId = "America/Santiago",
                Timeout = 30_000,
            });
            await context.RouteAsync("**/*", async route =>
            {
                if (new Uri(route.Request.Url).Host.EndsWith("cdn.office.net", StringComparison.OrdinalIgnoreCase))
                {
                    await route.AbortAsync();
                }
                else
                {
                    await route.ContinueAsync();
                }
            });
            var page = context.Pages.Count > 0 ? context.Pages[0] : await context.NewPageAsync();
            return new PlaygroundBrowser(playwright, context, page, profile);
        }
        catch
        {
            playwright.Dispose();
            TryDelete(profile);
            throw;
        }
    }

    /// <summary>The chat's message box.</summary>
    public ILocator TextBox => Page.GetByRole(AriaRole.Textbox);

    /// <summary>Opens the Playground UI and waits for the message box; reloads (fresh page) up to
    /// <paramref name="attempts"/> times.</summary>
    public async Task OpenAsync(Uri playgroundUri, int attempts = 3, TimeSpan? perAttempt = null)
    {
        var wait = (float)(perAttempt ?? TimeSpan.FromSeconds(25)).TotalMilliseconds;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await Page.GotoAsync(playgroundUri.ToString(), new PageGotoOptions { Timeout = wait, WaitUntil = WaitUntilState.DOMContentLoaded });
                await TextBox.First.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible, Timeout = wait });
                return;
            }
            catch (Exception e) when (e is TimeoutException or PlaywrightException && attempt < attempts)
            {
                await ScreenshotAsync($"open-attempt-{attempt}-failed");
                await Page.CloseAsync();
                Page = await _context.NewPageAsync();
            }
        }
    }

    /// <summary>Selects a chat in the left tree: "Personal Chat", "Group Chat", "My Team - General".</summary>
    public async Task SelectChatAsync(string name)
    {
        await Page.GetByRole(AriaRole.Treeitem, new PageGetByRoleOptions { Name = name }).First.ClickAsync();
        await TextBox.First.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible, Timeout = 15_000 });
    }

    /// <summary>Types the text in the message box and presses Enter.</summary>
    public async Task SendMessageAsync(string text)
    {
        await TextBox.First.FillAsync(text);
        await TextBox.First.PressAsync("Enter");
    }

    /// <summary>Rendered Adaptive Cards that contain the text.</summary>
    public ILocator Cards(string hasText) =>
        Page.Locator(".ac-adaptiveCard").Filter(new LocatorFilterOptions { HasText = hasText });

    /// <summary>A paragraph of a rendered message containing the text.</summary>
    public ILocator Paragraph(string hasText) => Page.Locator("p", new PageLocatorOptions { HasText = hasText });

    /// <summary>Saves a full-page PNG under .artifacts/screenshots/ and returns its path.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        var safe = string.Concat(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '-'));
        var path = Path.Combine(ScreenshotDirectory, $"{safe}-{DateTime.UtcNow:yyyyMMdd-HHmmss}.png");
        try
        {
            await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true, Timeout = 10_000 });
        }
        catch (PlaywrightException)
        {
            return "(screenshot failed)";
        }
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _context.CloseAsync();
        }
        catch (PlaywrightException)
        {
        }
        _playwright.Dispose();
        TryDelete(_profile);
    }

    private static void TryDelete(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
