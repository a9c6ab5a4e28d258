using System.Globalization;
using GscAnalytics.AppHost.Oban;

namespace Aspire.Hosting;

public static class ObanDatabaseCommands
{
    public const string StatusCommand = "oban-status";
    public const string ResetCommand = "oban-reset";
    public const string VersionProperty = "oban.version";

    /// <summary>
    /// Dashboard commands on a database: its Oban version and whether its catalog verifies (the migration worker in
    /// verify mode), and a reset (drop, create, run <paramref name="migrations"/> again). The recorded Oban version is
    /// a property of the resource, read again whenever <paramref name="migrations"/> stops.
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
