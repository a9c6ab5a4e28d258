using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace GscAnalytics.AppHost;

/// <summary>
/// One timestamped line per message. Of Aspire's own informational start-up lines only the dashboard's
/// login URL is kept; its warnings and errors always show.
/// </summary>
internal sealed class AppHostConsoleFormatter() : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "gsc-analytics";

    private const string AspireCategory = "Aspire.Hosting.DistributedApplication";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (logEntry.Category == AspireCategory && logEntry.LogLevel < LogLevel.Warning
            && !message.StartsWith("Login to the dashboard", StringComparison.Ordinal))
        {
            return;
        }

        var time = DateTime.Now.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);
        var source = logEntry.Category is AppHostConsole.Category or AspireCategory ? string.Empty : $"{Level(logEntry.LogLevel)} {logEntry.Category}: ";
        textWriter.WriteLine($"{time} {source}{message}");
        if (logEntry.Exception is { } exception && logEntry.Category != AppHostConsole.Category)
        {
            textWriter.WriteLine(exception.ToString());
        }
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => "info",
    };
}
