using GscAnalytics.Hosting.Postgres;

namespace Aspire.Hosting;

public static class PostgresServerExtensions
{
    // Aspire's default volume name hashes the AppHost's path: a manifest published from another checkout would name
    // another, empty volume, and a redeploy would lose the data.
    private const string PublishedDataVolume = "gsc-analytics-postgres-data";

    /// <summary>
    /// The PostgreSQL server: from the installed binaries when run here (<c>Postgres:Runtime=installed</c>, the default,
    /// since no container engine is needed), Aspire's container when published (a manifest names nothing of this
    /// machine) or when <c>Postgres:Runtime=container</c>, for people who have a container engine.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddPostgresServer(this IDistributedApplicationBuilder builder, [ResourceName] string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var runtime = builder.Configuration[$"{InstalledPostgresBuilderExtensions.SectionName}:Runtime"] ?? "installed";
        if (runtime is not ("installed" or "container"))
        {
            builder.RefuseSetting($"{InstalledPostgresBuilderExtensions.SectionName}:Runtime is '{runtime}'; use installed (the binaries on this machine) or container (Aspire's PostgreSQL container).");
        }

        if (builder.ExecutionContext.IsPublishMode)
        {
            return builder.AddPostgres(name).WithDataVolume(PublishedDataVolume);
        }

        if (runtime != "container")
        {
            return builder.AddInstalledPostgres(name);
        }

        var options = InstalledPostgresOptions.Read(builder);
        foreach (var error in options.Errors)
        {
            builder.RefuseSetting(error);
        }

        return builder.AddPostgres(name, port: options.Port).WithDataVolume();
    }

    /// <summary>A database on whichever server <see cref="AddPostgresServer"/> chose.</summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddDatabase(
        this IResourceBuilder<IResourceWithConnectionString> server, [ResourceName] string name, string databaseName)
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

    /// <summary>The name of the database a database resource of either kind creates.</summary>
    public static string DatabaseName(this IResourceWithConnectionString database) => database switch
    {
        InstalledPostgresDatabaseResource installed => installed.DatabaseName,
        PostgresDatabaseResource container => container.DatabaseName,
        var other => throw new ArgumentException($"{other.Name} is not a PostgreSQL database.", nameof(database)),
    };

    /// <summary>The server a database resource of either kind lives on.</summary>
    public static IResourceWithConnectionString Server(this IResourceWithConnectionString database) => database switch
    {
        InstalledPostgresDatabaseResource installed => installed.Parent,
        PostgresDatabaseResource container => container.Parent,
        var other => throw new ArgumentException($"{other.Name} is not a PostgreSQL database.", nameof(database)),
    };

    /// <summary>
    /// psql on the database, a click away in the dashboard (a docked terminal signed in through the pgpass file). Aspire's
    /// PostgreSQL container has its own (<c>WithRepl</c> on the server); this adds nothing to a container database.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> WithPsql(this IResourceBuilder<IResourceWithConnectionString> database)
    {
        ArgumentNullException.ThrowIfNull(database);
        if (database.Resource is InstalledPostgresDatabaseResource installed)
        {
            database.ApplicationBuilder.CreateResourceBuilder(installed).WithPsql();
        }

        return database;
    }
}
