using GscAnalytics.AppHost.Oban;
using GscAnalytics.Shared;

namespace Aspire.Hosting;

public static class ObanMonitorExtensions
{
    /// <summary>
    /// Runs the migration worker as Oban's monitor (<c>--monitor</c>) on every database <paramref name="migrations"/>
    /// migrates: it starts once <paramref name="migrations"/> exited 0 and polls until stopped. What it sees (jobs by
    /// queue and state, latency, executing jobs, peers) becomes the resource's properties; its metrics and a log record
    /// per failed attempt reach the dashboard over OpenTelemetry.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AsObanMonitorOf(this IResourceBuilder<ProjectResource> oban, IResourceBuilder<ProjectResource> migrations)
    {
        ArgumentNullException.ThrowIfNull(oban);
        ArgumentNullException.ThrowIfNull(migrations);
        var properties = new ObanMonitorProperties(oban.Resource);

        // The databases are known once the model is complete (a test may add one after AppHost.cs).
        oban.ApplicationBuilder.Eventing.Subscribe<BeforeStartEvent>((_, _) =>
        {
            foreach (var database in migrations.Resource.MigrationTargets())
            {
                oban.WithReference(oban.ApplicationBuilder.CreateResourceBuilder(database));
            }

            return Task.CompletedTask;
        });
        return oban
            .WithArgs(ObanMonitorState.Switch)
            .WithEnvironment(context =>
            {
                context.NameMigrationTargets(migrations.Resource);
                context.EnvironmentVariables[ObanMonitorState.StateFileKey.Replace(":", "__", StringComparison.Ordinal)] = properties.StateFile;
            })
            .WaitForCompletion(migrations)
            .WithIconName("DataHistogram")
            .OnBeforeResourceStarted((_, e, _) => properties.WatchAsync(e.Services))
            .OnResourceStopped((_, _, _) => properties.StopAsync());
    }
}
