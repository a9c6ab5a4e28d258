using Microsoft.Extensions.Logging;

namespace GscAnalytics.AppHost;

/// <summary>What the AppHost says on its console: one line per resource state change, how to connect, ready or failed.</summary>
internal static partial class AppHostConsole
{
    public const string Category = "GscAnalytics.AppHost";

    [LoggerMessage(1, LogLevel.Information, "{Resource}: {State}")]
    public static partial void StateChanged(ILogger logger, string resource, string state);

    [LoggerMessage(2, LogLevel.Information, "Connect to {Resource}: {Command}")]
    public static partial void Connect(ILogger logger, string resource, string command);

    [LoggerMessage(3, LogLevel.Information, "Ready: {Migrations} finished; running: {Running}. {Dependents} Press Ctrl+C to stop everything.")]
    public static partial void Ready(ILogger logger, string migrations, string running, string dependents);

    [LoggerMessage(4, LogLevel.Error, "{Resource} failed: {Cause} {Fix}")]
    public static partial void Failed(ILogger logger, string resource, string cause, string fix);

    [LoggerMessage(5, LogLevel.Critical, "{Reason}")]
    public static partial void Refused(ILogger logger, string reason);

    [LoggerMessage(6, LogLevel.Information, "{Resource}: starting, {Migrations} finished with exit code 0")]
    public static partial void StartingAfterMigrations(ILogger logger, string resource, string migrations);
}
