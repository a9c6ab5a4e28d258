using GscAnalytics.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace GscAnalytics.MigrationWorker.Data;

/// <summary>
/// Lets <c>dotnet ef</c> build the context without starting the worker. The connection comes from
/// <c>--connection</c>, or else from the worker's own settings: the first of <c>Migration:Databases</c> and its
/// connection string (environment or the worker's user secrets).
/// </summary>
public sealed class GscAnalyticsDbContextFactory : IDesignTimeDbContextFactory<GscAnalyticsDbContext>
{
    public GscAnalyticsDbContext CreateDbContext(string[] args) => CreateDbContext(new ConfigurationBuilder()
        .AddUserSecrets<GscAnalyticsDbContextFactory>(optional: true)
        .AddEnvironmentVariables()
        .Build());

    internal static GscAnalyticsDbContext CreateDbContext(IConfiguration configuration)
    {
        var name = configuration[WorkerSettings.DatabaseKey(0)];
        var connectionString = name is null ? null : configuration.GetConnectionString(name);
        return connectionString is not null
            ? Create(connectionString)
            : Create($"Host={NoConnectionConfiguredInterceptor.Placeholder}", options => options
                .AddInterceptors(new NoConnectionConfiguredInterceptor())
                .ConfigureWarnings(warnings => warnings.Log((RelationalEventId.ConnectionError, LogLevel.Debug))));
    }

    public static GscAnalyticsDbContext Create(string connectionString, Action<DbContextOptionsBuilder>? configure = null)
    {
        var options = new DbContextOptionsBuilder<GscAnalyticsDbContext>().UseNpgsql(connectionString);
        configure?.Invoke(options);
        return new GscAnalyticsDbContext(options.Options);
    }

    public static GscAnalyticsDbContext Create(Npgsql.NpgsqlDataSource dataSource, Action<DbContextOptionsBuilder>? configure = null)
    {
        var options = new DbContextOptionsBuilder<GscAnalyticsDbContext>().UseNpgsql(dataSource);
        configure?.Invoke(options);
        return new GscAnalyticsDbContext(options.Options);
    }
}
