using System.Diagnostics;
using GscAnalytics.MigrationWorker.Oban;
using GscAnalytics.MigrationWorker.Tracing;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GscAnalytics.MigrationWorker;

/// <summary>
/// Checks a database's Oban schema against the catalog Oban leaves at its recorded version: objects missing or
/// defined differently fail it, objects the application added beside Oban's are only a warning.
/// </summary>
internal sealed class SchemaVerifier(ServerConnector connector, IOptions<MigrationOptions> options, ILogger<SchemaVerifier> logger)
{
    private static readonly TimeSpan PollEvery = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Verify mode: applies nothing; waits up to <c>Migration:SchemaTimeout</c> for another process (the migration job)
    /// to bring the schema to the target version, then verifies it.
    /// </summary>
    public async Task<ObanMigrationResult> CheckAsync(DatabaseTarget target, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var session = await connector.OpenAsync(target, settings.ConnectTimeout, createMissing: false, cancellationToken);
        var waited = Stopwatch.StartNew();
        var version = await ObanMigrator.ReadVersionAsync(session, cancellationToken: cancellationToken);
        while (version < ObanMigrator.DefaultVersion && waited.Elapsed + PollEvery <= settings.SchemaTimeout)
        {
            await Task.Delay(PollEvery, cancellationToken);
            version = await ObanMigrator.ReadVersionAsync(session, cancellationToken: cancellationToken);
        }

        await VerifyAsync(session, target, version, cancellationToken);
        return new ObanMigrationResult(version, version);
    }

    public Task VerifyAsync(NpgsqlConnection session, DatabaseTarget target, int version, CancellationToken cancellationToken) =>
        WorkerTracing.StepAsync(WorkerTracing.VerifyStep, step => VerifyAsync(step, session, target, version, cancellationToken));

    private async Task VerifyAsync(Activity? step, NpgsqlConnection session, DatabaseTarget target, int version, CancellationToken cancellationToken)
    {
        step?.SetTag(WorkerTracing.VersionTo, version);
        if (version == ObanMigrator.ManagedElsewhere)
        {
            Log.ManagedElsewhere(logger, target.Database);
            return;
        }

        var qualifier = await ObanCatalog.QualifierAsync(session, ObanMigrator.DefaultPrefix, cancellationToken);
        var expected = ObanCatalog.Expected(version, qualifier) ?? throw new ObanMigrationException(version == 0
            ? $"there is no Oban schema (no oban_jobs with a version comment); expected Oban version {ObanMigrator.DefaultVersion}. Run the migrations (the worker without --verify)."
            : $"oban_jobs records Oban version {version}, expected {ObanMigrator.DefaultVersion} to {ObanMigrator.LatestVersion}. Run the migrations; if Oban was rolled back outside EF (mix ecto.rollback), run the Phoenix app's migrations again (mix ecto.migrate), or delete the AddObanTables row of __EFMigrationsHistory and run the worker again.");
        var difference = expected.CompareWith(await ObanCatalog.ReadAsync(session, cancellationToken: cancellationToken));
        if (!difference.MatchesOban)
        {
            throw new ObanMigrationException($"the Oban schema differs from Oban's version {version}: {difference.Describe()}");
        }

        if (difference.Extra.Count > 0)
        {
            Log.ExtraObjects(logger, target.Database, string.Join(", ", difference.Extra));
        }
    }
}
