using Microsoft.Extensions.Logging;

namespace GscAnalytics.Hosting.Postgres;

/// <summary>
/// What the integration says: to the AppHost's log (its console) under its own category, and into the server's and
/// databases' own logs (the dashboard's console logs).
/// </summary>
internal static partial class PostgresLog
{
    public const string Category = "GscAnalytics.Hosting.Postgres";

    [LoggerMessage(1, LogLevel.Error, "{Resource} failed: {Cause}")]
    public static partial void Failed(ILogger logger, string resource, string cause);

    [LoggerMessage(2, LogLevel.Information, "{Line}")]
    public static partial void Output(ILogger logger, string line);

    [LoggerMessage(3, LogLevel.Error, "{Line}")]
    public static partial void ErrorOutput(ILogger logger, string line);

    [LoggerMessage(4, LogLevel.Information, "Created database {Database}")]
    public static partial void DatabaseCreated(ILogger logger, string database);

    [LoggerMessage(5, LogLevel.Information, "Connect to {Resource}: {Command}")]
    public static partial void Connect(ILogger logger, string resource, string command);

    [LoggerMessage(6, LogLevel.Warning, "{Resource}: port {Remembered}, which {DataDirectory} used last time, is taken by {Owner}; listening on {Port} this run")]
    public static partial void PortMoved(ILogger logger, string resource, int remembered, string dataDirectory, string owner, int port);

    [LoggerMessage(7, LogLevel.Information, "{Resource} keeps running after the AppHost stops (Postgres:Lifetime=Persistent), and the next run takes it over; to stop it: {Command}")]
    public static partial void Persistent(ILogger logger, string resource, string command);
}
