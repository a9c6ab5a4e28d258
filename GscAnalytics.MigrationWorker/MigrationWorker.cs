using System.Diagnostics;
using GscAnalytics.MigrationWorker.Oban;
using GscAnalytics.MigrationWorker.Tracing;
using Microsoft.Extensions.Options;

namespace GscAnalytics.MigrationWorker;

/// <summary>
/// Aspire's migration service: migrates (or, in verify mode, checks) every configured database, sets the
/// exit code and stops the host, so that resources waiting for its completion start only after a clean run.
/// </summary>
internal sealed class MigrationWorker(
    IOptions<MigrationOptions> options,
    IServiceProvider services,
    IConfiguration configuration,
    DatabaseMigrator migrator,
    SchemaVerifier verifier,
    IHostApplicationLifetime lifetime,
    ILogger<MigrationWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var failed = await RunAllAsync(stoppingToken);

            // A host whose worker throws still exits 0 on .NET 10, so the failure must be said here.
            Environment.ExitCode = failed ? 1 : 0;
        }
        catch (OptionsValidationException e)
        {
            foreach (var failure in e.Failures)
            {
                Log.InvalidConfiguration(logger, failure);
            }

            Environment.ExitCode = 1;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            Environment.ExitCode = 1;
        }
        finally
        {
            lifetime.StopApplication();
        }
    }

    private async Task<bool> RunAllAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var verb = settings.Mode == MigrationMode.Verify ? "verify" : "migrate";
        using var run = WorkerTracing.StartRun(verb);
        var names = settings.Databases;
        var targets = names.Select(name => DatabaseTarget.Resolve(services, configuration, name)).ToList();

        // Databases are independent, so they run side by side; each reports on its own.
        var causes = await Task.WhenAll(targets.Select(target => RunAsync(verb, target, settings.Mode, cancellationToken)));
        var failed = names.Select((name, i) => (name, cause: causes[i])).Where(r => r.cause is not null).ToList();
        if (failed.Count == 0)
        {
            Log.Finished(logger, verb == "verify" ? "verified" : "migrated and verified", names.Count);
        }
        else
        {
            // The last line is what the AppHost's console shows as the cause: each failure with its own.
            Log.FinishedWithFailures(logger, failed.Count, names.Count, string.Join("; ", failed.Select(f => $"{f.name}: {f.cause}")));
        }

        run?.SetStatus(failed.Count > 0 ? ActivityStatusCode.Error : ActivityStatusCode.Ok);
        return failed.Count > 0;
    }

    /// <summary>Migrates or verifies one database; returns why it failed, or null.</summary>
    private async Task<string?> RunAsync(string verb, DatabaseTarget target, MigrationMode mode, CancellationToken cancellationToken)
    {
        using var activity = WorkerTracing.StartDatabase(verb, target.Database, ObanMigrator.DefaultPrefix);
        var stopwatch = Stopwatch.StartNew();
        try
        {
            var result = mode == MigrationMode.Verify
                ? await verifier.CheckAsync(target, cancellationToken)
                : await migrator.MigrateAsync(target, cancellationToken);
            activity?.SetTag(WorkerTracing.VersionFrom, result.From);
            activity?.SetTag(WorkerTracing.VersionTo, result.To);
            activity?.SetStatus(ActivityStatusCode.Ok);
            if (mode == MigrationMode.Verify)
            {
                activity?.SetTag(WorkerTracing.Outcome, "verified");
                Log.Verified(logger, target.Name, target.Database, result.To, stopwatch.ElapsedMilliseconds);
            }
            else if (result.From == result.To)
            {
                activity?.SetTag(WorkerTracing.Outcome, "nothing to do");
                Log.AlreadyAtVersion(logger, target.Name, target.Database, result.To, stopwatch.ElapsedMilliseconds);
            }
            else
            {
                activity?.SetTag(WorkerTracing.Outcome, "migrated");
                Log.DatabaseMigrated(logger, target.Name, target.Database, result.From, result.To, stopwatch.ElapsedMilliseconds);
            }

            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var cause = FailureDescription.Of(e, target.Settings);
            activity.Fail(FailureDescription.ErrorType(e), cause);
            Log.DatabaseFailed(logger, target.Name, target.Database, cause);
            Log.FailureDetail(logger, target.Name, e);
            return cause;
        }
    }
}
