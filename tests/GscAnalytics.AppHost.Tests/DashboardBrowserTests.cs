using GscAnalytics.AppHost.Tests.Helpers;
using Microsoft.Playwright;

namespace GscAnalytics.AppHost.Tests;

/// <summary>Aspire's real dashboard in Debian's Chromium, driven by Playwright, as a person would use it.</summary>
public sealed class DashboardBrowserTests : IDisposable
{
    private const string Chromium = "/usr/bin/chromium";
    private readonly TestAppHost host = new();

    [Fact]
    public async Task LoggingInWithTheTokenShowsTheResourcesThePhoenixAppsLinkAndTheMigrationTraceWithTheStepsOfEachDatabase()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install Debian's chromium package (.ci/run does).");
        await using var app = await host.StartAsync(dashboard: true, extraArgs: [.. DashboardApi.FreePortArguments(), .. PhoenixFixture.Arguments(out var port)]);
        Assert.Equal(0, (await app.WaitForTerminalAsync("migrations")).ExitCode);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("phoenix").WaitAsync(TestAppHost.Timeout);
        var login = DashboardApi.LoginUrl(app);
        Assertions.SetDefaultExpectTimeout((float)TestAppHost.Timeout.TotalMilliseconds);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1500, Height = 900 } });

        await page.GotoAsync(login);
        await Assertions.Expect(Row(page, "migrations")).ToContainTextAsync("Finished");
        await Assertions.Expect(Row(page, "gsc-analytics-dev")).ToContainTextAsync("Running");
        await Assertions.Expect(Row(page, "gsc-analytics-test")).ToContainTextAsync("Running");
        await Assertions.Expect(Row(page, "postgres")).ToContainTextAsync("Running");
        await Assertions.Expect(Row(page, "phoenix")).ToContainTextAsync($"http://localhost:{port}");
        await Assertions.Expect(page.GetByText("No trusted development certificate")).ToHaveCountAsync(0);
        await ScreenshotAsync(page, "dashboard-resources.png");

        await page.GotoAsync(new Uri(new Uri(login), "/traces").ToString());
        await page.GetByText("migrations: migrate").First.ClickAsync();
        await page.SetViewportSizeAsync(1500, 3200);
        foreach (var step in new[] { "migrate gsc_analytics_dev", "oban.lock", "ef.history", "ef.migrate", "oban.migrate", "DO oban_v01_up", "oban.verify", "migrate gsc_analytics_test" })
        {
            await Assertions.Expect(Row(page, step)).ToBeVisibleAsync();
        }

        await ScreenshotAsync(page, "dashboard-trace.png");
    }

    public void Dispose() => host.Dispose();

    private static ILocator Row(IPage page, string text) =>
        page.GetByRole(AriaRole.Row).Filter(new() { HasText = text }).First;

    /// <summary>Kept under the test output's artifacts/; with GSC_UPDATE_DOCS=1 also written to docs/ for the README.</summary>
    private static async Task ScreenshotAsync(IPage page, string name)
    {
        var artifacts = Path.Combine(AppContext.BaseDirectory, "artifacts");
        Directory.CreateDirectory(artifacts);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(artifacts, name) });
        if (Environment.GetEnvironmentVariable("GSC_UPDATE_DOCS") == "1")
        {
            var docs = Repository.PathTo("docs");
            Directory.CreateDirectory(docs);
            File.Copy(Path.Combine(artifacts, name), Path.Combine(docs, name), overwrite: true);
        }
    }
}
