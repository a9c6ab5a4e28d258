using Npgsql;

namespace GscAnalytics.Shared;

/// <summary>A query's rows read into a list, one call per query.</summary>
internal static class NpgsqlRows
{
    /// <summary>Runs <paramref name="sql"/> with positional <paramref name="parameters"/> (values, or <see cref="NpgsqlParameter"/>s to type them) and maps each row.</summary>
    public static async Task<List<T>> ReadAsync<T>(NpgsqlConnection connection, string sql, object[] parameters, Func<NpgsqlDataReader, T> row, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(parameter as NpgsqlParameter ?? new NpgsqlParameter { Value = parameter });
        }

        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(row(reader));
        }

        return rows;
    }
}
