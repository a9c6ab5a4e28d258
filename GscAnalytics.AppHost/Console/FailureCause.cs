using System.Globalization;
using System.Text.RegularExpressions;

namespace GscAnalytics.AppHost;

/// <summary>Why a resource failed, in words for the console: a dependency that failed first, or its own last error line.</summary>
internal static partial class FailureCause
{
    public static string? FailedDependency(IResource resource, Func<string, CustomResourceSnapshot?> latest)
    {
        foreach (var wait in resource.Annotations.OfType<WaitAnnotation>())
        {
            var dependency = latest(wait.Resource.Name);
            if (dependency?.State?.Text == KnownResourceStates.FailedToStart)
            {
                return $"waits for {wait.Resource.Name}, which failed to start";
            }

            if (wait.WaitType == WaitType.WaitForCompletion && dependency?.ExitCode is { } code && code != wait.ExitCode)
            {
                return string.Create(CultureInfo.InvariantCulture, $"waits for {wait.Resource.Name}, which finished with exit code {code}");
            }
        }

        return null;
    }

    // What Aspire logs around a start that an integration refused; the integration wrote the cause just before.
    private static readonly string[] AspireWrappers = ["Failed to create resource ", "Failed to start resource ", "Error executing command "];

    /// <summary>The last line the resource wrote as an error, cleaned for the console, without Aspire's wrappers.</summary>
    public static async Task<string?> LastErrorLineAsync(ResourceLoggerService logs, IResource resource)
    {
        string? last = null;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        try
        {
            await foreach (var batch in logs.GetAllAsync(resource).WithCancellation(timeout.Token))
            {
                foreach (var line in batch.Where(l => l.IsErrorMessage))
                {
                    var text = Clean(line.Content);
                    if (text.Length > 0 && !AspireWrappers.Any(w => text.StartsWith(w, StringComparison.Ordinal)))
                    {
                        last = text;
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        return last;
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

    [GeneratedRegex(@"\x1B\[[0-9;]*[A-Za-z]")]
    private static partial Regex Escapes();

    [GeneratedRegex(@"^(\d{4}-\d\d-\d\dT[\d:.]+Z )?((info|warn|fail|crit|dbug|trce): [\w.]+\[\d+\] )?")]
    private static partial Regex LogPrefix();
}
