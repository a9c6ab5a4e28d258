using Npgsql;

namespace GscAnalytics.Testing;

/// <summary>Plain queries on the live catalog, written apart from the worker's own catalog reader.</summary>
public static class LiveCatalog
{
    public static async Task<List<object?[]>> QueryAsync(NpgsqlConnection connection, string sql, params object[] parameters)
    {
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var path = new NpgsqlCommand("SET LOCAL search_path = ''", connection))
        {
            await path.ExecuteNonQueryAsync();
        }

        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.AddWithValue(parameter);
        }

        var rows = new List<object?[]>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var row = new object?[reader.FieldCount];
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                }

                rows.Add(row);
            }
        }

        await transaction.CommitAsync();
        return rows;
    }

    public static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, params object[] parameters) =>
        (await QueryAsync(connection, sql, parameters)).SingleOrDefault()?[0];

    public static Task ExecuteAsync(NpgsqlConnection connection, string sql) =>
        new NpgsqlCommand(sql, connection).ExecuteNonQueryAsync();

    /// <summary>The comment on oban_jobs, or null when there is no such table.</summary>
    public static Task<object?> CommentAsync(NpgsqlConnection connection, string schema = "public") =>
        ScalarAsync(connection,
            """
            SELECT pg_catalog.obj_description(c.oid, 'pg_class') FROM pg_catalog.pg_class c
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.relname = 'oban_jobs' AND n.nspname = $1
            """,
            schema);

    /// <summary>Every object in the schema whose name starts with oban: tables, sequences, indexes, types, functions.</summary>
    public static async Task<List<string>> ObanObjectsAsync(NpgsqlConnection connection, string schema = "public")
    {
        var rows = await QueryAsync(connection,
            """
            SELECT 'relation ' || c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = $1 AND c.relname LIKE 'oban%'
            UNION ALL
            SELECT 'type ' || t.typname FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
            WHERE n.nspname = $1 AND t.typname LIKE '%oban%'
            UNION ALL
            SELECT 'function ' || p.proname FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname = $1 AND p.proname LIKE 'oban%'
            """,
            schema);
        return rows.Select(r => (string)r[0]!).Order(StringComparer.Ordinal).ToList();
    }
}
