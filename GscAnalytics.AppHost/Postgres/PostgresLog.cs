using Microsoft.Extensions.Logging;

namespace Aspire.Hosting.Postgres;

/// <summary>Lines written to the postgres and database resources' own logs (the dashboard's console logs).</summary>
internal static partial class PostgresLog
{
    [LoggerMessage(1, LogLevel.Error, "{Cause}")]
    public static partial void Failed(ILogger logger, string cause);

    [LoggerMessage(2, LogLevel.Information, "{Line}")]
    public static partial void Output(ILogger logger, string line);

    [LoggerMessage(3, LogLevel.Error, "{Line}")]
    public static partial void ErrorOutput(ILogger logger, string line);

    [LoggerMessage(4, LogLevel.Information, "Created database {Database}")]
    public static partial void DatabaseCreated(ILogger logger, string database);
}
