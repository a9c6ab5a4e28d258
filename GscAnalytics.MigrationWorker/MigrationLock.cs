using Npgsql;

namespace GscAnalytics.MigrationWorker;

/// <summary>
/// A session-level advisory lock, so workers started together take turns on a database and the one that
/// comes second finds nothing left to do. EF Core locks its history table too, but only inside its migrate
/// step, which the worker skips when the history is complete; this lock also covers reading the version
/// and verifying the catalog. Like every lock the worker waits for, it gives up after <c>Migration:LockTimeout</c>.
/// </summary>
internal sealed class MigrationLock : IAsyncDisposable
{
    public const string Name = "gsc_analytics.migrations";

    private readonly NpgsqlConnection session;

    private MigrationLock(NpgsqlConnection session) => this.session = session;

    public static async Task<MigrationLock> AcquireAsync(NpgsqlConnection session, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_advisory_lock(hashtext($1))", session);
        command.Parameters.AddWithValue(Name);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return new MigrationLock(session);
    }

    public async ValueTask DisposeAsync()
    {
        // Closing the session releases the lock too; a failed unlock must not hide the real error.
        if (session.State != System.Data.ConnectionState.Open)
        {
            return;
        }

        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(hashtext($1))", session);
            command.Parameters.AddWithValue(Name);
            await command.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (NpgsqlException)
        {
        }
    }
}
