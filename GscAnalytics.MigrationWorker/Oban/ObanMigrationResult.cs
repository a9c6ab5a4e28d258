namespace GscAnalytics.MigrationWorker.Oban;

/// <summary>The recorded version before and after one up or down call.</summary>
public readonly record struct ObanMigrationResult(int From, int To);
