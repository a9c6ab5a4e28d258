using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Aspire.Hosting;

/// <summary>One line per message: time, the resource (or "apphost"), the text; warnings and errors marked.</summary>
internal sealed class AppHostConsoleFormatter() : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "apphost";

    public override void Write<TState>(in LogEntry<TState> logEntry, Microsoft.Extensions.Logging.IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        var level = logEntry.LogLevel switch
        {
            LogLevel.Warning => "warn: ",
            LogLevel.Error => "fail: ",
            LogLevel.Critical => "crit: ",
            _ => string.Empty,
        };
        var category = logEntry.Category.StartsWith("Aspire.", StringComparison.Ordinal) || logEntry.Category.StartsWith("GscAnalytics.AppHost.", StringComparison.Ordinal)
            ? "apphost"
            : logEntry.Category;
        textWriter.Write($"{DateTime.Now:HH:mm:ss.fff} [{category}] {level}{message}{Environment.NewLine}");
        if (logEntry.Exception is not null && logEntry.LogLevel >= LogLevel.Error)
        {
            textWriter.Write($"{logEntry.Exception}{Environment.NewLine}");
        }
    }
}
