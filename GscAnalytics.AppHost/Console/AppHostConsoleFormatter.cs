using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace GscAnalytics.AppHost;

/// <summary>
/// One timestamped line per message. The AppHost's own lines (the reporter's and its integrations', categories
/// under <c>GscAnalytics.</c>) show plain; of Aspire's informational lines only the dashboard's login URL is kept;
/// other warnings and errors show with their level and category, their exception as its one-line message.
/// </summary>
internal sealed class AppHostConsoleFormatter() : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "gsc-analytics";

    // Aspire's informational lines a person needs: where the dashboard is, where a manifest went.
    private static readonly string[] KeptFromAspire = ["Login to the dashboard at ", "Published manifest to: "];

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        var ours = (logEntry.Category.StartsWith("GscAnalytics.", StringComparison.Ordinal) || logEntry.Category == AppHostConsole.Category)
            && !logEntry.Category.Contains(".Resources.", StringComparison.Ordinal);
        if (!ours && logEntry.LogLevel < LogLevel.Warning && !KeptFromAspire.Any(k => message.StartsWith(k, StringComparison.Ordinal)))
        {
            return;
        }

        var time = DateTime.Now.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);
        var source = ours || logEntry.LogLevel < LogLevel.Warning ? string.Empty : $"{Level(logEntry.LogLevel)} {logEntry.Category}: ";
        var detail = logEntry.Exception is { } exception && !ours ? $" ({exception.GetType().Name}: {FailureCause.Clean(exception.Message)})" : string.Empty;
        textWriter.WriteLine($"{time} {source}{FailureCause.Clean(message)}{detail}");
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => "info",
    };
}
