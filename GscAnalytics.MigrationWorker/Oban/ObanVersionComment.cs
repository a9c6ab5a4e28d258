using System.Globalization;
using Npgsql;

namespace GscAnalytics.MigrationWorker.Oban;

/// <summary>
/// The version Oban records as the comment on <c>oban_jobs</c>. The direct runner reads it here and
/// the guarded script reads it in SQL, with one query between them, so the two cannot drift apart.
/// </summary>
internal static class ObanVersionComment
{
    public static async Task<int> ReadAsync(NpgsqlConnection connection, string prefix, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = new NpgsqlCommand(Query("$1"), connection);
        command.Parameters.AddWithValue(prefix);
        return Parse(await command.ExecuteScalarAsync(cancellationToken) as string, prefix);
    }

    /// <summary>None is 0 and <c>'∞'</c> is <see cref="ObanMigrator.ManagedElsewhere"/>; anything else not a number is refused.</summary>
    public static int Parse(string? comment, string prefix = ObanSchema.DefaultPrefix)
    {
        if (comment is null)
        {
            return 0;
        }

        if (comment == ObanMigrator.ManagedElsewhereComment)
        {
            return ObanMigrator.ManagedElsewhere;
        }

        if (comment.Length is > 0 and <= 9 && comment.All(char.IsAsciiDigit))
        {
            return int.Parse(comment, NumberStyles.None, CultureInfo.InvariantCulture);
        }

        throw new ObanMigrationException(
            $"The comment on {prefix}.oban_jobs is '{comment}', which is not an Oban version; set it to the version the schema is at (COMMENT ON TABLE) or remove it.");
    }

    public static string Record(ObanSchema schema, int version) =>
        $"COMMENT ON TABLE {schema.Quoted}.oban_jobs IS '{version}'";

    /// <summary>The raw comment as a scalar subquery, for the script's guard block.</summary>
    public static string CommentSql(ObanSchema schema) => $"({Query($"'{schema.Escaped}'")})";

    // The script's guard block has already refused any comment that is neither a number nor '∞'.
    public static string RecordedVersionSql(ObanSchema schema) =>
        $"coalesce((SELECT CASE d WHEN '{ObanMigrator.ManagedElsewhereComment}' THEN {ObanMigrator.ManagedElsewhere} ELSE d::int END FROM {CommentSql(schema)} AS v(d)), 0)";

    private static string Query(string schemaName) =>
        $"""
        SELECT pg_catalog.obj_description(c.oid, 'pg_class')
             FROM pg_catalog.pg_class c
             JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
             WHERE c.relname = 'oban_jobs' AND n.nspname = {schemaName}
        """;
}
