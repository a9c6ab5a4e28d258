using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aspire.Hosting;

public static partial class DependentsAfterMigrationsExtensions
{
    private const string LogCategory = "GscAnalytics.AppHost.Migrations";

    /// <summary>
    /// Aspire fails a resource that waits for the completion of <paramref name="migrations"/> when a run ends non-zero
    /// (a failed run, or one stopped by Restart) and never looks at it again; so when a later run exits 0, each such
    /// resource left FailedToStart is started, as a person would with Start in the dashboard.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithDependentsStartedOnSuccess(this IResourceBuilder<ProjectResource> migrations)
    {
        ArgumentNullException.ThrowIfNull(migrations);

        // Before the first run's outcome nothing can have failed for want of it; what failed then failed for itself.
        var runs = 0;
        return migrations.OnBeforeResourceStarted((_, _, _) =>
        {
            Interlocked.Increment(ref runs);
            return Task.CompletedTask;
        }).OnResourceStopped(async (resource, e, cancellationToken) =>
        {
            if (e.ResourceEvent.Snapshot.ExitCode != 0 || Volatile.Read(ref runs) < 2)
            {
                return;
            }

            var services = e.Services;
            var notifications = services.GetRequiredService<ResourceNotificationService>();
            var commands = services.GetRequiredService<ResourceCommandService>();
            var log = services.GetRequiredService<ILoggerFactory>().CreateLogger(LogCategory);
            foreach (var dependent in services.GetRequiredService<DistributedApplicationModel>().Resources.Where(r => WaitsForCompletionOf(r, resource)))
            {
                if (notifications.TryGetCurrentState(dependent.Name, out var current) && current.Snapshot.State?.Text == KnownResourceStates.FailedToStart)
                {
                    StartingAfterMigrations(log, dependent.Name, resource.Name);
                    await commands.ExecuteCommandAsync(dependent.Name, KnownResourceCommands.StartCommand, cancellationToken);
                }
            }
        });
    }

    // A resource that starts only when asked (the Phoenix app's tests) stays as the person left it.
    private static bool WaitsForCompletionOf(IResource dependent, IResource migrations) =>
        dependent.Annotations.OfType<WaitAnnotation>().Any(w => w.Resource == migrations && w.WaitType == WaitType.WaitForCompletion)
        && !dependent.Annotations.OfType<ExplicitStartupAnnotation>().Any();

    [LoggerMessage(1, LogLevel.Information, "{Resource}: starting, {Migrations} finished with exit code 0")]
    private static partial void StartingAfterMigrations(ILogger logger, string resource, string migrations);
}
