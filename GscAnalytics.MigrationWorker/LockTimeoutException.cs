namespace GscAnalytics.MigrationWorker;

/// <summary>A lock another session held for longer than <c>Migration:LockTimeout</c>; the message names that session.</summary>
public sealed class LockTimeoutException(string message, Exception innerException, IReadOnlyList<int> holders) : Exception(message, innerException)
{
    /// <summary>The server process ids of the sessions that held it, when they could be read.</summary>
    public IReadOnlyList<int> Holders { get; } = holders;
}
