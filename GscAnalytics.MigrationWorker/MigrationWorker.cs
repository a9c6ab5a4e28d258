using System.Diagnostics;
using GscAnalytics.MigrationWorker.Oban;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GscAnalytics.MigrationWorker;

/// <summary>
/// Aspire's migration service: migrates every configured database, sets the exit code and stops
/// the host, so that resources waiting for its completion start only after a clean run.
/// </summary>
internal sealed class MigrationWorker(
    IOptions<MigrationOptions> options,
    IConfiguration configuration,
    DatabaseMigrator migrator,
    IHostApplicationLifetime lifetime,
    ILogger<MigrationWorker> logger) : BackgroundService
{
    public const string ActivitySourceName = "GscAnalytics.MigrationWorker";

    private static readonly ActivitySource ActivitySource = new(ActivitySourceName);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var failed = await MigrateAllAsync(stoppingToken);

            // A host whose worker throws still exits 0 on .NET 10, so the failure must be said here.
            Environment.ExitCode = failed ? 1 : 0;
        }
        catch (OptionsValidationException e)
        {
            Log.InvalidConfiguration(logger, e.Message);
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

    private async Task<bool> MigrateAllAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var run = ActivitySource.StartActivity("migrate", ActivityKind.Internal);
        // Databases are independent, so they migrate side by side; each reports on its own.
        var results = await Task.WhenAll(settings.Databases.Select(name => MigrateAsync(name, settings.ConnectTimeout, cancellationToken)));
        var succeeded = results.Count(migrated => migrated);
        Log.Finished(logger, succeeded, settings.Databases.Count);
        var failed = succeeded < settings.Databases.Count;
        run?.SetStatus(failed ? ActivityStatusCode.Error : ActivityStatusCode.Ok);
        return failed;
    }

    private async Task<bool> MigrateAsync(string name, TimeSpan connectTimeout, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnectionStringBuilder(configuration.GetConnectionString(name));
        using var activity = ActivitySource.StartActivity($"migrate {connection.Database}", ActivityKind.Internal);
        activity?.SetTag("db.system.name", "postgresql");
        activity?.SetTag("db.namespace", connection.Database);
        activity?.SetTag("oban.prefix", ObanSchema.DefaultPrefix);
        var stopwatch = Stopwatch.StartNew();
        try
        {
            var result = await migrator.MigrateAsync(name, connection, connectTimeout, cancellationToken);
            activity?.SetTag("oban.version.from", result.From);
            activity?.SetTag("oban.version.to", result.To);
            activity?.SetStatus(ActivityStatusCode.Ok);
            Log.DatabaseMigrated(logger, name, connection.Database!, result.From, result.To, stopwatch.ElapsedMilliseconds);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var cause = DatabaseMigrator.Describe(e, connection);
            activity?.SetTag("error.type", e is PostgresException p ? p.SqlState : e.GetType().FullName);
            activity?.SetStatus(ActivityStatusCode.Error, cause);
            Log.DatabaseFailed(logger, name, connection.Database, cause);
            Log.FailureDetail(logger, name, e);
            return false;
        }
    }
}
