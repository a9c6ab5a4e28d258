namespace GscAnalytics.MigrationWorker.Oban;

/// <summary>
/// The version recorded on <c>oban_jobs</c> before and after one up or down call: equal when there was
/// nothing to do; 0 when there is no Oban schema; <see cref="ObanMigrator.ManagedElsewhere"/> for a schema
/// managed elsewhere.
/// </summary>
/// <param name="From">The recorded version the call started from.</param>
/// <param name="To">The recorded version the call left.</param>
public readonly record struct ObanMigrationResult(int From, int To);
