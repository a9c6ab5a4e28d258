using Npgsql;

namespace GscAnalytics.Shared;

/// <summary>
/// Where Oban keeps its version: the comment on <c>oban_jobs</c> in the prefix's schema. The worker's migrator and
/// the AppHost's version property read it with this one query.
/// </summary>
internal static class ObanVersionQuery
{
    /// <summary>Oban's default prefix: the schema its tables go in unless told otherwise.</summary>
    public const string DefaultPrefix = "public";

    /// <summary>The query, with <paramref name="schema"/> as the schema name: a parameter (<c>$1</c>) or a quoted literal.</summary>
    public static string For(string schema) =>
        $"""
        SELECT pg_catalog.obj_description(c.oid, 'pg_class')
             FROM pg_catalog.pg_class c
             JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
             WHERE c.relname = 'oban_jobs' AND n.nspname = {schema}
        """;

    /// <summary>The raw comment, or null when there is no oban_jobs or it has no comment.</summary>
    public static async Task<string?> ReadCommentAsync(NpgsqlConnection connection, string prefix, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(For("$1"), connection);
        command.Parameters.AddWithValue(prefix);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }
}
