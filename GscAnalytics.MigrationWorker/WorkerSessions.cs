using System.Globalization;
using Npgsql;

namespace GscAnalytics.MigrationWorker;

/// <summary>What every session the worker opens on a database is set up with, as startup options so that a pooled session keeps them.</summary>
internal static class WorkerSessions
{
    public const string ApplicationName = "gsc-analytics-migrations";

    public static void Configure(NpgsqlDataSourceBuilder dataSource, TimeSpan lockTimeout)
    {
        var connection = dataSource.ConnectionStringBuilder;
        var lockTimeoutMs = ((long)Math.Ceiling(lockTimeout.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);

        // Every wait for a lock, the DDL's included, ends after Migration:LockTimeout. A worker killed while it
        // waits would otherwise leave its backend queued for the lock, and every application query on the table
        // queued behind it, until the lock is granted: the server checks for the dead client every second
        // (PostgreSQL 14 and later).
        connection.Options = $"{connection.Options} -c lock_timeout={lockTimeoutMs} -c client_connection_check_interval=1000".Trim();

        dataSource.ConfigureTracing(tracing => tracing.ConfigureCommandSpanNameProvider(Tracing.SqlSpanName.Of));

        // Named, so that pg_stat_activity, and the lock-timeout message of another worker, tell the worker's sessions apart.
        if (string.IsNullOrEmpty(connection.ApplicationName))
        {
            connection.ApplicationName = ApplicationName;
        }
    }
}
