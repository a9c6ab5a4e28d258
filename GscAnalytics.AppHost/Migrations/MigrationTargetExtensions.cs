using GscAnalytics.Shared;

namespace Aspire.Hosting;

public static class MigrationTargetExtensions
{
    /// <summary>
    /// Has the migration worker migrate <paramref name="database"/>: it gets the connection string, starts once the
    /// database's server has started, and finds it in <c>Migration:Databases</c>; the database gets the Oban commands in
    /// the dashboard.
    /// What AppHost.cs names this way is exactly what is migrated.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithMigrationTarget(
        this IResourceBuilder<ProjectResource> migrations, IResourceBuilder<IResourceWithConnectionString> database)
    {
        ArgumentNullException.ThrowIfNull(migrations);
        ArgumentNullException.ThrowIfNull(database);
        if (!migrations.Resource.Annotations.OfType<MigrationTargetAnnotation>().Any())
        {
            migrations.ApplicationBuilder.Eventing.Subscribe<BeforeStartEvent>((_, _) => RefuseUnmigratedReferences(migrations.Resource));
            migrations.WithEnvironment(context => context.NameMigrationTargets(migrations.Resource));
        }

        migrations.WithAnnotation(new MigrationTargetAnnotation(database.Resource), ResourceAnnotationMutationBehavior.Append)
            .WithReference(database)
            // The server's process, not the database: the worker starts its runtime while PostgreSQL starts, then
            // waits for the server itself (Migration:ConnectTimeout) and creates the database if it is not there yet.
            .WaitForStart(migrations.ApplicationBuilder.CreateResourceBuilder(database.Resource.Server()), WaitBehavior.StopOnResourceUnavailable);
        database.WithObanCommands(migrations);
        return migrations;
    }

    /// <summary>
    /// A database given to the worker with Aspire's plain <c>WithReference</c> would reach it without being migrated
    /// while everything says Ready: the AppHost refuses to start instead, naming the call to use.
    /// </summary>
    private static Task RefuseUnmigratedReferences(ProjectResource migrations) =>
        UnmigratedReferences(migrations) is [_, ..] refusals ? throw new DistributedApplicationException(string.Join('\n', refusals)) : Task.CompletedTask;

    /// <summary>One line for each database the worker refers to but does not migrate.</summary>
    internal static IReadOnlyList<string> UnmigratedReferences(ProjectResource migrations)
    {
        var targets = migrations.MigrationTargets().ToHashSet();
        return [.. migrations.Annotations.OfType<ResourceRelationshipAnnotation>()
            .Where(r => r.Type == "Reference" && r.Resource is IResourceWithConnectionString and IResourceWithParent && !targets.Contains(r.Resource))
            .Select(r => r.Resource.Name)
            .Distinct()
            .Select(name => $"{migrations.Name} references {name} but does not migrate it: in AppHost.cs, give that database to {migrations.Name} with WithMigrationTarget instead of WithReference, or drop the reference.")];
    }

    /// <summary>Tells a run of the worker the databases <paramref name="migrations"/> migrates: <c>Migration:Databases</c>, in order.</summary>
    internal static void NameMigrationTargets(this EnvironmentCallbackContext context, IResource migrations)
    {
        var index = 0;
        foreach (var target in migrations.MigrationTargets())
        {
            context.EnvironmentVariables[WorkerSettings.DatabaseVariable(index++)] = target.Name;
        }
    }

    /// <summary>The databases the worker migrates, in the order they were named.</summary>
    public static IEnumerable<IResourceWithConnectionString> MigrationTargets(this IResource migrations) =>
        migrations.Annotations.OfType<MigrationTargetAnnotation>().Select(a => a.Database);
}
