using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aspire.Hosting;

public static partial class DependentsStartedOnSuccessExtensions
{
    private const string LogCategory = "GscAnalytics.AppHost.Executables";

    /// <summary>
    /// Aspire fails a resource that waits for the completion of <paramref name="job"/> when a run ends non-zero (a
    /// failed run, or one stopped by Restart) and never looks at it again; so when a later run exits 0, each such
    /// resource left FailedToStart is started, as a person would with Start in the dashboard, once every job it waits
    /// for has finished as expected (one still waiting for another job is started by that job's success instead). While
    /// each of those jobs has run only once, nothing can have failed for want of them: what failed then failed for itself.
    /// </summary>
    public static IResourceBuilder<T> WithDependentsStartedOnSuccess<T>(this IResourceBuilder<T> job)
        where T : IResource
    {
        ArgumentNullException.ThrowIfNull(job);
        var runs = new JobRunsAnnotation();
        return job.WithAnnotation(runs).OnBeforeResourceStarted((_, _, _) =>
        {
            runs.Started();
            return Task.CompletedTask;
        }).OnResourceStopped(async (resource, e, cancellationToken) =>
        {
            if (e.ResourceEvent.Snapshot.ExitCode != 0)
            {
                return;
            }

            var services = e.Services;
            var notifications = services.GetRequiredService<ResourceNotificationService>();
            var commands = services.GetRequiredService<ResourceCommandService>();
            var log = services.GetRequiredService<ILoggerFactory>().CreateLogger(LogCategory);
            foreach (var dependent in services.GetRequiredService<DistributedApplicationModel>().Resources.Where(r => WaitsForCompletionOf(r, resource)))
            {
                var awaited = dependent.Annotations.OfType<WaitAnnotation>().Where(w => w.WaitType == WaitType.WaitForCompletion).ToList();
                if (notifications.TryGetCurrentState(dependent.Name, out var current) && current.Snapshot.State?.Text == KnownResourceStates.FailedToStart
                    && awaited.All(w => Succeeded(w, notifications))
                    && awaited.Any(w => w.Resource.Annotations.OfType<JobRunsAnnotation>().FirstOrDefault() is { Count: > 1 }))
                {
                    StartingAfterSuccess(log, dependent.Name, resource.Name);
                    await commands.ExecuteCommandAsync(dependent.Name, KnownResourceCommands.StartCommand, cancellationToken);
                }
            }
        });
    }

    /// <summary>Whether <paramref name="dependent"/> starts by itself once <paramref name="job"/> exits 0.</summary>
    /// <remarks>A resource that starts only when asked (the Phoenix app's tests) stays as the person left it.</remarks>
    private static bool WaitsForCompletionOf(IResource dependent, IResource job) =>
        dependent.Annotations.OfType<WaitAnnotation>().Any(w => w.Resource == job && w.WaitType == WaitType.WaitForCompletion)
        && !dependent.Annotations.OfType<ExplicitStartupAnnotation>().Any();

    private static bool Succeeded(WaitAnnotation wait, ResourceNotificationService notifications) =>
        notifications.TryGetCurrentState(wait.Resource.Name, out var job) && job.Snapshot.State?.Text is { } state
        && KnownResourceStates.TerminalStates.Contains(state) && state != KnownResourceStates.FailedToStart && job.Snapshot.ExitCode == wait.ExitCode;

    [LoggerMessage(1, LogLevel.Information, "{Resource}: starting, {Job} finished with exit code 0")]
    private static partial void StartingAfterSuccess(ILogger logger, string resource, string job);
}
