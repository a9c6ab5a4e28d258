using GscAnalytics.Shared;

namespace Aspire.Hosting;

public static class MigrationTargetExtensions
{
    /// <summary>
    /// Has the migration worker migrate <paramref name="database"/>: it gets the connection string, waits for the
    /// database, and finds it in <c>Migration:Databases</c>; the database gets the Oban commands in the dashboard.
    /// What AppHost.cs names this way is exactly what is migrated.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithMigrationTarget(
        this IResourceBuilder<ProjectResource> migrations, IResourceBuilder<IResourceWithConnectionString> database)
    {
        ArgumentNullException.ThrowIfNull(migrations);
        ArgumentNullException.ThrowIfNull(database);
        if (!migrations.Resource.Annotations.OfType<MigrationTargetAnnotation>().Any())
        {
            migrations.WithEnvironment(context =>
            {
                var index = 0;
                foreach (var target in migrations.Resource.MigrationTargets())
                {
                    context.EnvironmentVariables[WorkerSettings.DatabaseVariable(index++)] = target.Name;
                }
            });
        }

        migrations.WithAnnotation(new MigrationTargetAnnotation(database.Resource), ResourceAnnotationMutationBehavior.Append)
            .WithReference(database)
            .WaitFor(database, WaitBehavior.StopOnResourceUnavailable);
        database.WithObanCommands(migrations);
        return migrations;
    }

    /// <summary>The databases the worker migrates, in the order they were named.</summary>
    public static IEnumerable<IResourceWithConnectionString> MigrationTargets(this IResource migrations) =>
        migrations.Annotations.OfType<MigrationTargetAnnotation>().Select(a => a.Database);
}
