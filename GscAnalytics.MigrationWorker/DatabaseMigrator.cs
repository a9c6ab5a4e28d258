using System.Diagnostics;
using GscAnalytics.MigrationWorker.Data;
using GscAnalytics.MigrationWorker.Oban;
using GscAnalytics.MigrationWorker.Tracing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GscAnalytics.MigrationWorker;

/// <summary>
/// Migrates one database, as Aspire's migration service does, with what a shared database needs around
/// it: wait for the server (creating the database if missing), take turns with other workers, apply the
/// EF migrations only when some are pending, and check the result against Oban's catalog.
/// </summary>
internal sealed class DatabaseMigrator(
    ServerConnector connector, SchemaVerifier verifier, IOptions<MigrationOptions> options, ILoggerFactory loggerFactory)
{
    public async Task<ObanMigrationResult> MigrateAsync(DatabaseTarget target, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var session = await connector.OpenAsync(target, settings.ConnectTimeout, createMissing: true, cancellationToken);
        try
        {
            await using var turn = await TakeTurnAsync(session, target, cancellationToken);
            var from = await ObanMigrator.ReadVersionAsync(session, cancellationToken: cancellationToken);
            var to = from;
            if (await PendingAsync(session, cancellationToken))
            {
                await WorkerTracing.StepAsync(WorkerTracing.MigrateStep, async _ =>
                {
                    await using var context = GscAnalyticsDbContextFactory.Create(target.DataSource, ef => ef
                        .UseLoggerFactory(loggerFactory)
                        .AddInterceptors(new ObanVersionSpans()));

                    // EF's first read of a history table that is not there yet is a failed statement, an error in the
                    // server's log and in the trace of a run that succeeds; EF's own script creates it first instead.
                    await context.Database.ExecuteSqlRawAsync(context.GetService<IHistoryRepository>().GetCreateIfNotExistsScript(), cancellationToken);
                    await context.Database.MigrateAsync(cancellationToken);
                });

                // Read again only when something ran: otherwise the first read already said it.
                to = await ObanMigrator.ReadVersionAsync(session, cancellationToken: cancellationToken);
            }

            await verifier.VerifyAsync(session, target, to, cancellationToken);
            return new ObanMigrationResult(from, to);
        }
        catch (Exception e) when (FailureDescription.IsLockTimeout(e))
        {
            // A lock met later than the workers' own: a table another session holds, say.
            throw await LockTimeoutAsync(target, e, Activity.Current);
        }
    }

    /// <summary>Waits for the workers' lock on this database, as its own step, so a trace shows how long a turn took.</summary>
    private async Task<MigrationLock> TakeTurnAsync(NpgsqlConnection session, DatabaseTarget target, CancellationToken cancellationToken)
    {
        using var step = WorkerTracing.StartStep(WorkerTracing.LockStep);
        var waited = Stopwatch.StartNew();
        try
        {
            return await MigrationLock.AcquireAsync(session, cancellationToken);
        }
        catch (Exception e) when (FailureDescription.IsLockTimeout(e))
        {
            var timeout = await LockTimeoutAsync(target, e, step);
            step.Fail(FailureDescription.ErrorType(e), timeout.Message);
            throw timeout;
        }
        finally
        {
            step?.SetTag(WorkerTracing.LockWaitMs, waited.ElapsedMilliseconds);
        }
    }

    /// <summary>A lock timeout named with the sessions that held the lock, also on <paramref name="span"/>.</summary>
    private async Task<LockTimeoutException> LockTimeoutAsync(DatabaseTarget target, Exception cause, Activity? span)
    {
        var timeout = await LockHolders.DescribeAsync(target, options.Value.LockTimeout, cause);
        span?.SetTag(WorkerTracing.LockHolders, string.Join(',', timeout.Holders));
        return timeout;
    }

    private static Task<bool> PendingAsync(NpgsqlConnection session, CancellationToken cancellationToken) =>
        WorkerTracing.StepAsync(WorkerTracing.HistoryStep, async step =>
        {
            var pending = await EfMigrationHistory.PendingAsync(session, cancellationToken);
            step?.SetTag(WorkerTracing.PendingMigrations, pending);
            return pending > 0;
        });
}
