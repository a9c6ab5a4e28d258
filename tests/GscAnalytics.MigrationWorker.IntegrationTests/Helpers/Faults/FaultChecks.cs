namespace GscAnalytics.MigrationWorker.IntegrationTests.Helpers.Faults;

/// <summary>The invariants checked after each fault, in the order a reader of a failure wants them.</summary>
internal static class FaultChecks
{
    private static readonly TimeSpan ExitWithin = TimeSpan.FromSeconds(120);

    /// <summary>After a worker was killed: nothing held (INV-2), each database whole (INV-1), a rerun converges (INV-3).</summary>
    public static async Task AssertKilledRunLeftNothingAsync(PostgresServer server, RunningProcess worker, params FaultDatabase[] databases)
    {
        await WorkerBackends.AssertNothingHeldAsync(server, worker);
        foreach (var database in databases)
        {
            await database.AssertWholeVersionAsync();
        }

        await FaultDatabase.AssertRerunConvergesAsync(databases);
    }

    /// <summary>
    /// After a fault the worker lives through: it ends by itself, saying which database failed if it did, and then
    /// the same as after a kill.
    /// </summary>
    public static async Task AssertWorkerEndsAndRerunConvergesAsync(PostgresServer server, RunningProcess worker, FaultDatabase database)
    {
        var result = await worker.WaitAsync(ExitWithin);
        if (result.ExitCode != 0)
        {
            Assert.Contains($"gsc-analytics-dev (database {database.Connection.Database}) failed: ", result.Output, StringComparison.Ordinal);
        }

        await AssertKilledRunLeftNothingAsync(server, worker, database);
    }
}
