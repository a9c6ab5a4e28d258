using Aspire.Hosting.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aspire.Hosting;

public static class InstalledPostgresBuilderExtensions
{
    public const string SectionName = "Postgres";

    /// <summary>
    /// A PostgreSQL server from the installed binaries, run by Aspire's orchestrator like any executable.
    /// Its password is the parameter <c>&lt;name&gt;-password</c>, generated once into the AppHost's user
    /// secrets as Aspire does; <c>Postgres:Port</c>, <c>Postgres:DataDirectory</c> and
    /// <c>Postgres:BinDirectory</c> override the defaults.
    /// </summary>
    public static IResourceBuilder<InstalledPostgresServerResource> AddInstalledPostgres(this IDistributedApplicationBuilder builder, string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var settings = PostgresSettings.Read(builder, name);
        if (builder.ExecutionContext.IsRunMode && PostgresBinaries.Find(settings.BinDirectory) is { Error: { } missing })
        {
            builder.RefuseSetting(missing);
        }

        // Said before anything starts: a second AppHost would otherwise first trip over the first one's dashboard ports.
        if (builder.ExecutionContext.IsRunMode && PostgresDataDirectory.InUseMessage(settings.DataDirectory) is { } inUse)
        {
            builder.RefuseSetting(inUse);
        }

        var password = ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-password");
        var server = new InstalledPostgresServerResource(name, PostgresProcess.ServerWrapper, settings.DataDirectory, password);
        var lifecycle = new PostgresLifecycle(server, settings);

        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(server, lifecycle.PrepareAsync);
        builder.Eventing.Subscribe<ResourceReadyEvent>(server, lifecycle.CreateDatabasesAsync);
        builder.Eventing.Subscribe<BeforeStartEvent>(lifecycle.WatchServer);
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            $"{name}_check", services => new PostgresServerHealthCheck(lifecycle), failureStatus: null, tags: null));
        builder.Services.AddHostedService(_ => new PostgresShutdownWait(settings));

        return builder.AddResource(server)
            // Not proxied: clients talk to PostgreSQL itself, on a port that stays put across runs.
            .WithEndpoint(port: settings.Port, targetPort: settings.Port, scheme: "tcp",
                name: InstalledPostgresServerResource.PrimaryEndpointName, isProxied: false)
            .WithArgs(lifecycle.ServerArguments)
            .WithIconName("DatabaseMultiple")
            .WithHealthCheck($"{name}_check")
            .ExcludeFromManifest();
    }

    /// <summary>A database created on the server when the server is ready ("already exists" is fine).</summary>
    public static IResourceBuilder<InstalledPostgresDatabaseResource> AddDatabase(
        this IResourceBuilder<InstalledPostgresServerResource> builder, string name, string? databaseName = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var database = new InstalledPostgresDatabaseResource(name, databaseName ?? name, builder.Resource);
        builder.ApplicationBuilder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            $"{name}_check", services => new PostgresDatabaseHealthCheck(database), failureStatus: null, tags: null));
        return builder.ApplicationBuilder.AddResource(database)
            .WithIconName("Database")
            .WithHealthCheck($"{name}_check")
            .ExcludeFromManifest();
    }
}
