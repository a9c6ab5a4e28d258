using Npgsql;

namespace GscAnalytics.MigrationWorker.Monitoring;

/// <summary>The monitor's sessions: named, and never waiting long, so that it is never what a migration or Oban waits behind.</summary>
internal static class MonitorSessions
{
    public const string ApplicationName = "gsc-analytics-oban-monitor";

    public static void Configure(NpgsqlDataSourceBuilder dataSource)
    {
        var connection = dataSource.ConnectionStringBuilder;

        // A read waits for a lock only behind DDL (a migration); it gives up after a second, and the next poll tries again.
        connection.Options = $"{connection.Options} -c lock_timeout=1000 -c statement_timeout=10000".Trim();
        if (string.IsNullOrEmpty(connection.ApplicationName))
        {
            connection.ApplicationName = ApplicationName;
        }
    }
}
