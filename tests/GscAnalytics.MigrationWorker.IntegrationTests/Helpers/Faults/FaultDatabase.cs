using GscAnalytics.MigrationWorker.Oban;
using Npgsql;

namespace GscAnalytics.MigrationWorker.IntegrationTests.Helpers.Faults;

/// <summary>
/// A database a fault strikes: made at an Oban version with jobs in it, then checked for what must hold
/// afterwards: one whole version (INV-1) and a rerun that converges with every job kept (INV-3).
/// </summary>
internal sealed class FaultDatabase
{
    private const int JobsAtStart = 3;

    // Oban's V08 adds priority without filling it and V10 makes it NOT NULL, so jobs inserted before V08
    // stop the upgrade (23502) with Oban as with this port: jobs are inserted from V08 on.
    private const int FirstVersionWithJobs = 8;

    private readonly ObanCatalog? startCatalog;

    private FaultDatabase(NpgsqlConnectionStringBuilder connection, int startVersion, ObanCatalog? startCatalog)
    {
        Connection = connection;
        StartVersion = startVersion;
        this.startCatalog = startCatalog;
    }

    public NpgsqlConnectionStringBuilder Connection { get; }

    public int StartVersion { get; }

    private int Jobs => StartVersion >= FirstVersionWithJobs ? JobsAtStart : 0;

    public static async Task<FaultDatabase> CreateAsync(PostgresServer server, int startVersion)
    {
        var connection = await server.CreateDatabaseAsync();
        if (startVersion == 0)
        {
            return new FaultDatabase(connection, startVersion, null);
        }

        await using var db = await PostgresServer.OpenAsync(connection);
        await ObanMigrator.UpAsync(db, new ObanMigrationOptions { Version = startVersion });
        if (startVersion >= FirstVersionWithJobs)
        {
            await LiveCatalog.ExecuteAsync(db, $"INSERT INTO public.oban_jobs (worker, args) SELECT 'Fault.Job' || i, '{{}}' FROM generate_series(1, {JobsAtStart}) i");
        }

        return new FaultDatabase(connection, startVersion, await ObanCatalog.ReadAsync(db, "public"));
    }

    /// <summary>
    /// INV-1: object for object either the catalog it had before the fault or Oban's v12; EF's history agrees;
    /// no job lost.
    /// </summary>
    public async Task AssertWholeVersionAsync()
    {
        await using var db = await PostgresServer.OpenAsync(Connection);
        var version = await ObanMigrator.ReadVersionAsync(db);
        Assert.True(version == StartVersion || version == 12, $"{Connection.Database} is at Oban version {version}, neither where it started ({StartVersion}) nor 12.");
        if (version == 0)
        {
            var objects = await LiveCatalog.ObanObjectsAsync(db);
            Assert.True(objects.Count == 0, $"{Connection.Database} records no Oban version but holds {string.Join(", ", objects)}.");
        }
        else
        {
            var expected = version == StartVersion ? startCatalog! : ObanCatalog.Expected(version, await ObanCatalog.QualifierAsync(db, "public"))!;
            var difference = expected.CompareWith(await ObanCatalog.ReadAsync(db, "public"));
            Assert.True(difference.MatchesOban && difference.Extra.Count == 0,
                $"{Connection.Database} records Oban version {version} but its catalog differs from that version's: {difference.Describe()}; extra: {string.Join(", ", difference.Extra)}.");
            Assert.Equal(Jobs, Convert.ToInt32(await LiveCatalog.ScalarAsync(db, "SELECT count(*) FROM public.oban_jobs"), System.Globalization.CultureInfo.InvariantCulture));
        }

        var history = await EfHistoryAsync(db);
        Assert.True(history.Count == (version == 12 ? 1 : 0), $"{Connection.Database} is at Oban version {version} with EF's history [{string.Join(", ", history)}].");
    }

    /// <summary>The worker's environment for one database (as gsc-analytics-dev) or two (dev and test).</summary>
    public static Dictionary<string, string> WorkerEnvironmentFor(params FaultDatabase[] databases) => databases switch
    {
        [var dev] => WorkerEnvironment.DevOnly(dev.Connection),
        [var dev, var test] => WorkerEnvironment.Connections((WorkerEnvironment.Dev, dev.Connection), (WorkerEnvironment.Test, test.Connection)),
        _ => throw new ArgumentException("One or two databases.", nameof(databases)),
    };

    /// <summary>INV-3: a plain run of the worker exits 0, leaves exactly v12 and keeps every job.</summary>
    public static async Task AssertRerunConvergesAsync(params FaultDatabase[] databases)
    {
        var rerun = await WorkerProcess.RunAsync(WorkerEnvironmentFor(databases));
        Assert.True(rerun.ExitCode == 0, $"The rerun exited {rerun.ExitCode}:\n{rerun.Output}");
        foreach (var database in databases)
        {
            await database.AssertAtVersion12Async();
        }
    }

    /// <summary>Waits until the migration's commit is visible, polling as fast as the server answers.</summary>
    public async Task WaitUntilCommittedAsync(TimeSpan timeout)
    {
        await using var db = await PostgresServer.OpenAsync(Connection);
        await using var read = new NpgsqlCommand("SELECT pg_catalog.obj_description(to_regclass('public.oban_jobs'), 'pg_class')", db);
        var deadline = DateTime.UtcNow + timeout;
        while (await read.ExecuteScalarAsync() is not "12")
        {
            Assert.True(DateTime.UtcNow < deadline, $"{Connection.Database} did not reach Oban version 12 within {timeout.TotalSeconds} s.");
        }
    }

    public async Task AssertAtVersion12Async()
    {
        await using var db = await PostgresServer.OpenAsync(Connection);
        await IndependentCatalog.AssertAsync(db, 12);
        Assert.Equal(Jobs, Convert.ToInt32(await LiveCatalog.ScalarAsync(db, "SELECT count(*) FROM public.oban_jobs"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Single(await EfHistoryAsync(db));
    }

    private static async Task<List<string>> EfHistoryAsync(NpgsqlConnection db) =>
        await LiveCatalog.ScalarAsync(db, """SELECT to_regclass('public."__EFMigrationsHistory"') IS NOT NULL""") is true
            ? [.. (await LiveCatalog.QueryAsync(db, """SELECT "MigrationId" FROM public."__EFMigrationsHistory" """)).Select(r => (string)r[0]!)]
            : [];
}
