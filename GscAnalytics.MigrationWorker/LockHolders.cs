using System.Globalization;
using Npgsql;

namespace GscAnalytics.MigrationWorker;

/// <summary>
/// Who holds what the migration waits for: the workers' advisory lock, a lock on an Oban table or on
/// EF's history, or a table created in a transaction still open (a CREATE of the same name waits for
/// that transaction, and the new table is not yet in pg_class for others to see). Asked on a session
/// of its own, since the waiting one has just failed.
/// </summary>
internal static class LockHolders
{
    private const string Query =
        """
        SELECT DISTINCT a.pid, coalesce(a.application_name, ''), a.state, left(regexp_replace(a.query, '\s+', ' ', 'g'), 200)
        FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.granted AND l.pid <> pg_backend_pid()
          AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND ((l.locktype = 'advisory' AND l.objid::bigint = (hashtext($1)::bigint & 4294967295))
            OR l.relation IN (SELECT oid FROM pg_class WHERE relname LIKE 'oban\_%' OR relname = '__EFMigrationsHistory')
            OR (l.locktype = 'relation' AND l.mode = 'AccessExclusiveLock' AND NOT EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = l.relation)))
        ORDER BY a.pid
        """;

    public static async Task<LockTimeoutException> DescribeAsync(DatabaseTarget target, TimeSpan timeout, Exception cause)
    {
        var waited = string.Create(CultureInfo.InvariantCulture, $"waited Migration:LockTimeout ({timeout.TotalSeconds:0.###} s) for a lock");
        try
        {
            var session = new NpgsqlConnectionStringBuilder(target.Settings.ConnectionString) { Pooling = false, Timeout = 5 };
            await using var connection = new NpgsqlConnection(session.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(Query, connection);
            command.Parameters.AddWithValue(MigrationLock.Name);
            var holders = new List<string>();
            var pids = new List<int>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                pids.Add(reader.GetInt32(0));
                holders.Add(string.Create(CultureInfo.InvariantCulture,
                    $"pid {reader.GetInt32(0)} ({reader.GetString(1)}, {reader.GetString(2)}: {reader.GetString(3)})"));
            }

            return new LockTimeoutException(holders.Count == 0
                ? $"{waited}; the session holding it has let go since. Run again."
                : $"{waited} held by {string.Join("; ", holders)}. End that session (SELECT pg_terminate_backend(<pid>)) or wait for it, then run again.", cause, pids);
        }
        catch (NpgsqlException)
        {
            return new LockTimeoutException($"{waited}; who holds it could not be read.", cause, []);
        }
    }
}
