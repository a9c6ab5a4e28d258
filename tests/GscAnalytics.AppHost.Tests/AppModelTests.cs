using System.Globalization;
using GscAnalytics.AppHost.Tests.Helpers;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GscAnalytics.AppHost.Tests;

/// <summary>The AppHost's own app model booted by Aspire.Hosting.Testing: real orchestrator, real PostgreSQL, real worker.</summary>
public sealed class AppModelTests : IDisposable
{
    private const string SeeTablesProbe =
        """
        echo "host=$GSC_ANALYTICS_DEV_HOST port=$GSC_ANALYTICS_DEV_PORT user=$GSC_ANALYTICS_DEV_USERNAME db=$GSC_ANALYTICS_DEV_DATABASENAME"
        echo "jdbc=$GSC_ANALYTICS_DEV_JDBCCONNECTIONSTRING"
        echo "otlp=[$OTEL_EXPORTER_OTLP_ENDPOINT]"
        tr '\0' '\n' < /proc/$$/environ | grep -q '^ConnectionStrings__gsc-analytics-dev=Host=127.0.0.1;' && echo "connection string present"
        psql "$GSC_ANALYTICS_DEV_URI" -Atc "SELECT 'tables=' || string_agg(relname, ',' ORDER BY relname) || ' version=' || max(obj_description(oid, 'pg_class')) FROM pg_class WHERE relname IN ('oban_jobs', 'oban_peers')"
        """;

    private readonly TestAppHost host = new();

    [Fact]
    public async Task MigrationsFinishWithExitCodeZeroAndBothDatabasesCarryTheVersion12Catalog()
    {
        await using var app = await host.StartAsync();

        var migrations = await app.WaitForTerminalAsync("migrations");

        Assert.Equal(KnownResourceStates.Finished, migrations.State?.Text);
        Assert.Equal(0, migrations.ExitCode);
        foreach (var name in new[] { "gsc-analytics-dev", "gsc-analytics-test" })
        {
            await using var db = await app.OpenAsync(name);
            await IndependentCatalog.AssertAsync(db, 12);
        }

        Assert.Equal("gsc_analytics_test", new NpgsqlConnectionStringBuilder(await app.GetConnectionStringAsync("gsc-analytics-test")).Database);
        await app.WaitForAppHostLineAsync("Ready: migrations finished");
        Assert.Contains("migrations: Finished (exit code 0)", app.AppHostConsole());
    }

    [Fact]
    public async Task MigrationsMigrateExactlyTheDatabasesNamedAsTargetsInTheModel()
    {
        await using var app = await host.StartAsync(null, builder =>
        {
            var postgres = builder.CreateResourceBuilder(builder.Resources.OfType<IResourceWithConnectionString>().Single(r => r.Name == "postgres"));
            var migrations = builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(r => r.Name == "migrations"));
            var extra = postgres.AddDatabase("gsc-analytics-extra", "gsc_analytics_extra");
            migrations.WithMigrationTarget(extra);

            // As if its WithMigrationTarget line were deleted from AppHost.cs: the database stays, its migration goes.
            foreach (var annotation in migrations.Resource.Annotations.Where(a => a is MigrationTargetAnnotation { Database.Name: "gsc-analytics-test" }
                || a is ResourceRelationshipAnnotation { Resource.Name: "gsc-analytics-test" } || a is WaitAnnotation { Resource.Name: "gsc-analytics-test" }).ToList())
            {
                migrations.Resource.Annotations.Remove(annotation);
            }
        });

        var migrationsRun = await app.WaitForTerminalAsync("migrations");

        Assert.Equal(0, migrationsRun.ExitCode);
        foreach (var name in new[] { "gsc-analytics-dev", "gsc-analytics-extra" })
        {
            await using var db = await app.OpenAsync(name);
            await IndependentCatalog.AssertAsync(db, 12);
        }

        await using (var test = await app.OpenAsync("gsc-analytics-test"))
        {
            Assert.Empty(await LiveCatalog.ObanObjectsAsync(test));
        }

        Assert.Contains(await app.ConsoleLinesAsync("migrations"), l => l.EndsWith("All 2 databases migrated and verified", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ADatabaseGivenToMigrationsWithAspiresPlainReferenceIsRefusedInOneLineNamingWithMigrationTarget()
    {
        // Refused before anything starts (an integration's check in BeforeStartEvent, as the AppHost run by hand shows it).
        using var timeout = new CancellationTokenSource(TestAppHost.Timeout);
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.GscAnalytics_AppHost>([.. await host.ArgumentsAsync(null)], timeout.Token);
        var postgres = builder.CreateResourceBuilder(builder.Resources.OfType<IResourceWithConnectionString>().Single(r => r.Name == "postgres"));
        var migrations = builder.Resources.OfType<ProjectResource>().Single(r => r.Name == "migrations");
        Assert.Empty(MigrationTargetExtensions.UnmigratedReferences(migrations));

        var other = postgres.AddDatabase("gsc-analytics-other", "gsc_analytics_other");
        builder.CreateResourceBuilder(migrations).WithReference(other).WaitFor(other);

        Assert.Equal(["migrations references gsc-analytics-other but does not migrate it: in AppHost.cs, give that database to migrations with WithMigrationTarget instead of WithReference, or drop the reference."],
            MigrationTargetExtensions.UnmigratedReferences(migrations));
    }

    [Fact]
    public async Task ADependentStartsOnlyAfterMigrationsFinishedAndSeesTheTablesThroughItsVariablesAndOnceItExited0EverythingIsReady()
    {
        await using var app = await host.StartAsync(SeeTablesProbe);

        var probe = await app.WaitForTerminalAsync("probe");
        var ready = await app.WaitForAppHostLineAsync("Ready: migrations, probe finished");
        var console = app.AppHostConsole().ToList();

        Assert.Equal(0, probe.ExitCode);
        Assert.StartsWith("Ready: migrations, probe finished; running: postgres, gsc-analytics-dev, gsc-analytics-test, oban.", ready);
        ConsoleAssert.Before(console, "migrations: Finished (exit code 0)", "probe: Running");
        var output = await app.ConsoleLinesAsync("probe");
        var port = new NpgsqlConnectionStringBuilder(await app.GetConnectionStringAsync("postgres")).Port;
        Assert.Contains($"host=127.0.0.1 port={port} user=postgres db=gsc_analytics_dev", output);
        Assert.Contains($"jdbc=jdbc:postgresql://127.0.0.1:{port}/gsc_analytics_dev", output);
        Assert.Contains("connection string present", output);
        Assert.Contains("tables=oban_jobs,oban_peers version=12", output);
        Assert.Contains("otlp=[]", output);
    }

    [Fact]
    public async Task AFailedMigrationLeavesTheDependentFailedToStartAndSaysTheCauseInOnePlainLine()
    {
        // The worker inherits the AppHost's environment: give it a setting it refuses.
        Environment.SetEnvironmentVariable("Migration__LockTimeout", "00:00:00");
        DistributedApplication app;
        try
        {
            app = await host.StartAsync("echo started");
            await app.WaitForTerminalAsync("migrations");
        }
        finally
        {
            Environment.SetEnvironmentVariable("Migration__LockTimeout", null);
        }

        await using (app)
        {
            var probe = await app.WaitForTerminalAsync("probe");
            var migrations = app.Snapshot("migrations");
            var failure = await app.WaitForAppHostLineAsync("migrations failed:");

            Assert.Equal(KnownResourceStates.Finished, migrations.State?.Text);
            Assert.Equal(1, migrations.ExitCode);
            Assert.Equal(KnownResourceStates.FailedToStart, probe.State?.Text);
            Assert.Null(probe.StartTimeStamp);
            Assert.DoesNotContain(await app.ConsoleLinesAsync("probe"), l => l.EndsWith("started", StringComparison.Ordinal));
            Assert.Contains("Migration:LockTimeout must be between", failure);
            Assert.Contains("restart the AppHost", failure);
            Assert.DoesNotContain('\u001b', failure);
            Assert.DoesNotContain("fail:", failure);
            Assert.Contains("probe: FailedToStart (waits for migrations, which finished with exit code 1)", app.AppHostConsole());
        }
    }

    [Fact]
    public async Task ADependentWhoseCommandIsMissingFailsToStartSayingSoWhileTheRestRuns()
    {
        await using var app = await host.StartAsync(null, _ => { }, dashboard: false, "--DependentServices:web:Command=mixx");

        var web = await app.WaitForTerminalAsync("web");
        var migrations = await app.WaitForTerminalAsync("migrations");

        Assert.Equal(KnownResourceStates.FailedToStart, web.State?.Text);
        Assert.Equal(0, migrations.ExitCode);
        Assert.Contains("web: FailedToStart (command 'mixx' was not found on PATH)", app.AppHostConsole());
        Assert.DoesNotContain(app.AppHostConsole(), l => l.Contains("Executable runners", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AServerThatCannotHaveItsPortOfLastTimeSaysSoInOneLineAndTakesAnother()
    {
        int remembered;
        await using (var first = await host.StartAsync())
        {
            await first.WaitForTerminalAsync("migrations");
            remembered = new NpgsqlConnectionStringBuilder(await first.GetConnectionStringAsync("postgres")).Port;
        }

        using var holder = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, remembered);
        holder.Start();
        await using var second = await host.StartAsync();

        Assert.Equal(0, (await second.WaitForTerminalAsync("migrations")).ExitCode);
        var line = await second.WaitForAppHostLineAsync("used last time");
        var port = new NpgsqlConnectionStringBuilder(await second.GetConnectionStringAsync("postgres")).Port;
        Assert.Contains(string.Create(CultureInfo.InvariantCulture,
            $"postgres: port {remembered}, which {host.DataDirectory} used last time, is taken by a process (pid {Environment.ProcessId}"), line);
        Assert.EndsWith(string.Create(CultureInfo.InvariantCulture, $"listening on {port} this run"), line);
        Assert.NotEqual(remembered, port);
    }

    [Fact]
    public async Task DisposingLeavesNoProcessAndASecondRunKeepsRowsIssuesNoDdlAndStartsTheDependentAgain()
    {
        var orchestratorsBefore = ProcessTable.WithCommandLineContaining("dcp start-apiserver").Count;
        var pidFile = Path.Combine(host.Root, "probe.pid");
        var probe = $"echo $$ > {pidFile}\necho probe up\nexec sleep 300\n";
        await using (var first = await host.StartAsync(probe))
        {
            await first.WaitForConsoleLineAsync("probe", "probe up");
            await using (var db = await first.OpenAsync("gsc-analytics-dev"))
            {
                await LiveCatalog.ExecuteAsync(db, "INSERT INTO oban_jobs (worker, args) VALUES ('GscAnalytics.Workers.Sync', '{}')");
                await LiveCatalog.ExecuteAsync(db, DdlLog.Install);
            }

            NpgsqlConnection.ClearAllPools();
        }

        var probePid = await File.ReadAllTextAsync(pidFile);
        Assert.Empty(await ProcessTable.WaitUntilNoneAsync(host.DataDirectory, TimeSpan.FromSeconds(15)));
        Assert.False(Directory.Exists($"/proc/{probePid.Trim()}"), "the dependent is still running");
        Assert.False(File.Exists(Path.Combine(host.DataDirectory, "postmaster.pid")), "PostgreSQL did not shut down cleanly");
        // An earlier test's orchestrator may still be on its way out: none may be left beyond those there were.
        var orchestratorsLeft = await WaitForCountAsync(() => ProcessTable.WithCommandLineContaining("dcp start-apiserver").Count, orchestratorsBefore);
        Assert.True(orchestratorsLeft <= orchestratorsBefore, $"{orchestratorsLeft} orchestrators left, {orchestratorsBefore} before");

        await using var second = await host.StartAsync(probe);
        await second.WaitForConsoleLineAsync("probe", "probe up");
        await using (var db = await second.OpenAsync("gsc-analytics-dev"))
        {
            Assert.Equal(1L, await LiveCatalog.ScalarAsync(db, "SELECT count(*) FROM public.oban_jobs"));
            Assert.Equal(0L, await LiveCatalog.ScalarAsync(db, "SELECT count(*) FROM public.ddl_log"));
            await IndependentCatalog.AssertAsync(db, 12);
        }

        Assert.Equal(0, second.Snapshot("migrations").ExitCode);
        Assert.DoesNotContain(await second.ConsoleLinesAsync("postgres"), l => l.Contains("database system was interrupted", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ADataDirectoryWithAnotherPasswordFailsAtOnceNamingTheDirectoryAndTheFix()
    {
        await using (await host.StartAsync())
        {
        }

        host.Password = "another-password-0123";
        var launched = DateTime.UtcNow;
        await using var app = await host.StartAsync();

        var line = await app.WaitForAppHostLineAsync("28P01");
        var migrations = await app.WaitForTerminalAsync("migrations");
        var waiting = await app.WaitForAppHostLineAsync("migrations: FailedToStart");

        Assert.Contains(host.DataDirectory, line);
        Assert.Contains("dotnet user-secrets set Parameters:postgres-password", line);
        Assert.DoesNotContain(host.Password, string.Join('\n', app.AppHostConsole()));
        Assert.Equal(KnownResourceStates.FailedToStart, migrations.State?.Text);
        Assert.Equal(KnownResourceStates.FailedToStart, app.Snapshot("gsc-analytics-dev").State?.Text);
        Assert.Equal(KnownResourceStates.FailedToStart, app.Snapshot("postgres").State?.Text);
        Assert.True(app.Snapshot("gsc-analytics-dev").StopTimeStamp - launched < TimeSpan.FromSeconds(5));
        Assert.Contains("would reject Parameters:postgres-password (28P01)", line);
        Assert.Single(app.AppHostConsole(), l => l.Contains("28P01", StringComparison.Ordinal));
        Assert.Contains("gsc-analytics-dev: FailedToStart (postgres failed to start)", app.AppHostConsole());
        Assert.Equal("migrations: FailedToStart (waits for postgres, which failed to start)", waiting);
    }

    [Fact]
    public async Task TheObanCommandsShowTheVersionAndResetTheDatabase()
    {
        await using var app = await host.StartAsync();
        await app.WaitForTerminalAsync("migrations");
        var commands = app.Services.GetRequiredService<ResourceCommandService>();
        await using (var db = await app.OpenAsync("gsc-analytics-dev"))
        {
            await LiveCatalog.ExecuteAsync(db, "INSERT INTO oban_jobs (worker, args) VALUES ('GscAnalytics.Workers.Sync', '{}')");
        }

        var status = await commands.ExecuteCommandAsync("gsc-analytics-dev", ObanDatabaseCommands.StatusCommand).WaitAsync(TestAppHost.Timeout);
        var version = await WaitForPropertyAsync(app, "gsc-analytics-dev", ObanDatabaseCommands.VersionProperty);
        NpgsqlConnection.ClearAllPools();
        var reset = await commands.ExecuteCommandAsync("gsc-analytics-dev", ObanDatabaseCommands.ResetCommand).WaitAsync(TestAppHost.Timeout);

        Assert.True(status.Success, status.Message);
        Assert.Contains("Oban version 12, catalog verified", status.Message);
        Assert.Equal("12", version);
        Assert.True(reset.Success, reset.Message);
        Assert.Contains("recreated and migrated to Oban version 12", reset.Message);
        await using (var db = await app.OpenAsync("gsc-analytics-dev"))
        {
            Assert.Equal(0L, await LiveCatalog.ScalarAsync(db, "SELECT count(*) FROM public.oban_jobs"));
            await IndependentCatalog.AssertAsync(db, 12);
        }

        await using (var db = await app.OpenAsync("gsc-analytics-dev"))
        {
            await LiveCatalog.ExecuteAsync(db, "COMMENT ON TABLE public.oban_jobs IS '11'");
        }

        var drifted = await commands.ExecuteCommandAsync("gsc-analytics-dev", ObanDatabaseCommands.StatusCommand).WaitAsync(TestAppHost.Timeout);
        Assert.False(drifted.Success);
        Assert.Contains("records Oban version 11", drifted.Message);
    }

    [Fact]
    public async Task WhenPostgresDiesItsDatabasesFollowWithinSecondsAndStartBringsThemBack()
    {
        await using var app = await host.StartAsync();
        await app.WaitForTerminalAsync("migrations");
        var server = host.PostmasterPid();

        System.Diagnostics.Process.GetProcessById(server).Kill();
        var died = DateTime.UtcNow;
        var postgres = await app.WaitForTerminalAsync("postgres");
        var database = await app.WaitForTerminalAsync("gsc-analytics-dev");
        var noticed = DateTime.UtcNow - died;
        var failure = await app.WaitForAppHostLineAsync("postgres failed:");
        var readyWhileDown = app.AppHostConsole().Count(l => l.StartsWith("Ready:", StringComparison.Ordinal));

        var start = await app.Services.GetRequiredService<ResourceCommandService>()
            .ExecuteCommandAsync("postgres", KnownResourceCommands.StartCommand).WaitAsync(TestAppHost.Timeout);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("gsc-analytics-dev").WaitAsync(TestAppHost.Timeout);
        var testRunning = app.ResourceNotifications.WaitForResourceAsync("gsc-analytics-test", e => e.Snapshot.State?.Text == KnownResourceStates.Running).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.NotEqual(0, postgres.ExitCode);
        Assert.Equal(1, readyWhileDown);
        Assert.Equal(postgres.State?.Text, database.State?.Text);
        Assert.True(noticed < TimeSpan.FromSeconds(5), $"noticed after {noticed}");
        Assert.Contains("restart the AppHost", failure);
        Assert.All(app.AppHostConsole().Where(l => l.StartsWith("Ready:", StringComparison.Ordinal)), l => Assert.Contains("running: postgres, ", l));
        Assert.True(start.Success, start.Message);
        Assert.Equal(KnownResourceStates.Running, (await testRunning).Snapshot.State?.Text);
        await using var db = await app.OpenAsync("gsc-analytics-dev");
        await IndependentCatalog.AssertAsync(db, 12);
    }

    [Fact]
    public async Task RemovingTheDataDirectoryUnderARunningServerStopsItWithinSecondsSayingWhy()
    {
        await using var app = await host.StartAsync();
        await app.WaitForTerminalAsync("migrations");
        NpgsqlConnection.ClearAllPools();

        Directory.Delete(host.DataDirectory, recursive: true);
        var removed = DateTime.UtcNow;
        var line = await app.WaitForAppHostLineAsync("was removed");
        var noticed = DateTime.UtcNow - removed;
        var database = await app.WaitForTerminalAsync("gsc-analytics-dev");

        Assert.Contains($"postgres failed: its data directory {host.DataDirectory} was removed", line);
        Assert.True(noticed < TimeSpan.FromSeconds(5), $"noticed after {noticed}");
        Assert.Contains(database.State?.Text, KnownResourceStates.TerminalStates);
        Assert.Contains(app.Snapshot("postgres").State?.Text, KnownResourceStates.TerminalStates);
    }

    public void Dispose() => host.Dispose();

    private static Task<int> WaitForCountAsync(Func<int> count, int atMost) =>
        Poll.UntilAsync(count, n => n <= atMost, TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(200));

    private static async Task<string?> WaitForPropertyAsync(DistributedApplication app, string resource, string property)
    {
        var change = await app.ResourceNotifications.WaitForResourceAsync(resource,
            e => e.Snapshot.Properties.Any(p => p.Name == property)).WaitAsync(TestAppHost.Timeout);
        return change.Snapshot.Properties.First(p => p.Name == property).Value?.ToString();
    }
}
