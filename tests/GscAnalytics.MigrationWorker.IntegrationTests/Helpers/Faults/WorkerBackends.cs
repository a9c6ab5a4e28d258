namespace GscAnalytics.MigrationWorker.IntegrationTests.Helpers.Faults;

/// <summary>The worker's sessions as the server sees them (the worker names them <c>gsc-analytics-migrations</c>).</summary>
internal static class WorkerBackends
{
    public const string ApplicationName = "gsc-analytics-migrations";

    public static readonly TimeSpan Released = TimeSpan.FromSeconds(5);

    /// <summary>Waits until a session of the worker on <paramref name="database"/> waits for a lock.</summary>
    public static Task WaitUntilOneWaitsForALockAsync(PostgresServer server, string database, TimeSpan timeout) =>
        WaitUntilAsync(server, timeout, $"a worker session on {database} waiting for a lock",
            "SELECT count(*) > 0 FROM pg_catalog.pg_stat_activity WHERE application_name = $1 AND datname = $2 AND wait_event_type = 'Lock'",
            ApplicationName, database);

    /// <summary>Waits until a session of the worker is connected to <paramref name="database"/>.</summary>
    public static Task WaitUntilConnectedAsync(PostgresServer server, string database, TimeSpan timeout) =>
        WaitUntilAsync(server, timeout, $"a worker session on {database}",
            "SELECT count(*) > 0 FROM pg_catalog.pg_stat_activity WHERE application_name = $1 AND datname = $2",
            ApplicationName, database);

    /// <summary>Ends every session of the worker, as a DBA's <c>pg_terminate_backend</c> would; returns how many.</summary>
    public static async Task<int> TerminateAsync(PostgresServer server)
    {
        await using var admin = await PostgresServer.OpenAsync(server.Admin);
        var ended = await LiveCatalog.ScalarAsync(admin,
            "SELECT count(*) FILTER (WHERE pg_catalog.pg_terminate_backend(pid)) FROM pg_catalog.pg_stat_activity WHERE application_name = $1",
            ApplicationName);
        return Convert.ToInt32(ended, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// INV-2: every worker process has exited and, within 5 s, the server holds no session of the worker,
    /// no lock of a session that is gone and no prepared transaction.
    /// </summary>
    public static async Task AssertNothingHeldAsync(PostgresServer server, params RunningProcess[] workers)
    {
        foreach (var worker in workers)
        {
            await worker.WaitAsync(Released);
        }

        await WaitUntilAsync(server, Released, "no worker session, no orphaned lock and no prepared transaction",
            """
            SELECT NOT EXISTS (SELECT 1 FROM pg_catalog.pg_stat_activity WHERE application_name = $1)
               AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_prepared_xacts)
               AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_locks l WHERE l.pid IS NOT NULL
                               AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_stat_activity a WHERE a.pid = l.pid))
            """,
            ApplicationName);
    }

    private static async Task WaitUntilAsync(PostgresServer server, TimeSpan timeout, string what, string sql, params object[] parameters)
    {
        await using var admin = await PostgresServer.OpenAsync(server.Admin);
        var deadline = DateTime.UtcNow + timeout;
        while (await LiveCatalog.ScalarAsync(admin, sql, parameters) is not true)
        {
            if (DateTime.UtcNow > deadline)
            {
                var sessions = await LiveCatalog.QueryAsync(admin,
                    "SELECT pid, datname, state, wait_event_type, left(query, 120) FROM pg_catalog.pg_stat_activity WHERE application_name = $1",
                    ApplicationName);
                Assert.Fail($"No {what} within {timeout.TotalSeconds} s; worker sessions: [{string.Join("; ", sessions.Select(r => string.Join(", ", r)))}]");
            }

            await Task.Delay(20);
        }
    }
}
