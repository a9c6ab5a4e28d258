using GscAnalytics.AppHost.Tests.Helpers;
using Microsoft.Playwright;

namespace GscAnalytics.AppHost.Tests;

/// <summary>Aspire's real dashboard in Debian's Chromium, driven by Playwright, as a person would use it.</summary>
public sealed class DashboardBrowserTests : IDisposable
{
    private const string Chromium = "/usr/bin/chromium";
    private readonly TestAppHost host = new();

    [Fact]
    public async Task LoggingInWithTheTokenShowsTheResourcesThePhoenixAppsLinkItsShellAndIexObansJobsAndMetricsAndTheMigrationTrace()
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
        await using var session = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1500, Height = 900 } });
        var page = await session.NewPageAsync();

        await page.GotoAsync(login);
        await Assertions.Expect(Row(page, "migrations")).ToContainTextAsync("Finished");
        await Assertions.Expect(Row(page, "gsc-analytics-dev")).ToContainTextAsync("Running");
        await Assertions.Expect(Row(page, "gsc-analytics-test")).ToContainTextAsync("Running");
        await Assertions.Expect(Row(page, "postgres")).ToContainTextAsync("Running");
        await Assertions.Expect(Row(page, "phoenix")).ToContainTextAsync($"http://localhost:{port}");
        await Assertions.Expect(page.GetByText("No trusted development certificate")).ToHaveCountAsync(0);
        await ScreenshotAsync(page, "dashboard-resources.png");

        // The Shell button opens a terminal in the dock with the app's environment; what is typed there runs there.
        await Row(page, $"http://localhost:{port}").Locator("[title^='Opens a shell']").ClickAsync();
        await Assertions.Expect(page.GetByText("phoenix shell")).ToBeVisibleAsync();
        var shell = app.Resource("phoenix").Annotations.OfType<OpenedTerminalsAnnotation>().Single().Terminals[^1];
        await shell.WaitForTextAsync("phoenix_app", Terminals.Timeout);
        await TypeUntilAnsweredAsync(page, (700, 780), "mix ecto.migrate", async () => shell.GetScreenText().Contains("Migrations already up", StringComparison.Ordinal));
        await page.WaitForTimeoutAsync(1000); // the browser draws what the terminal already shows
        await ScreenshotAsync(page, "dashboard-shell.png");

        // The app's console page is its IEx prompt (in a tab of its own, without the dock). The browser is its only
        // viewer, so that it has the control of the terminal; what it typed is read back from the app's console log.
        page = await session.NewPageAsync();
        await page.GotoAsync(new Uri(new Uri(login), "/consolelogs/resource/phoenix").ToString());
        await Assertions.Expect(page.GetByRole(AriaRole.Combobox, new() { Name = "Terminal dimensions" })).ToContainTextAsync($"{GscAnalytics.Hosting.Phoenix.PhoenixTerminals.Columns}×");
        await TypeUntilAnsweredAsync(page, (700, 450), "IO.puts(\"serving=#{Application.get_env(:gsc_fixture, :serve)}\")",
            async () => (await app.ConsoleLinesAsync("phoenix")).Any(l => l.Contains("serving=true", StringComparison.Ordinal)));
        await page.WaitForTimeoutAsync(1000);
        await ScreenshotAsync(page, "dashboard-iex.png");

        // Oban's jobs: the oban resource's properties, and a chart of its metrics.
        await using (var db = await app.OpenAsync("gsc-analytics-dev"))
        {
            await LiveCatalog.ExecuteAsync(db, """
                INSERT INTO public.oban_jobs (state, queue, worker, args, scheduled_at)
                SELECT s::public.oban_job_state, q, 'GscAnalytics.Workers.SyncSite', jsonb_build_object('site_id', g), timezone('UTC', now()) - interval '40 seconds'
                  FROM unnest(ARRAY['available', 'available', 'completed', 'completed', 'completed', 'scheduled']) s, unnest(ARRAY['default', 'mailers']) q, generate_series(1, 3) g
                """);
        }

        page = await session.NewPageAsync();
        await page.SetViewportSizeAsync(1900, 900);
        await page.GotoAsync(login);
        await page.GetByText("oban", new() { Exact = true }).First.ClickAsync();
        await Assertions.Expect(page.GetByText("gsc-analytics-dev · mailers")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("available 6 · scheduled 3 · completed 9").First).ToBeVisibleAsync();
        await ScreenshotAsync(page, "dashboard-oban.png");
        await page.GotoAsync(new Uri(new Uri(login), "/metrics/resource/oban?meter=GscAnalytics.ObanMonitor&instrument=oban.jobs").ToString());
        await Assertions.Expect(page.GetByText("Jobs by database, queue and state")).ToBeVisibleAsync();
        await page.WaitForTimeoutAsync(3000); // a few points on the chart
        await ScreenshotAsync(page, "dashboard-oban-metrics.png");

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

    /// <summary>
    /// Clicks into a terminal and types a line (one a second time does no harm) until <paramref name="shown"/> holds: a
    /// terminal view drops keys until it has attached, which the page does not show. Keys are typed only once the
    /// terminal's input has the focus: typed into the page, they are the dashboard's shortcuts ("m" opens Metrics).
    /// </summary>
    private static async Task TypeUntilAnsweredAsync(IPage page, (int X, int Y) at, string line, Func<Task<bool>> shown)
    {
        var deadline = DateTime.UtcNow + Terminals.Timeout;
        do
        {
            await page.Mouse.ClickAsync(at.X, at.Y);
            if (!await Poll.UntilAsync(() => page.EvaluateAsync<bool>(TerminalHasFocus), focused => focused, TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(100)))
            {
                continue;
            }

            await page.Keyboard.TypeAsync(line + "\n", new KeyboardTypeOptions { Delay = 20 });
            if (await Poll.UntilAsync(shown, done => done, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(200)))
            {
                return;
            }
        }
        while (DateTime.UtcNow < deadline);

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "artifacts", "terminal-not-attached.png") });
        Assert.Fail($"\"{line}\" typed into the terminal for {Terminals.Timeout.TotalSeconds} s never showed its answer.");
    }

    // The focused element, looked for inside shadow roots too: a terminal's input is a text area.
    private const string TerminalHasFocus = """
        () => {
            let e = document.activeElement;
            while (e?.shadowRoot?.activeElement) e = e.shadowRoot.activeElement;
            return e?.tagName === 'TEXTAREA';
        }
        """;

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
