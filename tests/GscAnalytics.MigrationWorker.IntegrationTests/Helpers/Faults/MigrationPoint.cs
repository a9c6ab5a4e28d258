using Npgsql;

namespace GscAnalytics.MigrationWorker.IntegrationTests.Helpers.Faults;

/// <summary>
/// A moment of the worker's run where a test can hold it: a session of the test takes what the worker
/// needs next, so the worker waits there for a lock until it is killed or the session lets go.
/// </summary>
internal sealed record MigrationPoint(string Name, string Hold)
{
    private const string HistoryTable =
        """
        CREATE TABLE IF NOT EXISTS public."__EFMigrationsHistory" (
          "MigrationId" character varying(150) NOT NULL, "ProductVersion" character varying(32) NOT NULL,
          CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY ("MigrationId"));
        """;

    /// <summary>Connected, waiting for the workers' advisory lock.</summary>
    public static readonly MigrationPoint BeforeTheLock = new("before the lock", "SELECT pg_advisory_lock(hashtext('gsc_analytics.migrations'))");

    /// <summary>Holding the advisory lock, before EF's migration: the test's open transaction creates and locks EF's history table.</summary>
    public static readonly MigrationPoint HoldingTheLock = new("holding the lock", HistoryTable + """BEGIN; LOCK TABLE public."__EFMigrationsHistory" IN ACCESS EXCLUSIVE MODE;""");

    /// <summary>
    /// Inside the migration's transaction, Oban's versions up to 10 applied: v11 creates oban_peers, and a
    /// table of that name created in a transaction still open makes it wait.
    /// </summary>
    public static readonly MigrationPoint InsideTheMigration = new("inside the migration", "BEGIN; CREATE TABLE public.oban_peers (name text);");

    public static IReadOnlyList<MigrationPoint> Held { get; } = [BeforeTheLock, HoldingTheLock, InsideTheMigration];

    /// <summary>A session holding this point's lock on <paramref name="database"/>; disposing it lets go.</summary>
    public async Task<NpgsqlConnection> HoldAsync(NpgsqlConnectionStringBuilder database)
    {
        var session = await PostgresServer.OpenAsync(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false, ApplicationName = "fault-holder" });
        await LiveCatalog.ExecuteAsync(session, Hold);
        return session;
    }

    public override string ToString() => Name;
}
