using System.Globalization;
using GscAnalytics.AppHost.Oban;

namespace Aspire.Hosting;

public static class ObanDatabaseCommands
{
    public const string StatusCommand = "oban-status";
    public const string ResetCommand = "oban-reset";
    public const string VersionProperty = "oban.version";

    /// <summary>
    /// Dashboard commands on a database: its Oban version and whether its catalog verifies (the migration
    /// worker in verify mode), and a reset (drop, create, run <paramref name="migrations"/> again). The recorded
    /// Oban version is shown as a property of the resource, refreshed whenever <paramref name="migrations"/> finishes.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> WithObanCommands(
        this IResourceBuilder<IResourceWithConnectionString> database, IResourceBuilder<ProjectResource> migrations)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(migrations);
        var (databaseName, server) = database.Resource switch
        {
            InstalledPostgresDatabaseResource installed => (installed.DatabaseName, (IResourceWithConnectionString)installed.Parent),
            PostgresDatabaseResource container => (container.DatabaseName, container.Parent),
            var other => throw new ArgumentException($"{other.Name} is not a PostgreSQL database.", nameof(database)),
        };
        var commands = new ObanDatabaseOperations(database.Resource, databaseName, server, migrations.Resource);
        database.ApplicationBuilder.Eventing.Subscribe<BeforeStartEvent>((e, ct) => commands.WatchMigrationsAsync(e.Services));

        database.WithCommand(StatusCommand, "Oban status", context => commands.StatusAsync(context), new CommandOptions
        {
            Description = "Shows the recorded Oban version and checks the schema against Oban's catalog.",
            IconName = "DatabaseSearch",
            UpdateState = RunningOnly,
        });
        return database.WithCommand(ResetCommand, "Reset database", context => commands.ResetAsync(context), new CommandOptions
        {
            Description = "Drops the database with all its data, creates it empty and runs the migrations again.",
            ConfirmationMessage = string.Create(CultureInfo.InvariantCulture,
                $"Drop {databaseName} with all its data (its sessions are ended), create it empty and run {migrations.Resource.Name} again?"),
            IconName = "ArrowReset",
            UpdateState = RunningOnly,
        });
    }

    private static ResourceCommandState RunningOnly(UpdateCommandStateContext context) =>
        context.ResourceSnapshot.State?.Text == KnownResourceStates.Running ? ResourceCommandState.Enabled : ResourceCommandState.Disabled;
}
