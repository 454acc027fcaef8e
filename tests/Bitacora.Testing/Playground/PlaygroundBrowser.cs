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

    /// <summary>
    /// Chooses <paramref name="option"/> (accessible name, substring) in a compact Input.ChoiceSet. The Playground
    /// renders it as a combobox with a popup list of options; a native &lt;select&gt; is handled too.
    /// </summary>
    public async Task ChooseAsync(ILocator combobox, string option, float timeoutMs = 15_000)
    {
        await combobox.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible, Timeout = timeoutMs });
        if (await combobox.EvaluateAsync<string>("e => e.tagName") == "SELECT")
        {
            var value = await combobox.Locator("option", new LocatorLocatorOptions { HasText = option }).First.GetAttributeAsync("value");
            await combobox.SelectOptionAsync(value ?? option, new LocatorSelectOptionOptions { Timeout = timeoutMs });
            return;
        }
        await combobox.ClickAsync(new LocatorClickOptions { Timeout = timeoutMs });
        await Page.GetByRole(AriaRole.Option, new PageGetByRoleOptions { Name = option }).First
            .ClickAsync(new LocatorClickOptions { Timeout = timeoutMs });
    }

    /// <summary>The combobox of a compact Input.ChoiceSet inside <paramref name="card"/>, by its label.</summary>
    public static ILocator ComboBox(ILocator card, string label) =>
        card.GetByRole(AriaRole.Combobox, new LocatorGetByRoleOptions { Name = label });

    /// <summary>Fills a text or date input of <paramref name="card"/> found by its label, else by its placeholder.</summary>
    public static async Task FillAsync(ILocator card, string labelOrPlaceholder, string text, float timeoutMs = 15_000)
    {
        var input = card.GetByLabel(labelOrPlaceholder).Or(card.GetByPlaceholder(labelOrPlaceholder)).First;
        await input.FillAsync(text, new LocatorFillOptions { Timeout = timeoutMs });
    }

    /// <summary>Clicks the card's button with exactly this title.</summary>
    public static Task ClickButtonAsync(ILocator card, string title, float timeoutMs = 15_000) =>
        card.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = title, Exact = true }).First
            .ClickAsync(new LocatorClickOptions { Timeout = timeoutMs });

    /// <summary>
    /// Saves a PNG of one element (e.g. a card) under .artifacts/screenshots/ and returns its path. The chat pane
    /// scrolls inside the page, so a tall card is cut by it: the viewport is grown to fit the element meanwhile.
    /// </summary>
    public async Task<string> ScreenshotAsync(ILocator element, string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        var safe = string.Concat(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '-'));
        var path = Path.Combine(ScreenshotDirectory, $"{safe}-{DateTime.UtcNow:yyyyMMdd-HHmmss}.png");
        var original = Page.ViewportSize;
        try
        {
            var height = await element.EvaluateAsync<int>("e => Math.ceil(e.getBoundingClientRect().height)", null, new LocatorEvaluateOptions { Timeout = 10_000 });
            if (original is not null && height + 400 > original.Height)
            {
                await Page.SetViewportSizeAsync(original.Width, Math.Min(height + 400, 6_000));
            }
            await element.ScrollIntoViewIfNeededAsync(new LocatorScrollIntoViewIfNeededOptions { Timeout = 10_000 });
            await element.ScreenshotAsync(new LocatorScreenshotOptions { Path = path, Timeout = 10_000 });
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            return "(screenshot failed)";
        }
        finally
        {
            if (original is not null)
            {
                await Page.SetViewportSizeAsync(original.Width, original.Height);
            }
        }
        return path;
    }

    /// <summary>Writes the element's outer HTML next to the screenshots (to see what the renderer produced).</summary>
    public async Task<string> DumpHtmlAsync(ILocator element, string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        var path = Path.Combine(ScreenshotDirectory, $"{name}-{DateTime.UtcNow:yyyyMMdd-HHmmss}.html");
        try
        {
            await File.WriteAllTextAsync(path, await element.EvaluateAsync<string>("e => e.outerHTML", null, new LocatorEvaluateOptions { Timeout = 5_000 }));
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            return "(dump failed)";
        }
        return path;
    }

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
