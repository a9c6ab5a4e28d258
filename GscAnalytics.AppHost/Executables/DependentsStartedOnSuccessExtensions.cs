using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aspire.Hosting;

public static partial class DependentsStartedOnSuccessExtensions
{
    private const string LogCategory = "GscAnalytics.AppHost.Executables";

    /// <summary>
    /// Aspire fails a resource that waits for the completion of <paramref name="job"/> when a run ends non-zero (a
    /// failed run, or one stopped by Restart) and never looks at it again; so when a later run exits 0, each such
    /// resource that was left FailedToStart before that run began, and whose other awaited jobs have all finished as
    /// expected, is started, as a person would with Start in the dashboard. One still waiting for another job is started
    /// by that job's success instead; one that failed after this run, for reasons of its own, is left alone.
    /// </summary>
    public static IResourceBuilder<T> WithDependentsStartedOnSuccess<T>(this IResourceBuilder<T> job)
        where T : IResource
    {
        ArgumentNullException.ThrowIfNull(job);
        IResource[] failedBefore = [];
        return job.OnBeforeResourceStarted((resource, e, _) =>
        {
            var notifications = e.Services.GetRequiredService<ResourceNotificationService>();
            failedBefore = [.. Dependents(resource, e.Services).Where(d => IsFailedToStart(d, notifications))];
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
            foreach (var dependent in failedBefore)
            {
                if (IsFailedToStart(dependent, notifications) && AllAwaitedJobsSucceeded(dependent, notifications))
                {
                    StartingAfterSuccess(log, dependent.Name, resource.Name);
                    await commands.ExecuteCommandAsync(dependent.Name, KnownResourceCommands.StartCommand, cancellationToken);
                }
            }
        });
    }

    /// <summary>What starts by itself once <paramref name="job"/> exits 0.</summary>
    /// <remarks>A resource that starts only when asked (the Phoenix app's tests) stays as the person left it.</remarks>
    private static IEnumerable<IResource> Dependents(IResource job, IServiceProvider services) =>
        services.GetRequiredService<DistributedApplicationModel>().Resources.Where(dependent =>
            dependent.Annotations.OfType<WaitAnnotation>().Any(w => w.Resource == job && w.WaitType == WaitType.WaitForCompletion)
            && !dependent.Annotations.OfType<ExplicitStartupAnnotation>().Any());

    private static bool IsFailedToStart(IResource resource, ResourceNotificationService notifications) =>
        notifications.TryGetCurrentState(resource.Name, out var current) && current.Snapshot.State?.Text == KnownResourceStates.FailedToStart;

    private static bool AllAwaitedJobsSucceeded(IResource dependent, ResourceNotificationService notifications) =>
        dependent.Annotations.OfType<WaitAnnotation>().Where(w => w.WaitType == WaitType.WaitForCompletion).All(w =>
            notifications.TryGetCurrentState(w.Resource.Name, out var job) && job.Snapshot.State?.Text is { } state
            && KnownResourceStates.TerminalStates.Contains(state) && state != KnownResourceStates.FailedToStart && job.Snapshot.ExitCode == w.ExitCode);

    [LoggerMessage(1, LogLevel.Information, "{Resource}: starting, {Job} finished with exit code 0")]
    private static partial void StartingAfterSuccess(ILogger logger, string resource, string job);
}
