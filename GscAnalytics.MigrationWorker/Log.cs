namespace GscAnalytics.MigrationWorker;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Critical, "Invalid configuration: {Reason}")]
    public static partial void InvalidConfiguration(ILogger logger, string reason);

    [LoggerMessage(2, LogLevel.Information, "Waiting for PostgreSQL at {Host}:{Port} for {Name} ({WaitedSeconds} s so far): {Cause}")]
    public static partial void WaitingForServer(ILogger logger, string name, string? host, int port, int waitedSeconds, string cause);

    [LoggerMessage(3, LogLevel.Information, "Created database {Database} for {Name}")]
    public static partial void DatabaseCreated(ILogger logger, string name, string database);

    [LoggerMessage(4, LogLevel.Information, "Migrated {Name} (database {Database}): Oban version {From} -> {To}, verified, in {ElapsedMs} ms")]
    public static partial void DatabaseMigrated(ILogger logger, string name, string database, int from, int to, long elapsedMs);

    [LoggerMessage(5, LogLevel.Error, "{Name} (database {Database}) failed: {Cause}")]
    public static partial void DatabaseFailed(ILogger logger, string name, string? database, string cause);

    [LoggerMessage(6, LogLevel.Warning, "Database {Database} has objects beside Oban's, left as they are: {Objects}")]
    public static partial void ExtraObjects(ILogger logger, string database, string objects);

    [LoggerMessage(7, LogLevel.Information, "Oban in database {Database} is managed elsewhere (comment '∞'); its schema is not verified")]
    public static partial void ManagedElsewhere(ILogger logger, string database);

    [LoggerMessage(8, LogLevel.Information, "All {Total} databases {Outcome}")]
    public static partial void Finished(ILogger logger, string outcome, int total);

    [LoggerMessage(9, LogLevel.Debug, "{Name} failed")]
    public static partial void FailureDetail(ILogger logger, string name, Exception exception);

    [LoggerMessage(10, LogLevel.Information, "{Name} (database {Database}) already at Oban version {Version}, verified, in {ElapsedMs} ms")]
    public static partial void AlreadyAtVersion(ILogger logger, string name, string database, int version, long elapsedMs);

    [LoggerMessage(11, LogLevel.Error, "{Failed} of {Total} databases failed: {Causes}")]
    public static partial void FinishedWithFailures(ILogger logger, int failed, int total, string causes);

    [LoggerMessage(12, LogLevel.Information, "{Name} (database {Database}): Oban version {Version}, catalog verified in {ElapsedMs} ms")]
    public static partial void Verified(ILogger logger, string name, string database, int version, long elapsedMs);
}
