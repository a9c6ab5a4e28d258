using Npgsql;

namespace GscAnalytics.MigrationWorker;

/// <summary>
/// One configured database: its Aspire data source, and its connection settings, which the data source
/// keeps from view but creating a missing database and error messages (to mask the password) need.
/// </summary>
internal sealed record DatabaseTarget(string Name, NpgsqlDataSource DataSource, NpgsqlConnectionStringBuilder Settings)
{
    public string Database => Settings.Database!;

    public static DatabaseTarget Resolve(IServiceProvider services, IConfiguration configuration, string name) => new(
        name,
        services.GetRequiredKeyedService<NpgsqlDataSource>(name),
        new NpgsqlConnectionStringBuilder(configuration.GetConnectionString(name)));
}
