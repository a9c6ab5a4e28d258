using Microsoft.Extensions.Logging;
using Npgsql;

namespace Aspire.Hosting.Postgres;

/// <summary>Creating a database resource's database when the server is ready: "already exists" is what was wanted.</summary>
internal static class PostgresDatabases
{
    public static async Task CreateIfMissingAsync(NpgsqlConnection connection, string databaseName, ILogger log, CancellationToken cancellationToken)
    {
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection);
        exists.Parameters.AddWithValue(databaseName);
        if (await exists.ExecuteScalarAsync(cancellationToken) is not null)
        {
            return;
        }

        try
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{databaseName.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
            PostgresLog.DatabaseCreated(log, databaseName);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            // Created meanwhile by someone else, which is what was wanted.
        }
    }
}
