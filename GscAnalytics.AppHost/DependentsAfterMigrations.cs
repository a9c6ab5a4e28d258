using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GscAnalytics.AppHost;

/// <summary>
/// Aspire fails a dependent whose migrations ended non-zero (a failed run, or one stopped by Restart) and
/// never looks at it again; so when a later migrations run finishes with exit code 0, each dependent left
/// FailedToStart is started here, as a person would with Start in the dashboard.
/// </summary>
internal sealed class DependentsAfterMigrations(
    IResource migrations,
    ResourceNotificationService notifications,
    ResourceCommandService commands,
    DistributedApplicationModel model,
    IHostApplicationLifetime lifetime,
    ILoggerFactory loggers)
{
    private readonly ILogger console = loggers.CreateLogger(AppHostConsole.Category);

    public Task StartAsync(BeforeStartEvent @event, CancellationToken cancellationToken)
    {
        _ = Task.Run(() => WatchAsync(lifetime.ApplicationStopping), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task WatchAsync(CancellationToken stopping)
    {
        var succeeded = false;
        try
        {
            await foreach (var change in notifications.WatchAsync(stopping))
            {
                if (change.Resource != migrations || change.Snapshot.State?.Text is not { Length: > 0 } state)
                {
                    continue;
                }

                // One start per successful run, however many updates repeat its final state.
                var finishedWithZero = state == KnownResourceStates.Finished && change.Snapshot.ExitCode == 0;
                if (finishedWithZero && !succeeded)
                {
                    await StartFailedDependentsAsync(stopping);
                }

                succeeded = finishedWithZero;
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task StartFailedDependentsAsync(CancellationToken stopping)
    {
        foreach (var dependent in model.Resources.Where(IsDependent))
        {
            if (!notifications.TryGetCurrentState(dependent.Name, out var current)
                || current.Snapshot.State?.Text != KnownResourceStates.FailedToStart)
            {
                continue;
            }

            AppHostConsole.StartingAfterMigrations(console, dependent.Name, migrations.Name);
            var result = await commands.ExecuteCommandAsync(dependent.Name, KnownResourceCommands.StartCommand, stopping);
            if (!result.Success)
            {
                AppHostConsole.Failed(console, dependent.Name, result.Message ?? "Start was refused.", $"Use Start on {dependent.Name} in the dashboard.");
            }
        }
    }

    private bool IsDependent(IResource resource) =>
        resource.Annotations.OfType<WaitAnnotation>().Any(w => w.Resource == migrations && w.WaitType == WaitType.WaitForCompletion);
}
