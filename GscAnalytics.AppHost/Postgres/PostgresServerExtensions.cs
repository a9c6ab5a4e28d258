using Aspire.Hosting.Postgres;

namespace Aspire.Hosting;

public static class PostgresServerExtensions
{
    private const string PublishedDataVolume = "gsc-analytics-postgres-data";

    /// <summary>
    /// The PostgreSQL server: from the installed binaries when run here (<c>Postgres:Runtime=installed</c>, the
    /// default, since no container engine is needed), Aspire's container when published (a manifest names
    /// nothing of this machine) or when <c>Postgres:Runtime=container</c>, for people who have a container engine.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddPostgresServer(this IDistributedApplicationBuilder builder, string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var runtime = builder.Configuration[$"{InstalledPostgresBuilderExtensions.SectionName}:Runtime"] ?? "installed";
        if (runtime is not ("installed" or "container"))
        {
            builder.RefuseSetting($"Postgres:Runtime is '{runtime}'; use installed (the binaries on this machine) or container (Aspire's PostgreSQL container).");
        }

        if (builder.ExecutionContext.IsPublishMode)
        {
            // Aspire's default volume name hashes the AppHost's path: a manifest published from another checkout
            // would name another, empty volume and a redeploy would lose the data.
            return builder.AddPostgres(name).WithDataVolume(PublishedDataVolume);
        }

        if (runtime == "container")
        {
            return builder.AddPostgres(name, port: PostgresSettings.ConfiguredPort(builder)).WithDataVolume();
        }

        return builder.AddInstalledPostgres(name);
    }

    /// <summary>A database on whichever server <see cref="AddPostgresServer"/> chose.</summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddDatabase(
        this IResourceBuilder<IResourceWithConnectionString> server, string name, string databaseName)
    {
        ArgumentNullException.ThrowIfNull(server);
        var builder = server.ApplicationBuilder;
        return server.Resource switch
        {
            InstalledPostgresServerResource installed => builder.CreateResourceBuilder(installed).AddDatabase(name, databaseName),
            PostgresServerResource container => builder.CreateResourceBuilder(container).AddDatabase(name, databaseName),
            var other => throw new ArgumentException($"{other.Name} is not a PostgreSQL server.", nameof(server)),
        };
    }
}
