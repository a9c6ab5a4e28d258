using System.Net.Sockets;
using GscAnalytics.MigrationWorker.Oban;
using Npgsql;

namespace GscAnalytics.MigrationWorker;

/// <summary>One line for the log: what failed and why, never the connection string or its password.</summary>
internal static class FailureDescription
{
    public static string Of(Exception exception, NpgsqlConnectionStringBuilder connection)
    {
        exception = Unwrapped(exception);
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
    public static string ErrorType(Exception exception) => Unwrapped(exception) switch
    {
        PostgresException p => p.SqlState,
        NpgsqlException { InnerException: PostgresException p } => p.SqlState,
        var other => other.GetType().FullName!,
    };

    /// <summary>The PostgreSQL error EF's execution strategy wraps (as "likely due to a transient failure"), or the exception itself.</summary>
    public static Exception Unwrapped(Exception exception)
    {
        if (exception is LockTimeoutException or ObanMigrationException or TimeoutException)
        {
            return exception;
        }

        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is NpgsqlException)
            {
                return e;
            }
        }

        return exception;
    }

    public static bool IsLockTimeout(Exception exception) =>
        Unwrapped(exception) is PostgresException { SqlState: PostgresErrorCodes.LockNotAvailable };
}
