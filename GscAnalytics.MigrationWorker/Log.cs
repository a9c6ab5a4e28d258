namespace GscAnalytics.MigrationWorker;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Critical, "Invalid configuration: {Reason}")]
    public static partial void InvalidConfiguration(ILogger logger, string reason);

    [LoggerMessage(2, LogLevel.Information, "Waiting for PostgreSQL at {Host}:{Port} for {Name} (retry in {DelayMs} ms): {Cause}")]
    public static partial void WaitingForServer(ILogger logger, string name, string? host, int port, int delayMs, string cause);

    [LoggerMessage(3, LogLevel.Information, "Created database {Database} for {Name}")]
    public static partial void DatabaseCreated(ILogger logger, string name, string database);

    [LoggerMessage(4, LogLevel.Information, "Migrated {Name} (database {Database}): Oban version {From} -> {To} in {ElapsedMs} ms")]
    public static partial void DatabaseMigrated(ILogger logger, string name, string database, int from, int to, long elapsedMs);

    [LoggerMessage(5, LogLevel.Error, "Migration of {Name} (database {Database}) failed: {Cause}")]
    public static partial void DatabaseFailed(ILogger logger, string name, string? database, string cause);

    [LoggerMessage(6, LogLevel.Warning, "Database {Database} has objects beside Oban's, left as they are: {Objects}")]
    public static partial void ExtraObjects(ILogger logger, string database, string objects);

    [LoggerMessage(7, LogLevel.Information, "Oban in database {Database} is managed elsewhere (comment '∞'); its schema is not verified")]
    public static partial void ManagedElsewhere(ILogger logger, string database);

    [LoggerMessage(8, LogLevel.Information, "Migrations finished: {Succeeded} of {Total} databases migrated and verified")]
    public static partial void Finished(ILogger logger, int succeeded, int total);

    [LoggerMessage(9, LogLevel.Debug, "Migration of {Name} failed")]
    public static partial void FailureDetail(ILogger logger, string name, Exception exception);
}
