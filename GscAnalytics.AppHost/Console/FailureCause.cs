using System.Globalization;
using System.Text.RegularExpressions;

namespace GscAnalytics.AppHost;

/// <summary>Why a resource failed, in words for the console: a dependency that failed first, or its own last error line.</summary>
internal static partial class FailureCause
{
    public static string? FailedDependency(IResource resource, Func<string, CustomResourceSnapshot?> latest)
    {
        if (resource is IResourceWithParent child)
        {
            return $"{child.Parent.Name} cannot be used, see above";
        }

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

    /// <summary>The last line the resource wrote to stderr, without the orchestrator's timestamp or a .NET log prefix.</summary>
    public static async Task<string?> LastErrorLineAsync(ResourceLoggerService logs, IResource resource)
    {
        string? last = null;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        try
        {
            await foreach (var batch in logs.GetAllAsync(resource).WithCancellation(timeout.Token))
            {
                last = batch.LastOrDefault(l => l.IsErrorMessage).Content ?? last;
            }
        }
        catch (OperationCanceledException)
        {
        }

        return last is null ? null : WithoutPrefix(last);
    }

    /// <summary>A log line without the orchestrator's timestamp or a .NET console logger's "info: Category[id] ".</summary>
    public static string WithoutPrefix(string line) => LogPrefix().Replace(line, string.Empty);

    [GeneratedRegex(@"^(\d{4}-\d\d-\d\dT[\d:.]+Z )?((info|warn|fail|crit|dbug|trce): [\w.]+\[\d+\] )?")]
    private static partial Regex LogPrefix();
}
