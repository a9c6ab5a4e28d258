using Microsoft.Playwright;

namespace GscAnalytics.AppHost.Tests;

/// <summary>The dashboard in Debian's Chromium, driven by Playwright, as a person would use it.</summary>
public sealed class DashboardBrowserTests : IDisposable
{
    private const string Chromium = "/usr/bin/chromium";
    private readonly AppHostFixture fixture = new();

    [Fact]
    public async Task LoggingInShowsMigrationsFinishedAndItsTraceWithNestedSpans()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install Debian's chromium package (.ci/run does).");
        await using var app = await fixture.StartAsync();
        await app.ResourceNotifications.WaitForResourceAsync("migrations", s => KnownResourceStates.IsTerminal(s.State)).WaitAsync(AppHostFixture.Timeout);
        using var dashboard = new DashboardClient(app);
        Assertions.SetDefaultExpectTimeout((float)AppHostFixture.Timeout.TotalMilliseconds);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });

        await page.GotoAsync(dashboard.Dashboard.LoginUrl!.ToString());
        var migrations = page.Locator("tr[data-resource='migrations']");
        await Assertions.Expect(migrations.Locator("[data-testid=state]")).ToHaveTextAsync("Finished");
        await Assertions.Expect(migrations.Locator("[data-testid=exit-code]")).ToHaveTextAsync("0");
        await Screenshot(page, "dashboard-resources.png");

        await page.ClickAsync("a[data-view=traces]");
        await page.ClickAsync("a[data-trace='migrations: migrate']");
        await Assertions.Expect(page.Locator("tr[data-span='migrate'][data-depth='0']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("tr[data-span='migrate gsc_analytics_dev'][data-depth='1']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("tr[data-span='migrate gsc_analytics_test'][data-depth='1']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("tr[data-depth='2']").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("tr[data-span='migrate gsc_analytics_dev']")).ToContainTextAsync("oban.version.to=12");
        await Screenshot(page, "dashboard-trace.png");
    }

    [Fact]
    public async Task WithoutLoggingInThePageAsksForTheLoginUrl()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install Debian's chromium package (.ci/run does).");
        await using var app = await fixture.StartAsync();
        using var dashboard = new DashboardClient(app);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox", "--disable-gpu"] });
        var page = await browser.NewPageAsync();
        var response = await page.GotoAsync(dashboard.Dashboard.DashboardUrl!.ToString());

        Assert.Equal(401, response!.Status);
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("open the login URL printed in the AppHost's console");
    }

    public void Dispose() => fixture.Dispose();

    /// <summary>Kept as test artifacts under TestResults/ beside the test project's output.</summary>
    private static async Task Screenshot(IPage page, string name)
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "artifacts");
        Directory.CreateDirectory(directory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, name), FullPage = false });
    }
}
