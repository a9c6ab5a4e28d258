using Npgsql;

namespace GscAnalytics.Shared;

/// <summary>
/// What needs a session on the server rather than on a database: creating and dropping databases. Names are
/// quoted by Npgsql's own rules, so any name the server accepts works.
/// </summary>
internal static class PostgresMaintenance
{
    /// <summary>The database every PostgreSQL cluster has, to connect to when the target may not exist.</summary>
    public const string Database = "postgres";

    /// <summary>A session on <see cref="Database"/> of the same server, outside the pool, with a short connect timeout.</summary>
    public static NpgsqlConnection Connect(string serverConnectionString) =>
        new(new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = Database, Pooling = false, Timeout = 5 }.ConnectionString);

    /// <summary>Creates the database unless it exists; true when this call created it. Another session creating it meanwhile is fine.</summary>
    public static async Task<bool> CreateIfMissingAsync(NpgsqlConnection maintenance, string database, CancellationToken cancellationToken)
    {
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_catalog.pg_database WHERE datname = $1", maintenance);
        exists.Parameters.AddWithValue(database);
        if (await exists.ExecuteScalarAsync(cancellationToken) is not null)
        {
            return false;
        }

        try
        {
            await ExecuteAsync(maintenance, $"CREATE DATABASE {Quote(database)}", cancellationToken);
            return true;
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            return false;
        }
    }

    /// <summary>Drops the database with its data, ending its sessions first.</summary>
    public static Task DropAsync(NpgsqlConnection maintenance, string database, CancellationToken cancellationToken) =>
        ExecuteAsync(maintenance, $"DROP DATABASE IF EXISTS {Quote(database)} WITH (FORCE)", cancellationToken);

    private static string Quote(string name) => new NpgsqlCommandBuilder().QuoteIdentifier(name);

    private static async Task ExecuteAsync(NpgsqlConnection maintenance, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, maintenance);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
