using Npgsql;

namespace GscAnalytics.AppHost.Tests.Helpers;

/// <summary>
/// The worker's own advisory lock on the dev database, held by a test session: a worker started meanwhile
/// waits for it (up to Migration:LockTimeout), as one does behind another worker.
/// </summary>
public sealed class MigrationsLock : IAsyncDisposable
{
    private readonly NpgsqlConnection session;

    private MigrationsLock(NpgsqlConnection session) => this.session = session;

    /// <summary>Takes the lock as soon as the dev database exists, before the worker (which waits for it to be healthy) can.</summary>
    public static async Task<MigrationsLock> HoldAsync(DistributedApplication app)
    {
        await app.ResourceNotifications.WaitForResourceAsync("gsc-analytics-dev", KnownResourceStates.Running).WaitAsync(TestAppHost.Timeout);
        var session = await app.OpenAsync("gsc-analytics-dev");
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(hashtext('gsc_analytics.migrations'))", session);
        if (await command.ExecuteScalarAsync() is not true)
        {
            await session.DisposeAsync();
            throw new Xunit.Sdk.XunitException("the worker took its lock before the test could: the fault point was missed");
        }

        return new MigrationsLock(session);
    }

    // A pooled session keeps its advisory locks until it is reused: let go of it for real.
    public async ValueTask DisposeAsync()
    {
        await using (var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", session))
        {
            await unlock.ExecuteNonQueryAsync().WaitAsync(TestAppHost.Timeout);
        }

        NpgsqlConnection.ClearPool(session);
        await session.DisposeAsync();
    }
}
