using System.Diagnostics;
using GscAnalytics.Shared;
using Npgsql;

namespace GscAnalytics.MigrationWorker;

/// <summary>
/// Opens a session on a database, waiting with backoff while its server starts (up to
/// <c>Migration:ConnectTimeout</c>), and creating the database first when asked and it is missing.
/// </summary>
internal sealed class ServerConnector(ILogger<ServerConnector> logger)
{
    // A server starting beside the worker (the AppHost starts both at once) is polled closely: a refused local
    // connection costs next to nothing, and doubling pauses overslept its readiness by up to 0.8 s. A server still
    // down after that is waited for with doubling pauses.
    private static readonly TimeSpan StartingPoll = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan StartingFor = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ReportEvery = TimeSpan.FromSeconds(10);

    // The attempt made at the deadline still gets time to complete a connection to a server that has just come up.
    private static readonly TimeSpan LastAttempt = TimeSpan.FromMilliseconds(250);

    public async Task<NpgsqlConnection> OpenAsync(DatabaseTarget target, TimeSpan timeout, bool createMissing, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        var delay = StartingPoll;
        TimeSpan? reported = null;
        while (true)
        {
            try
            {
                return await OpenWithinAsync(target.DataSource.CreateConnection(), timeout - waited.Elapsed, cancellationToken);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName && createMissing)
            {
                await CreateDatabaseAsync(target, timeout - waited.Elapsed, cancellationToken);
            }
            catch (Exception e) when (IsServerNotReady(e) && !cancellationToken.IsCancellationRequested)
            {
                // The last pause ends at the deadline and one more attempt follows, so a server that comes up just
                // before it is still found: giving up when the next pause would cross it stopped up to 2 s early.
                var remaining = timeout - waited.Elapsed;
                if (remaining <= TimeSpan.Zero)
                {
                    throw new TimeoutException(
                        $"PostgreSQL at {target.Settings.Host}:{target.Settings.Port} did not accept connections within Migration:ConnectTimeout ({timeout.TotalSeconds:0.#} s); last error: {FailureDescription.Of(e, target.Settings)}",
                        e);
                }

                // A few lines while waiting, not one per attempt.
                if (reported is null || waited.Elapsed - reported >= ReportEvery)
                {
                    reported = waited.Elapsed;
                    Log.WaitingForServer(logger, target.Name, target.Settings.Host, target.Settings.Port, (int)waited.Elapsed.TotalSeconds, FailureDescription.Of(e, target.Settings));
                }

                await Task.Delay(delay < remaining ? delay : remaining, cancellationToken);
                if (waited.Elapsed > StartingFor)
                {
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
                }
            }
        }
    }

    private async Task CreateDatabaseAsync(DatabaseTarget target, TimeSpan remaining, CancellationToken cancellationToken)
    {
        await using var maintenance = await OpenWithinAsync(PostgresMaintenance.Connect(target.Settings.ConnectionString), remaining, cancellationToken);
        if (await PostgresMaintenance.CreateIfMissingAsync(maintenance, target.Database, cancellationToken))
        {
            Log.DatabaseCreated(logger, target.Name, target.Database);
        }
    }

    private static async Task<NpgsqlConnection> OpenWithinAsync(NpgsqlConnection session, TimeSpan remaining, CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(remaining > LastAttempt ? remaining : LastAttempt);
        try
        {
            await session.OpenAsync(attempt.Token);
            return session;
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            await session.DisposeAsync();

            // A TimeoutException inside makes it transient, so the wait loop counts it as the server not ready yet.
            throw new NpgsqlException("the connection attempt timed out", new TimeoutException(e.Message, e));
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    private static bool IsServerNotReady(Exception e) => e switch
    {
        PostgresException p => p.SqlState is PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.TooManyConnections,
        NpgsqlException n => n.IsTransient,
        _ => false,
    };
}
