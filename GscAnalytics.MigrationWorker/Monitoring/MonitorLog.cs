namespace GscAnalytics.MigrationWorker.Monitoring;

/// <summary>What the monitor says: each failed attempt as one structured record, and changes in what it can see.</summary>
internal static partial class MonitorLog
{
    [LoggerMessage(1, LogLevel.Warning, "{Worker} job {JobId} in queue {Queue} of {Database} failed attempt {Attempt} of {MaxAttempts} and will be retried: {Error} (args {Args})")]
    public static partial void Retryable(ILogger logger, string worker, long jobId, string queue, string database, int attempt, int maxAttempts, string error, string args);

    [LoggerMessage(2, LogLevel.Error, "{Worker} job {JobId} in queue {Queue} of {Database} was discarded after attempt {Attempt} of {MaxAttempts}: {Error} (args {Args})")]
    public static partial void Discarded(ILogger logger, string worker, long jobId, string queue, string database, int attempt, int maxAttempts, string error, string args);

    [LoggerMessage(3, LogLevel.Information, "Watching Oban's jobs in {Databases} every {IntervalSeconds} s")]
    public static partial void Watching(ILogger logger, string databases, double intervalSeconds);

    [LoggerMessage(4, LogLevel.Warning, "{Database}: {Problem}")]
    public static partial void Problem(ILogger logger, string database, string problem);

    [LoggerMessage(5, LogLevel.Information, "{Database}: Oban version {Version}")]
    public static partial void Seeing(ILogger logger, string database, string version);
}
