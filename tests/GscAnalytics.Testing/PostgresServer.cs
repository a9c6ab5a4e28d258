using Npgsql;

namespace GscAnalytics.Testing;

/// <summary>
/// The tests' PostgreSQL: a throwaway <see cref="PostgresCluster"/>, or the server named by GSC_TEST_POSTGRES.
/// Each test takes a fresh database.
/// </summary>
public class PostgresServer : IAsyncLifetime
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> databases = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> roles = new(StringComparer.Ordinal);
    private readonly bool mayUseExternal;
    private PostgresCluster? cluster;

    public PostgresServer()
        : this(mayUseExternal: true)
    {
    }

    /// <summary><paramref name="mayUseExternal"/> false: always a server of the tests' own, which they may stop.</summary>
    protected PostgresServer(bool mayUseExternal) => this.mayUseExternal = mayUseExternal;

    public NpgsqlConnectionStringBuilder Admin { get; private set; } = new();

    public string Password => Admin.Password!;

    public async Task InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable("GSC_TEST_POSTGRES");
        if (!string.IsNullOrWhiteSpace(external) && mayUseExternal)
        {
            Admin = new NpgsqlConnectionStringBuilder(external) { Database = "postgres" };
            return;
        }

        cluster = await PostgresCluster.CreateAsync();
        Admin = cluster.Admin;
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (cluster is null)
        {
            await DropWhatTestsCreatedAsync();
            return;
        }

        await cluster.DisposeAsync();
    }

    /// <summary>Starts the server again after <see cref="StopAsync"/>; waits until it accepts connections.</summary>
    public Task StartAsync() => Own.StartAsync();

    /// <summary>Stops the server; by default as a crash would (<c>-m immediate</c>: no checkpoint, crash recovery at the next start).</summary>
    public Task StopAsync(string mode = "immediate") => Own.StopAsync(mode);

    /// <summary>A new, empty database; returns its connection string.</summary>
    public async Task<NpgsqlConnectionStringBuilder> CreateDatabaseAsync(string? name = null)
    {
        name ??= $"t_{Guid.NewGuid():N}";
        databases[name] = true;
        await using var admin = await OpenAsync(Admin);
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
        await create.ExecuteNonQueryAsync();
        return For(name);
    }

    /// <summary>A connection string for a database a test (or the worker) may create; dropped at the end on a server the tests did not start.</summary>
    public NpgsqlConnectionStringBuilder For(string database)
    {
        databases[database] = true;
        return new(Admin.ConnectionString) { Database = database };
    }

    /// <summary>A login role, dropped at the end on a server the tests did not start.</summary>
    public async Task<string> CreateRoleAsync(string password)
    {
        var role = $"r_{Guid.NewGuid():N}";
        roles[role] = true;
        await using var admin = await OpenAsync(Admin);
        await using var create = new NpgsqlCommand($"CREATE ROLE {role} LOGIN PASSWORD '{password}'", admin);
        await create.ExecuteNonQueryAsync();
        return role;
    }

    public static async Task<NpgsqlConnection> OpenAsync(NpgsqlConnectionStringBuilder connection)
    {
        var session = new NpgsqlConnection(connection.ConnectionString);
        await session.OpenAsync();
        return session;
    }

    public async Task<bool> DatabaseExistsAsync(string name)
    {
        await using var admin = await OpenAsync(Admin);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = $1", admin);
        command.Parameters.AddWithValue(name);
        return (long)(await command.ExecuteScalarAsync())! == 1;
    }

    // A server named by GSC_TEST_POSTGRES is somebody's own: leave it as the tests found it.
    private async Task DropWhatTestsCreatedAsync()
    {
        await using var admin = await OpenAsync(Admin);
        foreach (var database in databases.Keys)
        {
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }

        foreach (var role in roles.Keys)
        {
            await using var drop = new NpgsqlCommand($"DROP ROLE IF EXISTS {role}", admin);
            await drop.ExecuteNonQueryAsync();
        }
    }

    private PostgresCluster Own => cluster ?? throw new InvalidOperationException("Not a server the tests started.");
}
