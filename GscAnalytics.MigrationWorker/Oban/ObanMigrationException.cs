namespace GscAnalytics.MigrationWorker.Oban;

/// <summary>
/// An Oban migration refused, or a schema found not to be Oban's, for a reason the message states in
/// one line: invalid options (refused before any SQL), a comment on <c>oban_jobs</c> that is not a
/// version, a down on a schema managed elsewhere or newer than this port knows. A refused migration
/// changes nothing.
/// </summary>
public sealed class ObanMigrationException : Exception
{
    /// <inheritdoc cref="Exception(string)"/>
    public ObanMigrationException(string message)
        : base(message)
    {
    }

    /// <inheritdoc cref="Exception(string, Exception)"/>
    public ObanMigrationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <inheritdoc cref="Exception()"/>
    public ObanMigrationException()
    {
    }
}
