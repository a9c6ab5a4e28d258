using Microsoft.Extensions.Logging;

namespace GscAnalytics.AppHost;

/// <summary>What the console reporter says: one line per resource state change, failures with their fix, ready.</summary>
internal static partial class AppHostConsole
{
    public const string Category = "GscAnalytics.AppHost";

    [LoggerMessage(1, LogLevel.Information, "{Resource}: {State}")]
    public static partial void StateChanged(ILogger logger, string resource, string state);

    [LoggerMessage(3, LogLevel.Information, "Ready: {Finished} finished; running: {Running}.{Note} Press Ctrl+C to stop everything.")]
    public static partial void Ready(ILogger logger, string finished, string running, string note);

    [LoggerMessage(4, LogLevel.Error, "{Resource} failed: {Cause}. {Fix}")]
    public static partial void Failed(ILogger logger, string resource, string cause, string fix);

    [LoggerMessage(5, LogLevel.Critical, "{Reason}")]
    public static partial void Refused(ILogger logger, string reason);

    [LoggerMessage(6, LogLevel.Information, "{Note}")]
    public static partial void Note(ILogger logger, string note);

    [LoggerMessage(8, LogLevel.Warning, "{Resource}: Unhealthy ({Cause})")]
    public static partial void Unhealthy(ILogger logger, string resource, string cause);

    [LoggerMessage(7, LogLevel.Warning, "{Resource}: its state change could not be reported: {Reason}")]
    public static partial void ReportFailed(ILogger logger, string resource, string reason);
}
