using System.Globalization;
using GscAnalytics.AppHost.Oban;

namespace Aspire.Hosting;

public static class ObanDatabaseCommands
{
    public const string StatusCommand = "oban-status";
    public const string ResetCommand = "oban-reset";
    public const string RetryFailedCommand = "oban-retry-failed";
    public const string PauseQueuesCommand = "oban-pause-queues";
    public const string ResumeQueuesCommand = "oban-resume-queues";
    public const string PruneCommand = "oban-prune";
    public const string VersionProperty = "oban.version";

    /// <summary>
    /// Dashboard commands on a database: its Oban version and whether its catalog verifies (the migration worker in
    /// verify mode); a reset (drop, create, run <paramref name="migrations"/> again); and what a running Oban obeys or
    /// sees as its own calls: retry the failed jobs, pause and resume every queue, prune old jobs. The recorded Oban
    /// version is a property of the resource, read again whenever <paramref name="migrations"/> stops.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> WithObanCommands(
        this IResourceBuilder<IResourceWithConnectionString> database, IResourceBuilder<ProjectResource> migrations)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(migrations);
        var operations = new ObanDatabaseOperations(database.Resource, migrations.Resource);
        migrations.OnResourceStopped((_, e, ct) => operations.PublishVersionAsync(e.Services, ct));

        database.WithCommand(StatusCommand, "Oban status", operations.StatusAsync, new CommandOptions
        {
            Description = "Shows the recorded Oban version and checks the schema against Oban's catalog.",
            IconName = "DatabaseSearch",
            UpdateState = RunningOnly,
        });
        database.WithCommand(RetryFailedCommand, "Retry failed jobs", operations.RetryFailedAsync, new CommandOptions
        {
            Description = "Makes every retryable and discarded job available again, as Oban.retry_all_jobs does.",
            IconName = "ArrowRepeatAll",
            UpdateState = RunningOnly,
        });
        database.WithCommand(PauseQueuesCommand, "Pause queues", context => operations.SignalAsync(context, "pause"), new CommandOptions
        {
            Description = "Asks every queue on every running Oban node to pause, as Oban.pause_all_queues does; running jobs finish.",
            IconName = "Pause",
            UpdateState = RunningOnly,
        });
        database.WithCommand(ResumeQueuesCommand, "Resume queues", context => operations.SignalAsync(context, "resume"), new CommandOptions
        {
            Description = "Asks every queue on every running Oban node to resume, as Oban.resume_all_queues does.",
            IconName = "Play",
            UpdateState = RunningOnly,
        });
        database.WithCommand(PruneCommand, "Prune old jobs", operations.PruneAsync, new CommandOptions
        {
            Description = $"Deletes completed, cancelled and discarded jobs older than {ObanDatabaseOperations.PruneAge.TotalHours:0} hours, as Oban's Pruner does.",
            ConfirmationMessage = string.Create(CultureInfo.InvariantCulture,
                $"Delete every completed, cancelled and discarded job of {database.Resource.DatabaseName()} scheduled more than {ObanDatabaseOperations.PruneAge.TotalHours:0} hours ago?"),
            IconName = "Delete",
            UpdateState = RunningOnly,
        });
        return database.WithCommand(ResetCommand, "Reset database", operations.ResetAsync, new CommandOptions
        {
            Description = "Drops the database with all its data, creates it empty and runs the migrations again, then what else migrates it; what runs on it is restarted.",
            ConfirmationMessage = string.Create(CultureInfo.InvariantCulture,
                $"Drop {database.Resource.DatabaseName()} with all its data (what runs on it is stopped), create it empty, run {migrations.Resource.Name} and the app's own migrations again, then start what was stopped?"),
            IconName = "ArrowReset",
            UpdateState = RunningOnly,
        });
    }

    private static ResourceCommandState RunningOnly(UpdateCommandStateContext context) =>
        context.ResourceSnapshot.State?.Text == KnownResourceStates.Running ? ResourceCommandState.Enabled : ResourceCommandState.Disabled;
}
