using GscAnalytics.AppHost.Tests.Helpers;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GscAnalytics.AppHost.Tests;

/// <summary>
/// The Phoenix app as Aspire resources, with the fixture Mix project standing in for a generated app: real mix, real
/// BEAM, its own migrations on the real database, IEx in a real terminal.
/// </summary>
public sealed class PhoenixTests : IDisposable
{
    private static readonly TimeSpan BeamGone = TimeSpan.FromSeconds(10);
    private readonly TestAppHost host = new();

    [Fact]
    public async Task TheAppStartsAfterItsInstallerObansSchemaAndItsOwnMigrationsWithItsDatabaseSecretAndEndpointAndStopLeavesNoBeam()
    {
        var args = PhoenixFixture.Arguments(out var port);
        string? secret;
        await using (var app = await host.StartAsync(null, _ => { }, dashboard: false, args))
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync("phoenix").WaitAsync(TestAppHost.Timeout);
            var ready = await app.WaitForAppHostLineAsync("Ready:");
            var phoenix = app.Snapshot("phoenix");
            var seen = await PhoenixFixture.SeenAsync(port);
            var database = new NpgsqlConnectionStringBuilder(await app.GetConnectionStringAsync("gsc-analytics-dev"));
            secret = seen.Text("secret_key_base_sha256");

            Assert.Equal((0, 0, 0), (app.Snapshot("phoenix-installer").ExitCode, app.Snapshot("migrations").ExitCode, app.Snapshot("phoenix-migrations").ExitCode));
            ConsoleAssert.Before(app.AppHostConsole(), "phoenix-installer: Finished (exit code 0)", "phoenix-migrations: Running");
            ConsoleAssert.Before(app.AppHostConsole(), "migrations: Finished (exit code 0)", "phoenix-migrations: Running");
            ConsoleAssert.Before(app.AppHostConsole(), "phoenix-migrations: Finished (exit code 0)", "phoenix: Running");
            Assert.Contains($"phoenix (http://localhost:{port})", ready);
            Assert.Contains(phoenix.Urls, u => u.Url == $"http://localhost:{port}");
            Assert.Equal(("dev", "localhost", port), (seen.Text("mix_env"), seen.Text("phx_host"), seen.Number("port")));
            Assert.Null(seen.Text("phx_server"));
            Assert.Null(seen.Text("database", "parse_error"));
            Assert.Equal((database.Username, database.Host, database.Port, database.Database), (seen.Text("database", "username"), seen.Text("database", "hostname"), seen.Number("database", "port"), seen.Text("database", "database")));
            Assert.Equal("12", seen.Text("oban_version"));
            Assert.True(seen.Number("secret_key_base_length") >= 64, $"SECRET_KEY_BASE has {seen.Number("secret_key_base_length")} characters");
            Assert.Null(seen.Text("otel", "endpoint"));
            await using (var db = await app.OpenAsync("gsc-analytics-dev"))
            {
                Assert.Equal("20240901000000,20240901000100", (string?)await LiveCatalog.ScalarAsync(db, "SELECT string_agg(version::text, ',' ORDER BY version) FROM public.schema_migrations"));
                Assert.True((bool)(await LiveCatalog.ScalarAsync(db, "SELECT to_regclass('public.sites') IS NOT NULL"))!);
            }

            Assert.Contains(BeamProcesses.Running(host.Password), p => p.StartsWith("beam.smp", StringComparison.Ordinal));
            var stop = await app.Services.GetRequiredService<ResourceCommandService>().ExecuteCommandAsync("phoenix", KnownResourceCommands.StopCommand).WaitAsync(TestAppHost.Timeout);
            Assert.True(stop.Success, stop.Message);
            Assert.Empty(await BeamProcesses.LeftAfterAsync(host.Password, BeamGone));
        }

        await using var again = await host.StartAsync(null, _ => { }, dashboard: false, args);
        await again.ResourceNotifications.WaitForResourceHealthyAsync("phoenix").WaitAsync(TestAppHost.Timeout);
        Assert.Equal(secret, (await PhoenixFixture.SeenAsync(port)).Text("secret_key_base_sha256"));
        Assert.Contains(await again.ConsoleLinesAsync("phoenix-migrations"), l => l.EndsWith("Migrations already up", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheAppsTerminalIsItsIexPromptAndPsqlOpensOnEachDatabaseWithoutShowingThePassword()
    {
        await using var app = await host.StartAsync(null, _ => { }, dashboard: false, PhoenixFixture.Arguments(out _));
        await app.ResourceNotifications.WaitForResourceHealthyAsync("phoenix").WaitAsync(TestAppHost.Timeout);

        var iex = await Terminals.OfResourceAsync(app, "phoenix");
        await iex.WaitForTextAsync("iex(1)>", Terminals.Timeout);
        var screen = await iex.RunAsync("IO.puts(\"serving=#{Application.get_env(:gsc_fixture, :serve)} sum=#{40 + 2}\")", "serving=true sum=42");
        var psql = await Terminals.OpenAsync(app, "gsc-analytics-test", "psql");
        var psqlScreen = await psql.RunAsync("SELECT 'version=' || obj_description('public.oban_jobs'::regclass, 'pg_class');", "version=12");

        Assert.Contains("iex(2)>", screen);
        Assert.Contains("gsc_analytics_test=#", psqlScreen);
        Assert.DoesNotContain(host.Password, psqlScreen);
        Assert.Contains(await app.ConsoleLinesAsync("phoenix"), l => l.Contains("serving=true sum=42", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PendingMigrationsAreSaidAsTheAppsUnhealthyCauseAndMigratingFromItsShellMakesItReady()
    {
        await using var app = await host.StartAsync(null, QuickHealthReport, dashboard: false, [.. PhoenixFixture.Arguments(out _), "--Phoenix:Migrate=false"]);

        var unhealthy = await app.WaitForAppHostLineAsync("phoenix: Unhealthy");
        var shell = await Terminals.OpenAsync(app, "phoenix", "shell");
        var database = await shell.RunAsync("echo \"database=${DATABASE_URL##*/} env=$MIX_ENV\"", "database=gsc_analytics_dev env=dev");
        var migrated = await shell.RunAsync("mix ecto.migrate", "== Migrated 20240901000100");
        await app.ResourceNotifications.WaitForResourceHealthyAsync("phoenix").WaitAsync(TestAppHost.Timeout);
        var ready = await app.WaitForAppHostLineAsync("Ready:");

        Assert.Equal("phoenix: Unhealthy (GET / answered 503: Phoenix.Ecto.PendingMigrationError: there are pending migrations for repo: GscFixture.Repo. Try running `mix ecto.migrate` in the command line to migrate it)", unhealthy);
        Assert.DoesNotContain("phoenix-migrations", app.Services.GetRequiredService<DistributedApplicationModel>().Resources.Select(r => r.Name));
        Assert.Single(app.AppHostConsole(), l => l.StartsWith("phoenix: Unhealthy", StringComparison.Ordinal));
        Assert.DoesNotContain(host.Password, database + migrated);
        ConsoleAssert.Before(app.AppHostConsole(), unhealthy, ready);
    }

    [Fact]
    public async Task AServerErrorAtTheHealthPathIsSaidWithTheErrorsTitleAndAnApiOnlyAppsNotFoundIsUp()
    {
        await using var app = await host.StartAsync(null, QuickHealthReport, dashboard: false, [.. PhoenixFixture.Arguments(out var port), "--Phoenix:HealthPath=/boom"]);

        var unhealthy = await app.WaitForAppHostLineAsync("phoenix: Unhealthy");
        using var http = new HttpClient();
        var root = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/"));

        Assert.Equal("phoenix: Unhealthy (GET /boom answered 500: RuntimeError: boom)", unhealthy);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, root.StatusCode);
        Assert.DoesNotContain(app.AppHostConsole(), l => l.StartsWith("Ready:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AFailingMigrationOfTheAppKeepsItFromStartingWithEctosCauseAndStartingItAgainOnceFixedBringsTheAppUp()
    {
        var copy = PhoenixFixture.Copy(host.Root, "failing_migration", app =>
            PhoenixFixture.AddMigration(app, 20240902000000, "CreateSitesAgain", "CREATE TABLE sites (id bigserial PRIMARY KEY)"));
        await using var app = await host.StartAsync(null, _ => { }, dashboard: false, PhoenixFixture.Arguments(out _, copy));

        var migrations = await app.WaitForTerminalAsync("phoenix-migrations");
        var phoenix = await app.WaitForTerminalAsync("phoenix");
        var line = await app.WaitForAppHostLineAsync("phoenix-migrations failed:");
        await using (var db = await app.OpenAsync("gsc-analytics-dev"))
        {
            Assert.Equal(2L, (long)(await LiveCatalog.ScalarAsync(db, "SELECT count(*) FROM public.schema_migrations"))!);
        }

        File.Delete(Directory.GetFiles(Path.Combine(copy, "priv", "repo", "migrations"), "20240902000000_*").Single());
        var rerun = await app.RunAsync("phoenix-migrations");
        await app.ResourceNotifications.WaitForResourceHealthyAsync("phoenix", WaitBehavior.WaitOnResourceUnavailable).WaitAsync(TestAppHost.Timeout);

        Assert.Equal(1, migrations.ExitCode);
        Assert.Equal(KnownResourceStates.FailedToStart, phoenix.State?.Text);
        Assert.StartsWith("phoenix-migrations failed: ** (Postgrex.Error) ERROR 42P07 relation \"sites\" already exists. Fix the cause", line);
        Assert.Contains("phoenix: FailedToStart (waits for phoenix-migrations, which finished with exit code 1)", app.AppHostConsole());
        Assert.Equal(0, rerun.ExitCode);
        Assert.Contains("phoenix: starting, phoenix-migrations finished with exit code 0", app.AppHostConsole());
    }

    [Fact]
    public async Task AnAppThatExitsNonZeroIsSaidWithTheCauseFromItsOwnOutput()
    {
        var copy = PhoenixFixture.Copy(host.Root, "compile_error", app =>
            File.WriteAllText(Path.Combine(app, "lib", "gsc_fixture", "broken.ex"), "defmodule GscFixture.Broken do\n  def run, do: :ok(\nend\n"));
        await using var app = await host.StartAsync(null, _ => { }, dashboard: false, [.. PhoenixFixture.Arguments(out _, copy), "--Phoenix:Migrate=false"]);

        var phoenix = await app.WaitForTerminalAsync("phoenix");
        var line = await app.WaitForAppHostLineAsync("phoenix failed:");

        Assert.NotEqual(0, phoenix.ExitCode);
        Assert.StartsWith("phoenix failed: ** (SyntaxError) lib/gsc_fixture/broken.ex:", line);
    }

    [Fact]
    public async Task ResetBringsBackObansSchemaAndTheAppsOwnMigrationsAndTheAppHealthy()
    {
        await using var app = await host.StartAsync(null, _ => { }, dashboard: false, PhoenixFixture.Arguments(out var port));
        await app.WaitForAppHostLineAsync("Ready:");
        await using (var db = await app.OpenAsync("gsc-analytics-dev"))
        {
            await LiveCatalog.ExecuteAsync(db, "INSERT INTO public.sites (url, inserted_at, updated_at) VALUES ('https://example.com', now(), now())");
        }

        var before = app.AppHostConsole().Count;
        var reset = await app.Services.GetRequiredService<ResourceCommandService>().ExecuteCommandAsync("gsc-analytics-dev", ObanDatabaseCommands.ResetCommand).WaitAsync(TestAppHost.Timeout);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("phoenix").WaitAsync(TestAppHost.Timeout);
        var after = await Poll.UntilAsync(() => app.AppHostConsole().Skip(before).ToList(), l => l.Any(x => x.StartsWith("Ready:", StringComparison.Ordinal)), TestAppHost.Timeout, TimeSpan.FromMilliseconds(200));
        using var http = new HttpClient();
        NpgsqlConnection.ClearAllPools();

        Assert.True(reset.Success, reset.Message);
        Assert.Equal("gsc_analytics_dev was recreated and migrated to Oban version 12; phoenix-migrations ran again; oban, phoenix started again.", reset.Message);
        await using (var db = await app.OpenAsync("gsc-analytics-dev"))
        {
            await IndependentCatalog.AssertAsync(db, 12);
            Assert.Equal(0L, (long)(await LiveCatalog.ScalarAsync(db, "SELECT count(*) FROM public.sites"))!);
            Assert.Equal(2L, (long)(await LiveCatalog.ScalarAsync(db, "SELECT count(*) FROM public.schema_migrations"))!);
        }

        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await http.GetAsync(new Uri($"http://127.0.0.1:{port}/"))).StatusCode);
        ConsoleAssert.Before(after, "phoenix-migrations: Finished (exit code 0)", "phoenix: Running");
        Assert.StartsWith("Ready:", after[^1]);
        Assert.Single(after, l => l.StartsWith("Ready:", StringComparison.Ordinal));
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
        Assert.Contains("phoenix-migrations: starting, phoenix-installer finished with exit code 0", app.AppHostConsole());
        Assert.Contains("phoenix: starting, phoenix-migrations finished with exit code 0", app.AppHostConsole());
    }

    [Fact]
    public async Task TheTestsWaitToBeStartedThenPassOnTheTestDatabaseWithTheirTotalsOnTheConsoleAndFailWhenItsSchemaIsMissing()
    {
        await using var app = await host.StartAsync(null, _ => { }, dashboard: false, PhoenixFixture.Arguments(out _));
        await app.ResourceNotifications.WaitForResourceHealthyAsync("phoenix").WaitAsync(TestAppHost.Timeout);
        Assert.Equal(KnownResourceStates.NotStarted, app.Snapshot("phoenix-tests").State?.Text);

        var passed = await app.RunAsync("phoenix-tests");
        var totals = await app.WaitForAppHostLineAsync("phoenix-tests: Finished (exit code 0)");
        await using (var db = await app.OpenAsync("gsc-analytics-test"))
        {
            Assert.Equal(2L, (long)(await LiveCatalog.ScalarAsync(db, "SELECT count(*) FROM public.schema_migrations"))!);
            await LiveCatalog.ExecuteAsync(db, "DROP TABLE public.oban_jobs, public.oban_peers");
        }

        var failed = await app.RunAsync("phoenix-tests");
        var failure = await app.WaitForAppHostLineAsync("phoenix-tests failed:");

        Assert.Equal(0, passed.ExitCode);
        Assert.Matches(@"^phoenix-tests: Finished \(exit code 0\): \d+ tests, 0 failures$", totals);
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
        var installerLine = await app.WaitForAppHostLineAsync("phoenix-installer: FailedToStart");
        var phoenixLine = await app.WaitForAppHostLineAsync("phoenix: FailedToStart");

        Assert.Equal(KnownResourceStates.FailedToStart, phoenix.State?.Text);
        var mixMissing = "command 'mix' was not found on PATH; install Elixir (Debian/Ubuntu: apt-get install elixir)";
        Assert.Equal($"phoenix-installer: FailedToStart ({mixMissing})", installerLine);
        Assert.Contains(phoenixLine, new[]
        {
            $"phoenix: FailedToStart ({mixMissing})",
            "phoenix: FailedToStart (waits for phoenix-installer, which failed to start)",
            "phoenix: FailedToStart (waits for phoenix-migrations, which failed to start)",
        });
        Assert.Equal(0, migrations.ExitCode);
        Assert.Equal(KnownResourceStates.Running, app.Snapshot("postgres").State?.Text);
    }

    [Fact]
    public async Task CtrlCStopsTheBeamItsTerminalAndEverythingElse()
    {
        using var run = AppHostProcess.Start([.. await host.ArgumentsAsync(null), .. PhoenixFixture.Arguments(out _), "--Dashboard:Enabled=false"]);
        // Ready: the app answers its health check, so its BEAM is up, not only the mix script that starts it.
        Assert.True(await run.WaitForLineAsync("Ready:", TestAppHost.Timeout), run.Output);
        Assert.Contains(BeamProcesses.Running(host.Password), p => p.StartsWith("beam.smp", StringComparison.Ordinal));
        Assert.NotEmpty(TerminalHosts.Of(run.Pid));

        await run.InterruptAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Empty(await BeamProcesses.LeftAfterAsync(host.Password, BeamGone));
        Assert.Empty(await Poll.UntilAsync(() => TerminalHosts.Of(run.Pid), left => left.Count == 0, BeamGone, TimeSpan.FromMilliseconds(100)));
        Assert.Empty(await ProcessTable.WaitUntilNoneAsync(host.DataDirectory, BeamGone));
    }

    public void Dispose() => host.Dispose();

    // The console's unhealthy line after 2 s rather than 10, so a test need not wait for the grace a compiling app gets.
    private static void QuickHealthReport(IDistributedApplicationTestingBuilder builder) =>
        builder.Services.Configure<GscAnalytics.AppHost.ConsoleReportOptions>(options => options.UnhealthyGrace = TimeSpan.FromSeconds(2));
}
