using GscAnalytics.MigrationWorker.IntegrationTests;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GscAnalytics.AppHost.Tests;

/// <summary>The whole AppHost booted from its own app model, as DistributedApplicationTestingBuilder does.</summary>
public sealed class AppHostTests : IDisposable
{
    private const string SeeTablesProbe =
        """
        echo "service=$OTEL_SERVICE_NAME host=$GSC_ANALYTICS_DEV_HOST port=$GSC_ANALYTICS_DEV_PORT user=$GSC_ANALYTICS_DEV_USERNAME db=$GSC_ANALYTICS_DEV_DATABASENAME"
        echo "jdbc=$GSC_ANALYTICS_DEV_JDBCCONNECTIONSTRING"
        echo "otlp=$OTEL_EXPORTER_OTLP_ENDPOINT $OTEL_EXPORTER_OTLP_PROTOCOL $OTEL_EXPORTER_OTLP_HEADERS delays=$OTEL_BSP_SCHEDULE_DELAY,$OTEL_BLRP_SCHEDULE_DELAY"
        tr '\0' '\n' < /proc/$$/environ | grep -q '^ConnectionStrings__gsc-analytics-dev=Host=127.0.0.1;' && echo "connection string present"
        psql "$GSC_ANALYTICS_DEV_URI" -Atc "SELECT 'tables=' || string_agg(relname, ',' ORDER BY relname) || ' version=' || max(obj_description(oid, 'pg_class')) FROM pg_class WHERE relname IN ('oban_jobs', 'oban_peers')"
        """;

    private readonly AppHostFixture fixture = new();

    [Fact]
    public async Task MigrationsFinishWithExitCodeZeroAndBothDatabasesCarryTheVersion12Catalog()
    {
        await using var app = await fixture.StartAsync();

        var migrations = await WaitForTerminalAsync(app, "migrations");

        Assert.Equal(KnownResourceStates.Finished, migrations.State);
        Assert.Equal(0, migrations.ExitCode);
        foreach (var name in new[] { "gsc-analytics-dev", "gsc-analytics-test" })
        {
            await using var db = new NpgsqlConnection(app.GetConnectionString(name));
            await db.OpenAsync();
            await Catalog.AssertVersion12Async(db);
        }

        Assert.Equal("gsc_analytics_test", new NpgsqlConnectionStringBuilder(app.GetConnectionString("gsc-analytics-test")).Database);
    }

    [Fact]
    public async Task ADependentServiceStartsAfterMigrationsFinishedAndSeesTheTablesThroughItsVariables()
    {
        await using var app = await fixture.StartAsync(SeeTablesProbe, "--environment=Development");

        var probe = await WaitForTerminalAsync(app, "probe");
        var migrations = app.ResourceNotifications.Get("migrations")!.Snapshot;

        Assert.Equal(0, probe.ExitCode);
        Assert.True(probe.StartTimeStamp >= migrations.StopTimeStamp, $"probe started {probe.StartTimeStamp:O}, migrations finished {migrations.StopTimeStamp:O}");
        var output = app.ResourceLogs.GetLines("probe");
        var port = new NpgsqlConnectionStringBuilder(app.GetConnectionString("postgres")).Port;
        Assert.Contains($"service=probe host=127.0.0.1 port={port} user=postgres db=gsc_analytics_dev", output);
        Assert.Contains($"jdbc=jdbc:postgresql://127.0.0.1:{port}/gsc_analytics_dev", output);
        Assert.Contains("connection string present", output);
        var dashboard = app.Services.GetRequiredService<GscAnalytics.AppHost.Dashboard.DashboardHost>();
        Assert.Contains($"otlp={dashboard.OtlpGrpcEndpoint!.ToString().TrimEnd('/')} grpc x-otlp-api-key={dashboard.OtlpApiKey} delays=1000,1000", output);
        Assert.Contains("tables=oban_jobs,oban_peers version=12", output);
    }

    [Fact]
    public async Task AFailedMigrationLeavesTheDependentFailedToStartAndNeverStarted()
    {
        // The worker inherits the AppHost's environment: ask it for a database nobody configured.
        Environment.SetEnvironmentVariable("Migration__Databases__0", "gsc-analytics-missing");
        DistributedApplication app;
        try
        {
            app = await fixture.StartAsync("echo started");
            await WaitForTerminalAsync(app, "migrations");
        }
        finally
        {
            Environment.SetEnvironmentVariable("Migration__Databases__0", null);
        }

        await using (app)
        {
            var probe = await WaitForTerminalAsync(app, "probe");
            var migrations = app.ResourceNotifications.Get("migrations")!.Snapshot;

            Assert.Equal(KnownResourceStates.Finished, migrations.State);
            Assert.Equal(1, migrations.ExitCode);
            Assert.Contains(app.ResourceLogs.GetLines("migrations"), l => l.Contains("ConnectionStrings:gsc-analytics-missing is not set", StringComparison.Ordinal));
            Assert.Equal(KnownResourceStates.FailedToStart, probe.State);
            Assert.Null(probe.StartTimeStamp);
            Assert.Empty(app.ResourceLogs.GetLines("probe"));
        }
    }

    [Fact]
    public async Task StoppingLeavesNoProcessAndASecondRunKeepsRowsIssuesNoDdlAndStartsTheDependentAgain()
    {
        var pidFile = Path.Combine(fixture.Root, "probe.pid");
        var probe = $"echo $$ > {pidFile}\necho probe up\nexec sleep 300\n";
        int serverPid;
        await using (var first = await fixture.StartAsync(probe))
        {
            await first.ResourceNotifications.WaitForResourceAsync("probe", KnownResourceStates.Running).WaitAsync(AppHostFixture.Timeout);
            await WaitForLineAsync(first, "probe", "probe up");
            await using (var db = new NpgsqlConnection(first.GetConnectionString("gsc-analytics-dev")))
            {
                await db.OpenAsync();
                await Catalog.ExecuteAsync(db,
                    """
                    INSERT INTO oban_jobs (worker, args) VALUES ('GscAnalytics.Workers.Sync', '{}');
                    CREATE TABLE ddl_log (tag text, identity text);
                    CREATE FUNCTION log_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$
                    BEGIN
                      INSERT INTO ddl_log SELECT command_tag, coalesce(object_identity, '') FROM pg_event_trigger_ddl_commands();
                    END $$;
                    CREATE EVENT TRIGGER log_ddl ON ddl_command_end EXECUTE FUNCTION log_ddl();
                    """);
            }

            serverPid = int.Parse((await File.ReadAllLinesAsync(Path.Combine(fixture.DataDirectory, "postmaster.pid")))[0], System.Globalization.CultureInfo.InvariantCulture);
            await first.StopAsync().WaitAsync(AppHostFixture.Timeout);

            Assert.Equal(KnownResourceStates.Exited, first.ResourceNotifications.Get("postgres")!.Snapshot.State);
            Assert.Equal(KnownResourceStates.Exited, first.ResourceNotifications.Get("probe")!.Snapshot.State);
        }

        var probePid = (await File.ReadAllTextAsync(pidFile)).Trim();
        Assert.False(Directory.Exists($"/proc/{probePid}"), "the probe process is still running");
        Assert.False(Directory.Exists($"/proc/{serverPid}"), "the postgres server is still running");
        Assert.False(File.Exists(Path.Combine(fixture.DataDirectory, "postmaster.pid")));

        File.Delete(pidFile);
        await using var second = await fixture.StartAsync(probe);
        await second.ResourceNotifications.WaitForResourceAsync("probe", KnownResourceStates.Running).WaitAsync(AppHostFixture.Timeout);
        await WaitForLineAsync(second, "probe", "probe up");

        Assert.Equal(0, second.ResourceNotifications.Get("migrations")!.Snapshot.ExitCode);
        Assert.Contains(second.ResourceLogs.GetLines("migrations"), l => l.Contains("Oban version 12 -> 12", StringComparison.Ordinal));
        await using var check = new NpgsqlConnection(second.GetConnectionString("gsc-analytics-dev"));
        await check.OpenAsync();
        Assert.Equal(1L, await Catalog.ScalarAsync(check, "SELECT count(*) FROM public.oban_jobs"));
        Assert.Empty(await Catalog.QueryAsync(check, "SELECT tag, identity FROM public.ddl_log"));
    }

    [Fact]
    public async Task ADataDirectoryInitialisedWithAnotherPasswordFailsWithTheFix()
    {
        await using (var first = await fixture.StartAsync())
        {
            await WaitForTerminalAsync(first, "migrations");
            await first.StopAsync().WaitAsync(AppHostFixture.Timeout);
        }

        fixture.Password = "another-password-entirely";
        await using var second = await fixture.StartAsync();

        var postgres = await WaitForTerminalAsync(second, "postgres");
        var migrations = await WaitForTerminalAsync(second, "migrations");

        Assert.Equal(KnownResourceStates.FailedToStart, postgres.State);
        Assert.Contains(second.ResourceLogs.GetLines("postgres"), l =>
            l.Contains("rejected Parameters:postgres-password (28P01)", StringComparison.Ordinal)
            && l.Contains("dotnet user-secrets set Parameters:postgres-password", StringComparison.Ordinal)
            && l.Contains(fixture.DataDirectory, StringComparison.Ordinal));
        Assert.DoesNotContain(second.ResourceLogs.GetLines("postgres"), l => l.Contains("another-password-entirely", StringComparison.Ordinal));
        Assert.Equal(KnownResourceStates.FailedToStart, migrations.State);
        Assert.Null(migrations.StartTimeStamp);
        Assert.False(File.Exists(Path.Combine(fixture.DataDirectory, "postmaster.pid")), "the server that refused the password is still running");
    }

    [Fact]
    public async Task ADependentWhoseCommandIsMissingFailsToStartNamingIt()
    {
        await using var app = await fixture.StartAsync(null, "--DependentServices:phoenix:Command=no-such-mix-command");

        var phoenix = await WaitForTerminalAsync(app, "phoenix");

        Assert.Equal(KnownResourceStates.FailedToStart, phoenix.State);
        Assert.Null(phoenix.StartTimeStamp);
        Assert.Contains(app.ResourceLogs.GetLines("phoenix"), l => l.Contains("cannot start 'no-such-mix-command': it is not on PATH", StringComparison.Ordinal));
        Assert.Equal(0, app.ResourceNotifications.Get("migrations")!.Snapshot.ExitCode);
    }

    public void Dispose() => fixture.Dispose();

    private static async Task<ResourceSnapshot> WaitForTerminalAsync(DistributedApplication app, string name) =>
        (await app.ResourceNotifications
            .WaitForResourceAsync(name, s => KnownResourceStates.IsTerminal(s.State))
            .WaitAsync(AppHostFixture.Timeout)).Snapshot;

    private static async Task WaitForLineAsync(DistributedApplication app, string name, string line)
    {
        using var timeout = new CancellationTokenSource(AppHostFixture.Timeout);
        while (!app.ResourceLogs.GetLines(name).Contains(line))
        {
            await Task.Delay(50, timeout.Token);
        }
    }
}
