using System.Globalization;
using Npgsql;

namespace GscAnalytics.AppHost.Tests.Helpers;

/// <summary>An AppHost run as a process up to a moment while its worker migrates, for faults that hit the AppHost itself.</summary>
public static class MigrationInFlight
{
    public const string RunningLine = "migrations: Running";

    public const string SucceededLine = "migrations: Finished (exit code 0)";

    /// <summary>
    /// A first run that migrates both databases and leaves a job in the dev one; the test database is then
    /// dropped, so that the next run really migrates (it is created again, empty) while the job must survive.
    /// Returns the job's id.
    /// </summary>
    public static async Task<long> PrepareAsync(TestAppHost host, GateProbe probe)
    {
        long job;
        await using (var app = await host.StartAsync(probe.Script))
        {
            var migrations = await app.WaitForTerminalAsync("migrations");
            Assert.True(migrations.ExitCode == 0, string.Create(CultureInfo.InvariantCulture, $"the first run's migrations exited {migrations.ExitCode}"));
            await using var db = await app.OpenAsync("gsc-analytics-dev");
            job = await FaultChecks.InsertJobAsync(db);
            await LiveCatalog.ExecuteAsync(db, "DROP DATABASE gsc_analytics_test WITH (FORCE)");
        }

        NpgsqlConnection.ClearAllPools();
        probe.Clear();
        return job;
    }

    /// <summary>
    /// Starts the AppHost as a process and returns <paramref name="after"/> its console said migrations run: the
    /// worker's own start takes about 2 s of that, its migration of the emptied test database about 1 s.
    /// </summary>
    public static async Task<RunningProcess> StartAsync(TestAppHost host, GateProbe probe, TimeSpan after)
    {
        // No dashboard: its fixed ports would clash with any other AppHost on this machine.
        var run = AppHostProcess.Start([.. await host.ArgumentsAsync(probe.Script), "--Dashboard:Enabled=false"]);
        if (!await run.WaitForLineAsync(RunningLine, TestAppHost.Timeout))
        {
            var output = run.Output;
            run.Dispose();
            throw new Xunit.Sdk.XunitException($"the AppHost never said '{RunningLine}':\n{output}");
        }

        await Task.Delay(after);
        return run;
    }

    /// <summary>INV-4: the dependent started only if a migrations run had finished with exit code 0.</summary>
    public static void AssertGateHeld(GateProbe probe, string appHostOutput) =>
        Assert.True(probe.Starts == 0 || appHostOutput.Contains(SucceededLine, StringComparison.Ordinal),
            $"INV-4: the dependent started {probe.Starts} times though migrations never finished with exit code 0:\n{appHostOutput}");
}
