using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace GscAnalytics.MigrationWorker.Data;

/// <summary>
/// Lets <c>dotnet ef</c> build the context without starting the worker. The connection comes from
/// <c>--connection</c>, or else from <c>ConnectionStrings:gsc-analytics-dev</c> (environment or user secrets).
/// </summary>
public sealed class GscAnalyticsDbContextFactory : IDesignTimeDbContextFactory<GscAnalyticsDbContext>
{
    public GscAnalyticsDbContext CreateDbContext(string[] args)
    {
        var configuration = new ConfigurationBuilder()
            .AddUserSecrets<GscAnalyticsDbContextFactory>(optional: true)
            .AddEnvironmentVariables()
            .Build();
        var connectionString = configuration.GetConnectionString(MigrationOptions.DefaultDatabases[0]) ?? "Host=localhost";
        return Create(connectionString);
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
