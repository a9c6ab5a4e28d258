using System.Net.Sockets;
using GscAnalytics.MigrationWorker.Oban;
using Npgsql;

namespace GscAnalytics.MigrationWorker;

/// <summary>One line for the log: what failed and why, never the connection string or its password.</summary>
internal static class FailureDescription
{
    public static string Of(Exception exception, NpgsqlConnectionStringBuilder connection)
    {
        var cause = exception switch
        {
            PostgresException e => $"{e.SqlState}: {e.MessageText}",
            NpgsqlException { InnerException: SocketException s } => $"cannot reach PostgreSQL at {connection.Host}:{connection.Port}: {s.Message}",
            NpgsqlException { InnerException: PostgresException e } => $"{e.SqlState}: {e.MessageText}",
            ObanMigrationException or TimeoutException or LockTimeoutException => exception.Message,
            _ => $"{exception.GetType().Name}: {exception.Message}",
        };
        return string.IsNullOrEmpty(connection.Password) ? cause : cause.Replace(connection.Password, "***", StringComparison.Ordinal);
    }

    /// <summary>The SQLSTATE or exception type, for the span's <c>error.type</c>.</summary>
    public static string ErrorType(Exception exception) => exception switch
    {
        PostgresException p => p.SqlState,
        NpgsqlException { InnerException: PostgresException p } => p.SqlState,
        _ => exception.GetType().FullName!,
    };
}
