namespace GscAnalytics.MigrationWorker;

/// <summary>A lock another session held for longer than <c>Migration:LockTimeout</c>; the message names that session.</summary>
public sealed class LockTimeoutException(string message, Exception innerException) : Exception(message, innerException);
