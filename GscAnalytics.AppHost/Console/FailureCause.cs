using System.Globalization;
using System.Text.RegularExpressions;

namespace GscAnalytics.AppHost;

/// <summary>Why a resource failed, in words for the console: a dependency that failed first, or its own last error line.</summary>
internal static partial class FailureCause
{
    /// <summary>
    /// The dependency whose failure failed <paramref name="resource"/>, read from Aspire's current states, which hold the
    /// dependency's failure before the dependent's. Named, not explained: the dependency's own line says why.
    /// </summary>
    public static string? FailedDependency(IResource resource, ResourceNotificationService notifications)
    {
        foreach (var wait in resource.Annotations.OfType<WaitAnnotation>())
        {
            if (!notifications.TryGetCurrentState(wait.Resource.Name, out var current))
            {
                continue;
            }

            var dependency = current.Snapshot;
            if (dependency.State?.Text == KnownResourceStates.FailedToStart)
            {
                return $"waits for {wait.Resource.Name}, which failed to start";
            }

            if (wait.WaitType == WaitType.WaitForCompletion && dependency.ExitCode is { } code && code != wait.ExitCode
                && dependency.State?.Text is { } state && KnownResourceStates.TerminalStates.Contains(state))
            {
                return string.Create(CultureInfo.InvariantCulture, $"waits for {wait.Resource.Name}, which finished with exit code {code}");
            }
        }

        return null;
    }

    private static readonly TimeSpan LateLines = TimeSpan.FromSeconds(2);

    // What Aspire logs around a start that an integration refused; the integration wrote the cause just before.
    private static readonly string[] AspireWrappers = ["Failed to create resource ", "Failed to start resource ", "Error executing command "];

    /// <summary>
    /// Why the resource failed, from its own output: as its integration reads that kind of output
    /// (<see cref="RunReportAnnotation"/>), else the last line it wrote as an error, else (from a tool that reports on
    /// its standard output) its last line that tells of a failure.
    /// </summary>
    public static async Task<string?> OfAsync(ResourceLoggerService logs, IResource resource, bool exited)
    {
        var report = resource.Annotations.OfType<RunReportAnnotation>().LastOrDefault();
        return await FindAsync(logs, resource, exited, lines => report is null ? lines.LastOrDefault(l => l.IsError)?.Text : report.Cause([.. lines.Select(l => l.Text)]))
            ?? (await ReadAsync(logs, resource) is var lines && lines.LastOrDefault(l => l.IsError) is { } error ? error.Text
                : lines.LastOrDefault(l => l.Text.Contains("fail", StringComparison.OrdinalIgnoreCase))?.Text);
    }

    /// <summary>The line that sums up how the resource's run ended (a test runner's totals), when its integration knows one.</summary>
    public static async Task<string?> SummaryAsync(ResourceLoggerService logs, IResource resource) =>
        resource.Annotations.OfType<RunReportAnnotation>().LastOrDefault() is { Summary: { } summary }
            ? await FindAsync(logs, resource, exited: true, lines => summary([.. lines.Select(l => l.Text)]))
            : null;

    /// <summary>
    /// What <paramref name="find"/> finds in the resource's output, looking again for a little while after a process
    /// <paramref name="exited"/>: the orchestrator may report an exit before the last lines it streams have arrived.
    /// </summary>
    private static async Task<string?> FindAsync(ResourceLoggerService logs, IResource resource, bool exited, Func<List<OutputLine>, string?> find)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            if (find(await ReadAsync(logs, resource)) is { } found)
            {
                return found;
            }

            if (!exited || waited.Elapsed > LateLines)
            {
                return null;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
    }

    // The orchestrator's own lines in a resource's log; the one before each start of a process ends what earlier runs wrote.
    private const string Orchestrator = "[sys] ";
    private const string RunStart = "[sys] Starting process";

    /// <summary>The resource's output since its last start, one cleaned line each, without continuations and Aspire's wrappers.</summary>
    private static async Task<List<OutputLine>> ReadAsync(ResourceLoggerService logs, IResource resource)
    {
        var lines = new List<(DateTime? At, OutputLine Line)>();
        var lastStart = DateTime.MinValue;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        try
        {
            await foreach (var batch in logs.GetAllAsync(resource).WithCancellation(timeout.Token))
            {
                foreach (var line in batch)
                {
                    var text = Clean(line.Content);
                    var at = Timestamp().Match(line.Content) is { Success: true } stamp
                        && DateTime.TryParse(stamp.Value.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var parsed) ? parsed : (DateTime?)null;
                    if (text.StartsWith(RunStart, StringComparison.Ordinal))
                    {
                        // It comes in the orchestrator's own stream, not always before the run's output: its time tells.
                        lastStart = at is { } started && started > lastStart ? started : lastStart;
                    }
                    else if (text.Length > 0 && !text.StartsWith(Orchestrator, StringComparison.Ordinal) && !IsContinuation(line.Content) && !AspireWrappers.Any(w => text.StartsWith(w, StringComparison.Ordinal)))
                    {
                        lines.Add((at, new(text, line.IsErrorMessage)));
                    }
                }
            }
        }
        catch (Exception)
        {
            // Best effort: a log cut short (the time limit, a resource started again meanwhile) leaves what was read so far.
        }

        return [.. lines.Where(l => l.At is not { } at || at >= lastStart).Select(l => l.Line)];
    }

    // An indented line continues the one before it: a stack frame, a wrapped message.
    private static bool IsContinuation(string content)
    {
        var text = Escapes().Replace(Timestamp().Replace(content, string.Empty), string.Empty);
        return text.Length > 0 && char.IsWhiteSpace(text[0]);
    }

    /// <summary>
    /// A log line as one plain line: without terminal colours, the orchestrator's timestamp, a .NET console logger's
    /// "info: Category[id] ", or whatever follows its first line (a stack trace).
    /// </summary>
    public static string Clean(string line)
    {
        var plain = Escapes().Replace(line, string.Empty);
        var first = plain.Split('\n', 2)[0].TrimEnd('\r');
        return LogPrefix().Replace(first, string.Empty).Trim();
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT[\d:.]+Z ")]
    private static partial Regex Timestamp();

    [GeneratedRegex(@"\x1B\[[0-9;]*[A-Za-z]")]
    private static partial Regex Escapes();

    [GeneratedRegex(@"^(\d{4}-\d\d-\d\dT[\d:.]+Z )?((info|warn|fail|crit|dbug|trce): [\w.]+\[\d+\] )?")]
    private static partial Regex LogPrefix();

    private sealed record OutputLine(string Text, bool IsError);
}
