using GscAnalytics.Hosting.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aspire.Hosting;

/// <summary>PostgreSQL from the binaries installed on this machine, as an Aspire resource; see Postgres/README.md.</summary>
public static class InstalledPostgresBuilderExtensions
{
    /// <summary>The configuration section the server reads: <c>Port</c>, <c>DataDirectory</c>, <c>BinDirectory</c>.</summary>
    public const string SectionName = InstalledPostgresOptions.SectionName;

    /// <summary>
    /// A PostgreSQL server from the installed binaries, run by Aspire's orchestrator like any executable. Its password
    /// is the parameter <c>&lt;name&gt;-password</c>, generated once into the AppHost's user secrets as Aspire does.
    /// </summary>
    public static IResourceBuilder<InstalledPostgresServerResource> AddInstalledPostgres(this IDistributedApplicationBuilder builder, [ResourceName] string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = InstalledPostgresOptions.Read(builder);
        var password = ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-password");
        var server = new InstalledPostgresServerResource(name, password, options.DataDirectory ?? PostgresDataDirectory.Default(builder, name));
        var lifecycle = new PostgresServerLifecycle(server, options);
        if (builder.ExecutionContext.IsRunMode)
        {
            builder.Eventing.Subscribe<BeforeStartEvent>(lifecycle.CheckAsync);
            if (!options.Persistent)
            {
                builder.Services.AddHostedService(_ => new PostgresShutdownWait(server));
            }
        }

        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            $"{name}_check", _ => new PostgresServerHealthCheck(server), failureStatus: null, tags: null));
        var resource = builder.AddResource(server);
        if (options.Persistent)
        {
            resource.WithPersistentLifetime();
        }

        return resource
            // Not proxied: clients talk to PostgreSQL itself, on a port that stays put across runs.
            .WithEndpoint(port: options.Port, targetPort: options.Port, scheme: "tcp", name: InstalledPostgresServerResource.PrimaryEndpointName, isProxied: false)
            .WithArgs(lifecycle.ServerArguments)
            .WithIconName("DatabaseMultiple")
            .WithHealthCheck($"{name}_check")
            .OnBeforeResourceStarted(lifecycle.PrepareAsync)
            .OnResourceReady(lifecycle.OpenAsync)
            .OnResourceStopped(lifecycle.ClosedAsync)
            .ExcludeFromManifest();
    }

    /// <summary>
    /// A database created on the server once it is ready ("already exists" is fine), with the Npgsql health check
    /// Aspire's own PostgreSQL databases have.
    /// </summary>
    public static IResourceBuilder<InstalledPostgresDatabaseResource> AddDatabase(
        this IResourceBuilder<InstalledPostgresServerResource> builder, [ResourceName] string name, string? databaseName = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var database = new InstalledPostgresDatabaseResource(name, databaseName ?? name, builder.Resource);
        string? connectionString = null;
        builder.ApplicationBuilder.Eventing.Subscribe<ConnectionStringAvailableEvent>(database, async (_, cancellationToken) =>
            connectionString = await database.ConnectionStringExpression.GetValueAsync(cancellationToken));
        builder.ApplicationBuilder.Services.AddHealthChecks().AddNpgSql(
            _ => connectionString ?? throw new InvalidOperationException($"The connection string of {name} is not available yet."), name: $"{name}_check");
        return builder.ApplicationBuilder.AddResource(database)
            .WithIconName("Database")
            .WithHealthCheck($"{name}_check")
            .ExcludeFromManifest();
    }

    /// <summary>
    /// A command on the database's row that opens <c>psql</c> on it in the dashboard's terminal dock, signed in through
    /// the server's pgpass file, so the password never shows.
    /// </summary>
    public static IResourceBuilder<InstalledPostgresDatabaseResource> WithPsql(this IResourceBuilder<InstalledPostgresDatabaseResource> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var database = builder.Resource;
        return builder.WithDockTerminal("psql", "psql", $"Opens psql on {database.DatabaseName} in the terminal dock.",
            _ => Task.FromResult(PostgresPsql.Terminal(database)),
            context => context.ResourceSnapshot.State?.Text == KnownResourceStates.Running ? ResourceCommandState.Enabled : ResourceCommandState.Disabled);
    }
}
