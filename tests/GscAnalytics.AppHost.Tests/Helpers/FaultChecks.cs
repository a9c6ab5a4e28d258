using System.Globalization;
using Npgsql;

namespace GscAnalytics.AppHost.Tests.Helpers;

/// <summary>The invariants the AppHost must keep after each fault, each failing with what differed.</summary>
public static class FaultChecks
{
    public static readonly string[] Databases = ["gsc_analytics_dev", "gsc_analytics_test"];

    public static readonly string[] DatabaseResources = ["gsc-analytics-dev", "gsc-analytics-test"];

    private const string ObanHistoryRow = """SELECT count(*) FROM public."__EFMigrationsHistory" WHERE "MigrationId" LIKE '%\_AddObanTables'""";

    /// <summary>The worker's build output in this tree, on the command line of each worker our AppHosts start.</summary>
    private static readonly string Worker = Repository.PathTo("GscAnalytics.MigrationWorker", "bin");

    /// <summary>
    /// INV-1: the database's Oban catalog is exactly version 0 (no Oban object at all) or exactly 12, and EF's
    /// history records AddObanTables if and only if it is 12. Returns the version found.
    /// </summary>
    public static async Task<int> AssertAtomicAsync(NpgsqlConnection db)
    {
        var objects = await LiveCatalog.ObanObjectsAsync(db);
        // A database the worker never reached has no history table at all.
        var history = await LiveCatalog.ScalarAsync(db, """SELECT pg_catalog.to_regclass('public."__EFMigrationsHistory"') IS NOT NULL""") is true
            ? Convert.ToInt64(await LiveCatalog.ScalarAsync(db, ObanHistoryRow), CultureInfo.InvariantCulture)
            : 0;
        if (objects.Count == 0)
        {
            Assert.True(history == 0, $"INV-1 {db.Database}: no Oban object, yet EF's history records AddObanTables.");
            return 0;
        }

        try
        {
            await IndependentCatalog.AssertAsync(db, 12);
        }
        catch (Xunit.Sdk.XunitException e)
        {
            throw new Xunit.Sdk.XunitException($"INV-1 {db.Database}: neither version 0 nor exactly 12 ({objects.Count} Oban objects: {string.Join(", ", objects)}): {e.Message}");
        }

        Assert.True(history == 1, $"INV-1 {db.Database}: the catalog is version 12, but EF's history has {history} AddObanTables rows.");
        return 12;
    }

    /// <summary>INV-2, on the server's side: no transaction left prepared.</summary>
    public static async Task AssertNoPreparedTransactionAsync(NpgsqlConnection db)
    {
        var prepared = await LiveCatalog.QueryAsync(db, "SELECT gid, database FROM pg_catalog.pg_prepared_xacts");
        Assert.True(prepared.Count == 0, $"INV-2: prepared transactions left: {string.Join(", ", prepared.Select(r => $"{r[0]} in {r[1]}"))}");
    }

    /// <summary>
    /// INV-2: within <paramref name="within"/> no process of this AppHost is left: nothing with its folder on the
    /// command line (PostgreSQL), no probe, no worker of this tree, no orchestrator watching <paramref name="appHostPid"/>
    /// beyond the <paramref name="orchestratorsBefore"/> there were. Returns how long that took.
    /// </summary>
    public static async Task<TimeSpan> AssertNothingLeftAsync(TestAppHost host, GateProbe probe, int appHostPid, int orchestratorsBefore, TimeSpan within)
    {
        var root = host.Root;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        List<string> left;
        do
        {
            left = [.. ProcessTable.WithCommandLineContaining(root).Select(p => $"pid {p} (holds {root})"),
                .. ProcessTable.WithCommandLineAndEnvironmentContaining(Worker, host.Password).Select(p => $"pid {p} (the worker)"),
                .. probe.Running.Select(p => $"pid {p} (the probe)")];
            if (Orchestrators(appHostPid) > orchestratorsBefore)
            {
                left.Add(string.Create(CultureInfo.InvariantCulture, $"{Orchestrators(appHostPid) - orchestratorsBefore} dcp watching pid {appHostPid}"));
            }

            if (left.Count == 0)
            {
                return waited.Elapsed;
            }

            await Task.Delay(100);
        }
        while (waited.Elapsed < within);

        throw new Xunit.Sdk.XunitException($"INV-2: {within.TotalSeconds:0} s after the AppHost was gone these were left: {string.Join("; ", left)}");
    }

    /// <summary>Aspire's orchestrators (dcp start-apiserver) that watch the given AppHost process.</summary>
    public static int Orchestrators(int appHostPid) =>
        ProcessTable.WithCommandLineContaining(string.Create(CultureInfo.InvariantCulture, $"--monitor {appHostPid} ")).Count(p => IsApiServer(p));

    /// <summary>
    /// What a fault left, read by a server started by hand before any AppHost runs again: PostgreSQL had shut down
    /// cleanly (no crash recovery), each database is at version 0 or 12 (INV-1), nothing is prepared (INV-2).
    /// </summary>
    public static async Task AssertLeftCleanAsync(TestAppHost host)
    {
        Assert.False(File.Exists(Path.Combine(host.DataDirectory, "postmaster.pid")), "postmaster.pid is left: PostgreSQL did not shut down cleanly");
        var state = await PostgresCluster.StateAsync(host.DataDirectory);
        Assert.True(state == "shut down", $"pg_control says the cluster is '{state}', not 'shut down'");
        await using var server = await PostgresCluster.StartOnAsync(host.DataDirectory, host.Password);
        Assert.True(server.CrashRecovery().Count == 0, $"the next start ran crash recovery: {string.Join(" | ", server.CrashRecovery())}");
        foreach (var database in Databases)
        {
            await using var db = await server.OpenAsync(database);
            await AssertAtomicAsync(db);
            await AssertNoPreparedTransactionAsync(db);
        }
    }

    /// <summary>
    /// INV-3: a plain rerun on the same data: migrations finish with exit code 0, both catalogs are exactly 12,
    /// the given job rows are still there, PostgreSQL started without crash recovery, and the dependent starts.
    /// Then INV-2 once it is disposed.
    /// </summary>
    public static async Task AssertConvergesAsync(TestAppHost host, GateProbe probe, params long[] jobIds)
    {
        var orchestrators = Orchestrators(Environment.ProcessId);
        probe.Clear();
        await using (var app = await host.StartAsync(probe.Script))
        {
            var migrations = await app.WaitForTerminalAsync("migrations");
            Assert.True(migrations.State?.Text == KnownResourceStates.Finished && migrations.ExitCode == 0,
                $"INV-3: the rerun's migrations ended {migrations.State?.Text} with exit code {migrations.ExitCode}: {string.Join(" | ", await app.ConsoleLinesAsync("migrations"))}");
            foreach (var resource in DatabaseResources)
            {
                await using var db = await app.OpenAsync(resource);
                Assert.Equal(12, await AssertAtomicAsync(db));
                if (resource == DatabaseResources[0])
                {
                    foreach (var id in jobIds)
                    {
                        Assert.True(1L == (long)(await LiveCatalog.ScalarAsync(db, "SELECT count(*) FROM public.oban_jobs WHERE id = $1", id))!, $"INV-3: job {id} inserted before the fault is gone");
                    }
                }
            }

            Assert.True(await probe.WaitForStartsAsync(1, TestAppHost.Timeout), "INV-3: the dependent did not start after the rerun's migrations finished");
            var recovery = (await app.ConsoleLinesAsync("postgres")).Where(l => l.Contains("was interrupted", StringComparison.Ordinal) || l.Contains("not properly shut down", StringComparison.Ordinal)).ToList();
            Assert.True(recovery.Count == 0, $"INV-3: the rerun's PostgreSQL ran crash recovery: {string.Join(" | ", recovery)}");
        }

        NpgsqlConnection.ClearAllPools();
        await AssertNothingLeftAsync(host, probe, Environment.ProcessId, orchestrators, TimeSpan.FromSeconds(5));
    }

    /// <summary>Inserts a job into the dev database (there must be an oban_jobs table) and returns its id.</summary>
    public static async Task<long> InsertJobAsync(NpgsqlConnection db) =>
        (long)(await LiveCatalog.ScalarAsync(db, "INSERT INTO public.oban_jobs (worker, args) VALUES ('GscAnalytics.Workers.Sync', '{}') RETURNING id"))!;

    private static bool IsApiServer(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Contains("start-apiserver", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }
}
