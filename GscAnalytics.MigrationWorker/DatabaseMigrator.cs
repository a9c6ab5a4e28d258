using GscAnalytics.MigrationWorker.Data;
using GscAnalytics.MigrationWorker.Oban;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Options;

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
            await using var turn = await MigrationLock.AcquireAsync(session, cancellationToken);
            var from = await ObanMigrator.ReadVersionAsync(session, cancellationToken: cancellationToken);
            if (await EfMigrationHistory.HasPendingAsync(session, cancellationToken))
            {
                await using var context = GscAnalyticsDbContextFactory.Create(target.DataSource, ef => ef.UseLoggerFactory(loggerFactory));

                // EF's first read of a history table that is not there yet is a failed statement, an error in the
                // server's log and in the trace of a run that succeeds; EF's own script creates it first instead.
                await context.Database.ExecuteSqlRawAsync(context.GetService<IHistoryRepository>().GetCreateIfNotExistsScript(), cancellationToken);
                await context.Database.MigrateAsync(cancellationToken);
            }

            var to = await ObanMigrator.ReadVersionAsync(session, cancellationToken: cancellationToken);
            await verifier.VerifyAsync(session, target, to, cancellationToken);
            return new ObanMigrationResult(from, to);
        }
        catch (Exception e) when (FailureDescription.IsLockTimeout(e))
        {
            throw await LockHolders.DescribeAsync(target, settings.LockTimeout, e);
        }
    }
}
