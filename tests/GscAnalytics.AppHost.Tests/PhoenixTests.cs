using GscAnalytics.AppHost.Tests.Helpers;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GscAnalytics.AppHost.Tests;

/// <summary>The Phoenix app as Aspire resources, with the fixture Mix project standing in for it: real mix, real BEAM.</summary>
public sealed class PhoenixTests : IDisposable
{
    private static readonly TimeSpan BeamGone = TimeSpan.FromSeconds(10);
    private readonly TestAppHost host = new();

    [Fact]
    public async Task TheAppStartsAfterItsInstallerAndTheMigrationsWithItsDatabaseSecretAndEndpointAndStopLeavesNoBeam()
    {
        var args = PhoenixFixture.Arguments(out var port);
        string? secret;
        await using (var app = await host.StartAsync(null, _ => { }, dashboard: false, args))
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync("phoenix").WaitAsync(TestAppHost.Timeout);
            var installer = app.Snapshot("phoenix-installer");
            var migrations = app.Snapshot("migrations");
            var phoenix = app.Snapshot("phoenix");
            var seen = await PhoenixFixture.SeenAsync(port);
            var database = new NpgsqlConnectionStringBuilder(await app.GetConnectionStringAsync("gsc-analytics-dev"));
            secret = seen.Text("secret_key_base_sha256");

            Assert.Equal(0, installer.ExitCode);
            Assert.Equal(0, migrations.ExitCode);
            ConsoleAssert.Before(app.AppHostConsole(), "phoenix-installer: Finished (exit code 0)", "phoenix: Running");
            ConsoleAssert.Before(app.AppHostConsole(), "migrations: Finished (exit code 0)", "phoenix: Running");
            Assert.Contains(phoenix.Urls, u => u.Url == $"http://localhost:{port}");
            Assert.Equal(("dev", "true", "localhost", port), (seen.Text("mix_env"), seen.Text("phx_server"), seen.Text("phx_host"), seen.Number("port")));
            Assert.Null(seen.Text("database", "parse_error"));
            Assert.Equal((database.Username, database.Host, database.Port, database.Database), (seen.Text("database", "username"), seen.Text("database", "hostname"), seen.Number("database", "port"), seen.Text("database", "database")));
            Assert.Equal("12", seen.Text("oban_version"));
            Assert.True(seen.Number("secret_key_base_length") >= 64, $"SECRET_KEY_BASE has {seen.Number("secret_key_base_length")} characters");
            Assert.Null(seen.Text("otel", "endpoint"));

            Assert.Contains(BeamProcesses.Running(host.Password), p => p.StartsWith("beam.smp", StringComparison.Ordinal));
            var stop = await app.Services.GetRequiredService<ResourceCommandService>().ExecuteCommandAsync("phoenix", KnownResourceCommands.StopCommand).WaitAsync(TestAppHost.Timeout);
            Assert.True(stop.Success, stop.Message);
            Assert.Empty(await BeamProcesses.LeftAfterAsync(host.Password, BeamGone));
        }

        await using var again = await host.StartAsync(null, _ => { }, dashboard: false, args);
        await again.ResourceNotifications.WaitForResourceHealthyAsync("phoenix").WaitAsync(TestAppHost.Timeout);
        Assert.Equal(secret, (await PhoenixFixture.SeenAsync(port)).Text("secret_key_base_sha256"));
    }

    [Fact]
    public async Task TheAppExportsWithTheVariablesItIsGivenAndItsSpanShowsInTheDashboard()
    {
        string[] args = [.. DashboardApi.FreePortArguments(), .. PhoenixFixture.Arguments(out var port)];
        await using var app = await host.StartAsync(null, _ => { }, dashboard: true, args);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("phoenix").WaitAsync(TestAppHost.Timeout);

        var seen = await PhoenixFixture.SeenAfterExportAsync(port, TimeSpan.FromSeconds(30));
        using var dashboard = await DashboardApi.ConnectAsync(app);
        var spans = await dashboard.WaitForSpanAsync("phoenix", "gsc_fixture.boot", TimeSpan.FromSeconds(30));

        Assert.Equal("http", new Uri(seen.Text("otel", "endpoint")!).Scheme);
        Assert.Equal("http/protobuf", seen.Text("otel", "protocol"));
        Assert.Equal("phoenix", seen.Text("otel", "service_name"));
        Assert.StartsWith("service.instance.id=", seen.Text("otel", "resource_attributes"));
        Assert.True(seen.GetProperty("otel").GetProperty("headers_present").GetBoolean(), "no OTEL_EXPORTER_OTLP_HEADERS: the dashboard would refuse the export");
        Assert.Equal("ok 200", seen.Text("otel", "export_status"));
        Assert.Contains("\"gsc_fixture.port\"", spans);
    }

    [Fact]
    public async Task AFailingInstallerKeepsTheAppFromStartingAndSaysWhyInOneLineAndStartingItAgainOnceFixedStartsTheApp()
    {
        var broken = PhoenixFixture.BrokenCopy(host.Root);
        var args = PhoenixFixture.Arguments(out _, broken);

        await using var app = await host.StartAsync(null, _ => { }, dashboard: false, args);
        var installer = await app.WaitForTerminalAsync("phoenix-installer");
        var phoenix = await app.WaitForTerminalAsync("phoenix");
        var line = await app.WaitForAppHostLineAsync("phoenix-installer failed:");

        Assert.NotEqual(0, installer.ExitCode);
        Assert.Equal(KnownResourceStates.FailedToStart, phoenix.State?.Text);
        Assert.Null(phoenix.StartTimeStamp);
        Assert.Contains("mix.exs", line);
        Assert.Contains($"phoenix: FailedToStart (waits for phoenix-installer, which finished with exit code {installer.ExitCode})", app.AppHostConsole());
        Assert.Equal(0, (await app.WaitForTerminalAsync("migrations")).ExitCode);

        File.Copy(Path.Combine(PhoenixFixture.Directory, "mix.exs"), Path.Combine(broken, "mix.exs"), overwrite: true);
        var start = await app.Services.GetRequiredService<ResourceCommandService>().ExecuteCommandAsync("phoenix-installer", KnownResourceCommands.StartCommand).WaitAsync(TestAppHost.Timeout);
        Assert.True(start.Success, start.Message);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("phoenix", WaitBehavior.WaitOnResourceUnavailable).WaitAsync(TestAppHost.Timeout);
        Assert.Contains("phoenix: starting, phoenix-installer finished with exit code 0", app.AppHostConsole());
    }

    [Fact]
    public async Task TheTestsWaitToBeStartedThenPassOnTheTestDatabaseAndFailWhenItsSchemaIsMissing()
    {
        await using var app = await host.StartAsync(null, _ => { }, dashboard: false, PhoenixFixture.Arguments(out _));
        await app.ResourceNotifications.WaitForResourceHealthyAsync("phoenix").WaitAsync(TestAppHost.Timeout);
        Assert.Equal(KnownResourceStates.NotStarted, app.Snapshot("phoenix-tests").State?.Text);

        var passed = await RunTestsAsync(app);
        var passedOutput = await app.ConsoleLinesAsync("phoenix-tests");
        await using (var db = await app.OpenAsync("gsc-analytics-test"))
        {
            await LiveCatalog.ExecuteAsync(db, "DROP TABLE public.oban_jobs, public.oban_peers");
        }

        var failed = await RunTestsAsync(app);
        var failure = await app.WaitForAppHostLineAsync("phoenix-tests failed:");

        Assert.Equal(0, passed.ExitCode);
        Assert.Contains(passedOutput, l => l.Contains(" tests, 0 failures", StringComparison.Ordinal));
        Assert.NotEqual(0, failed.ExitCode);
        Assert.Contains(await app.ConsoleLinesAsync("phoenix-tests"), l => l.Contains("relation \"public.oban_jobs\" does not exist", StringComparison.Ordinal));
        Assert.Matches(@"phoenix-tests failed: \d+ tests, [1-9]\d* failures?\. Fix the cause", failure);
        Assert.Equal(KnownResourceStates.Running, app.Snapshot("phoenix").State?.Text);
    }

    [Fact]
    public async Task WithoutElixirThePhoenixResourcesFailInOneLineSayingWhatToInstallAndTheRestRuns()
    {
        using var path = PathWithout.Commands("mix", "elixir", "iex", "erl");
        await using var app = await host.StartAsync(null, _ => { }, dashboard: false, PhoenixFixture.Arguments(out _));

        var phoenix = await app.WaitForTerminalAsync("phoenix");
        var migrations = await app.WaitForTerminalAsync("migrations");

        Assert.Equal(KnownResourceStates.FailedToStart, phoenix.State?.Text);
        Assert.Contains("phoenix-installer: FailedToStart (command 'mix' was not found on PATH; install Elixir (Debian/Ubuntu: apt-get install elixir))", app.AppHostConsole());
        Assert.True(app.AppHostConsole().Any(l => l.StartsWith("phoenix: FailedToStart (", StringComparison.Ordinal) && l.Contains("command 'mix' was not found on PATH; install Elixir (Debian/Ubuntu: apt-get install elixir)", StringComparison.Ordinal)), string.Join("\n", app.AppHostConsole()));
        Assert.Equal(0, migrations.ExitCode);
        Assert.Equal(KnownResourceStates.Running, app.Snapshot("postgres").State?.Text);
    }

    [Fact]
    public async Task CtrlCStopsTheBeamWithEverythingElse()
    {
        using var run = AppHostProcess.Start([.. await host.ArgumentsAsync(null), .. PhoenixFixture.Arguments(out _), "--Dashboard:Enabled=false"]);
        // Ready: the app answers its health check, so its BEAM is up, not only the mix script that starts it.
        Assert.True(await run.WaitForLineAsync("Ready:", TestAppHost.Timeout), run.Output);
        Assert.Contains(BeamProcesses.Running(host.Password), p => p.StartsWith("beam.smp", StringComparison.Ordinal));

        await run.InterruptAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Empty(await BeamProcesses.LeftAfterAsync(host.Password, BeamGone));
        Assert.Empty(await ProcessTable.WaitUntilNoneAsync(host.DataDirectory, BeamGone));
    }

    public void Dispose() => host.Dispose();

    // Aspire's timestamps come from the orchestrator's clock, late by up to half a second: the run's own end is its stop event.
    private static async Task<CustomResourceSnapshot> RunTestsAsync(DistributedApplication app)
    {
        var eventing = app.Services.GetRequiredService<Aspire.Hosting.Eventing.IDistributedApplicationEventing>();
        var stopped = new TaskCompletionSource<CustomResourceSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        var tests = app.Resource("phoenix-tests");
        var subscription = eventing.Subscribe<ResourceStoppedEvent>(tests, (e, _) =>
        {
            stopped.TrySetResult(e.ResourceEvent.Snapshot);
            return Task.CompletedTask;
        });
        try
        {
            var start = await app.Services.GetRequiredService<ResourceCommandService>().ExecuteCommandAsync("phoenix-tests", KnownResourceCommands.StartCommand).WaitAsync(TestAppHost.Timeout);
            Assert.True(start.Success, start.Message);
            return await stopped.Task.WaitAsync(TestAppHost.Timeout);
        }
        finally
        {
            eventing.Unsubscribe(subscription);
        }
    }
}
