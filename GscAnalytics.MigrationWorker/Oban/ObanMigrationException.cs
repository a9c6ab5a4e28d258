namespace GscAnalytics.MigrationWorker.Oban;

/// <summary>An Oban migration refused or failed for a reason its message states.</summary>
public sealed class ObanMigrationException : Exception
{
    public ObanMigrationException(string message)
        : base(message)
    {
    }

    public ObanMigrationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ObanMigrationException()
    {
    }
}
